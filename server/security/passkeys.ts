import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Kysely } from 'kysely';
import type { Passkey } from '../../shared/api/security';
import type { Database, PasskeyChallengesTable } from '../store/schema';

/** A challenge answers one ceremony that a person finishes in a minute or two; after this it is refused. */
export const PASSKEY_CHALLENGE_MS = 5 * 60_000;

type Purpose = PasskeyChallengesTable['purpose'];

/**
 * Passkeys (WebAuthn, @simplewebauthn/server) as a second step after the
 * password (issue 18). The relying party is the configured public URL
 * (TERN_PUBLIC_URL), never the request's Host: a phishing proxy could name
 * its own host there and have its users' assertions accepted. Every challenge
 * belongs to one session and one purpose, lives 5 minutes and is taken once
 * (a DELETE that must remove its row, so two instances cannot both use it).
 */
export class Passkeys {
  private readonly rpID: string;
  private readonly origin: string;

  constructor(
    private readonly db: Kysely<Database>,
    publicUrl: URL,
    private readonly now: () => number = Date.now,
  ) {
    this.rpID = publicUrl.hostname;
    this.origin = publicUrl.origin;
  }

  async list(account: string): Promise<Passkey[]> {
    const rows = await this.db.selectFrom('passkeys').select(['id', 'name', 'created_at', 'last_used_at']).where('account', '=', account).orderBy('created_at').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, createdAt: Number(row.created_at), lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at) }));
  }

  async count(account: string): Promise<number> {
    const row = await this.db.selectFrom('passkeys').select((eb) => eb.fn.countAll().as('count')).where('account', '=', account).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** What the browser's navigator.credentials.create() is given; the account's own passkeys are excluded (one per authenticator). */
  async registrationOptions(sessionId: string, account: string, email: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const options = await generateRegistrationOptions({
      rpName: 'Tern',
      rpID: this.rpID,
      userName: email,
      userID: isoBase64URL.toBuffer(await this.userHandleOf(account)),
      attestationType: 'none',
      excludeCredentials: await this.credentialsOf(account),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      timeout: PASSKEY_CHALLENGE_MS,
    });
    await this.keepChallenge(sessionId, 'register', options.challenge);
    return options;
  }

  /** Checks the browser's answer to this session's registration challenge and keeps the passkey; null when it does not check out. */
  async register(sessionId: string, account: string, name: string, response: RegistrationResponseJSON): Promise<Passkey | null> {
    const challenge = await this.takeChallenge(sessionId, 'register');
    if (!challenge) return null;
    let credential;
    try {
      const verified = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: this.origin, expectedRPID: this.rpID, requireUserVerification: false });
      if (!verified.verified) return null;
      credential = verified.registrationInfo.credential;
    } catch {
      // A malformed or forged answer: the library says what is wrong, the user needs only to know it did not check out.
      return null;
    }
    const taken = await this.db.selectFrom('passkeys').select('id').where('id', '=', credential.id).executeTakeFirst();
    if (taken) return null;
    const createdAt = this.now();
    await this.db
      .insertInto('passkeys')
      .values({
        id: credential.id,
        account,
        name,
        public_key: isoBase64URL.fromBuffer(credential.publicKey),
        counter: credential.counter,
        transports: (credential.transports ?? []).join(','),
        created_at: createdAt,
        last_used_at: null,
      })
      .execute();
    return { id: credential.id, name, createdAt, lastUsedAt: null };
  }

  /** What navigator.credentials.get() is given at sign-in: the account's passkeys only. */
  async authenticationOptions(sessionId: string, account: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await generateAuthenticationOptions({
      rpID: this.rpID,
      allowCredentials: await this.credentialsOf(account),
      userVerification: 'preferred',
      timeout: PASSKEY_CHALLENGE_MS,
    });
    await this.keepChallenge(sessionId, 'sign-in', options.challenge);
    return options;
  }

  /** Whether the assertion answers this session's sign-in challenge with one of the account's passkeys; its counter and last use are written. */
  async authenticate(sessionId: string, account: string, response: AuthenticationResponseJSON): Promise<boolean> {
    const challenge = await this.takeChallenge(sessionId, 'sign-in');
    if (!challenge) return false;
    const row = await this.db.selectFrom('passkeys').selectAll().where('id', '=', response.id).where('account', '=', account).executeTakeFirst();
    if (!row) return false;
    let newCounter: number;
    try {
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        credential: { id: row.id, publicKey: isoBase64URL.toBuffer(row.public_key), counter: Number(row.counter), transports: transportsOf(row.transports) },
        requireUserVerification: false,
      });
      if (!verified.verified) return false;
      newCounter = verified.authenticationInfo.newCounter;
    } catch {
      return false;
    }
    // Only from the counter just checked: of two copies of one assertion racing, one passes.
    const updated = await this.db
      .updateTable('passkeys')
      .set({ counter: newCounter, last_used_at: this.now() })
      .where('id', '=', row.id)
      .where('counter', '=', row.counter)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async rename(account: string, id: string, name: string): Promise<boolean> {
    const result = await this.db.updateTable('passkeys').set({ name }).where('id', '=', id).where('account', '=', account).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async remove(account: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('passkeys').where('id', '=', id).where('account', '=', account).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  private async credentialsOf(account: string): Promise<{ id: string; transports: AuthenticatorTransport[] }[]> {
    const rows = await this.db.selectFrom('passkeys').select(['id', 'transports']).where('account', '=', account).orderBy('created_at').execute();
    return rows.map((row) => ({ id: row.id, transports: transportsOf(row.transports) }));
  }

  /** The account's user handle, made on first use (random: it must not name the user, and one per account). */
  private async userHandleOf(account: string): Promise<string> {
    await this.db
      .insertInto('webauthn_users')
      .values({ account, user_handle: isoBase64URL.fromBuffer(randomBytes(32)) })
      .onConflict((conflict) => conflict.column('account').doNothing())
      .execute();
    const row = await this.db.selectFrom('webauthn_users').select('user_handle').where('account', '=', account).executeTakeFirstOrThrow();
    return row.user_handle;
  }

  private async keepChallenge(sessionId: string, purpose: Purpose, challenge: string): Promise<void> {
    const now = this.now();
    await this.db.deleteFrom('passkey_challenges').where('expires_at', '<', now).execute();
    await this.db
      .insertInto('passkey_challenges')
      .values({ session_id: sessionId, purpose, challenge, expires_at: now + PASSKEY_CHALLENGE_MS })
      .onConflict((conflict) => conflict.columns(['session_id', 'purpose']).doUpdateSet({ challenge, expires_at: now + PASSKEY_CHALLENGE_MS }))
      .execute();
  }

  /** This session's challenge for the purpose, removed as it is read; null when there is none or it expired. */
  private async takeChallenge(sessionId: string, purpose: Purpose): Promise<string | null> {
    const row = await this.db.selectFrom('passkey_challenges').selectAll().where('session_id', '=', sessionId).where('purpose', '=', purpose).executeTakeFirst();
    if (!row) return null;
    const taken = await this.db
      .deleteFrom('passkey_challenges')
      .where('session_id', '=', sessionId)
      .where('purpose', '=', purpose)
      .where('challenge', '=', row.challenge)
      .executeTakeFirst();
    if (Number(taken.numDeletedRows) !== 1 || Number(row.expires_at) <= this.now()) return null;
    return row.challenge;
  }
}

function transportsOf(stored: string): AuthenticatorTransport[] {
  // Written from the browser's own list at registration; only ever handed back to a browser as a hint.
  return stored ? (stored.split(',') as AuthenticatorTransport[]) : [];
}
