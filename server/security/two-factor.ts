import { createHash, randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { RECOVERY_CODE_COUNT, type TotpSetup } from '../../shared/api/security';
import { openStoredSecret, sealStoredSecret } from '../auth/session-crypto';
import type { Database } from '../store/schema';

const PURPOSE = 'tern totp secret v1';
/** RFC 6238's defaults, the ones every authenticator app reads. */
const PERIOD_SECONDS = 30;
/** A code of the step before or after is taken too: phone clocks drift, people type slowly. */
const WINDOW_STEPS = 1;
/** Letters and digits nobody confuses when reading them off paper (no 0/o, 1/l/i). */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Two-step sign-in with an authenticator app (TOTP, RFC 6238; otpauth) and
 * one-time recovery codes, per account (passkeys: server/security/passkeys.ts). The key is sealed in the store
 * (sealStoredSecret); a code is accepted once only: the last accepted time
 * step is kept, and only a later one passes (one atomic UPDATE, so two
 * instances cannot both take it).
 */
export class TwoFactor {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly serverSecret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** The authenticator app's key is on. */
  async isOn(account: string): Promise<boolean> {
    const row = await this.db.selectFrom('account_security').select('totp_sealed').where('account', '=', account).executeTakeFirst();
    return Boolean(row?.totp_sealed);
  }

  /**
   * What the account can give after its password: its app's code and/or a
   * passkey (server/security/passkeys.ts). Either one means two-step sign-in
   * is on (sign-in asks for it, TERN_REQUIRE_2FA is met, /dav/ wants app passwords).
   */
  async secondSteps(account: string): Promise<{ code: boolean; passkey: boolean }> {
    const passkey = await this.db.selectFrom('passkeys').select('id').where('account', '=', account).executeTakeFirst();
    return { code: await this.isOn(account), passkey: passkey !== undefined };
  }

  async hasSecondStep(account: string): Promise<boolean> {
    const steps = await this.secondSteps(account);
    return steps.code || steps.passkey;
  }

  async recoveryCodesLeft(account: string): Promise<number> {
    const row = await this.db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll().as('count')).where('account', '=', account).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** A new key, kept aside until a code from it confirms it (finishSetup); shown as text and as a QR code. */
  async beginSetup(account: string, label: string): Promise<TotpSetup> {
    const totp = totpOf(new OTPAuth.Secret({ size: 20 }), label);
    const sealed = sealStoredSecret(totp.secret.base32, this.serverSecret, PURPOSE, account);
    await this.db
      .insertInto('account_security')
      .values({ account, sign_in_notice: 1, totp_sealed: null, totp_pending_sealed: sealed, totp_last_step: null })
      .onConflict((conflict) => conflict.column('account').doUpdateSet({ totp_pending_sealed: sealed }))
      .execute();
    const uri = totp.toString();
    return { secret: totp.secret.base32, uri, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
  }

  /** The key being set up becomes the account's when `code` is right; returns the new recovery codes (shown once), or null. */
  async finishSetup(account: string, code: string): Promise<string[] | null> {
    const row = await this.db.selectFrom('account_security').select('totp_pending_sealed').where('account', '=', account).executeTakeFirst();
    if (!row?.totp_pending_sealed) return null;
    const step = this.stepOf(totpOf(OTPAuth.Secret.fromBase32(this.open(row.totp_pending_sealed, account)), account), code);
    if (step === null) return null;
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('account_security')
        .set({ totp_sealed: row.totp_pending_sealed, totp_pending_sealed: null, totp_last_step: step })
        .where('account', '=', account)
        .execute();
      return replaceRecoveryCodes(trx, account);
    });
  }

  /** Ten new recovery codes (shown once) in place of all the account's old ones, which stop working. */
  async newRecoveryCodes(account: string): Promise<string[]> {
    return this.db.transaction().execute((trx) => replaceRecoveryCodes(trx, account));
  }

  /** Once no second step is left, its recovery codes go with it. */
  async dropRecoveryCodesIfOff(account: string): Promise<void> {
    if (!(await this.hasSecondStep(account))) await this.db.deleteFrom('recovery_codes').where('account', '=', account).execute();
  }

  /** A code from the app (six digits), taken once, or a recovery code, used up. */
  async acceptCode(account: string, code: string): Promise<boolean> {
    const trimmed = code.replace(/\s+/g, '');
    if (/^\d{6}$/.test(trimmed)) return this.acceptTotp(account, trimmed);
    const result = await this.db.deleteFrom('recovery_codes').where('account', '=', account).where('code_hash', '=', recoveryHash(trimmed)).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** The app's key goes; the recovery codes stay while the account has passkeys. */
  async turnOff(account: string): Promise<void> {
    await this.db.updateTable('account_security').set({ totp_sealed: null, totp_pending_sealed: null, totp_last_step: null }).where('account', '=', account).execute();
    await this.dropRecoveryCodesIfOff(account);
  }

  private async acceptTotp(account: string, code: string): Promise<boolean> {
    const row = await this.db.selectFrom('account_security').select('totp_sealed').where('account', '=', account).executeTakeFirst();
    if (!row?.totp_sealed) return false;
    const step = this.stepOf(totpOf(OTPAuth.Secret.fromBase32(this.open(row.totp_sealed, account)), account), code);
    if (step === null) return false;
    const taken = await this.db
      .updateTable('account_security')
      .set({ totp_last_step: step })
      .where('account', '=', account)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1;
  }

  /** The time step the code belongs to, or null when it is no code of now (± the window). */
  private stepOf(totp: OTPAuth.TOTP, code: string): number | null {
    const now = this.now();
    const delta = totp.validate({ token: code, timestamp: now, window: WINDOW_STEPS });
    return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
  }

  private open(sealed: string, account: string): string {
    return openStoredSecret(sealed, this.serverSecret, PURPOSE, account);
  }
}

async function replaceRecoveryCodes(trx: Transaction<Database>, account: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await trx.deleteFrom('recovery_codes').where('account', '=', account).execute();
  await trx.insertInto('recovery_codes').values(codes.map((plain) => ({ account, code_hash: recoveryHash(plain) }))).execute();
  return codes;
}

function totpOf(secret: OTPAuth.Secret, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Tern', label, secret, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS });
}

/** Ten random characters (about 49 bits), written xxxxx-xxxxx. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** The way it was typed does not matter: case, spaces and the dash are ignored. */
function recoveryHash(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[^a-z0-9]/g, '')).digest('hex');
}
