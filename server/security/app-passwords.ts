import { randomBytes, randomInt, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppPassword, CreatedAppPassword } from '../../shared/api/security';
import { normalisedLogin } from '../identity/mailbox-accounts';
import type { Database } from '../store/schema';

/** node:crypto's scrypt at its OpenSSL-recommended cost: about 50 ms and 16 MB per check, once a minute per phone (DavPasswordCache). */
const SCRYPT: ScryptOptions = { N: 16_384, r: 8, p: 1 };
const KEY_BYTES = 32;
/** Four groups of four lower-case letters (75 bits): easy to type on a phone, hopeless to guess behind the throttle. */
const APP_PASSWORD_SHAPE = /^[a-z]{4}(-[a-z]{4}){3}$/;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * App passwords (issue 18): named passwords a CardDAV/CalDAV client signs in
 * to /dav/ with, made under the user's address; stored only as scrypt hashes
 * (slow, salted: a leaked table does not give them back), revocable, their
 * last use kept.
 */
export class AppPasswords {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async list(account: string): Promise<AppPassword[]> {
    const rows = await this.db.selectFrom('app_passwords').select(['id', 'name', 'created_at', 'last_used_at']).where('account', '=', account).orderBy('created_at').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, createdAt: Number(row.created_at), lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at) }));
  }

  async count(account: string): Promise<number> {
    const row = await this.db.selectFrom('app_passwords').select((eb) => eb.fn.countAll().as('count')).where('account', '=', account).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async create(account: string, login: string, name: string): Promise<CreatedAppPassword> {
    const password = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => LETTERS[randomInt(LETTERS.length)]).join('')).join('-');
    const id = randomUUID();
    const createdAt = this.now();
    const normalised = normalisedLogin(login);
    await this.db
      .insertInto('app_passwords')
      .values({ id, account, login: normalised, name, password_hash: await hashOf(password), created_at: createdAt, last_used_at: null })
      .execute();
    return { id, name, createdAt, lastUsedAt: null, password, login: normalised };
  }

  async revoke(account: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('app_passwords').where('id', '=', id).where('account', '=', account).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Still there (not revoked since it was verified, on any instance)? */
  async exists(id: string): Promise<boolean> {
    return (await this.db.selectFrom('app_passwords').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  /**
   * The app password of this login (the address it was made under, or the
   * account's own) that `password` is, or null; its last use is written.
   * Only passwords of the app-password shape are tried: a mail password costs no scrypt.
   */
  async verify(login: string, password: string): Promise<{ id: string; account: string } | null> {
    if (!APP_PASSWORD_SHAPE.test(password)) return null;
    const normalised = normalisedLogin(login);
    const rows = await this.db
      .selectFrom('app_passwords')
      .select(['id', 'account', 'password_hash'])
      .where((eb) => eb.or([eb('login', '=', normalised), eb('account', '=', normalised)]))
      .execute();
    for (const row of rows) {
      if (await matches(password, row.password_hash)) {
        await this.db.updateTable('app_passwords').set({ last_used_at: this.now() }).where('id', '=', row.id).execute();
        return { id: row.id, account: row.account };
      }
    }
    return null;
  }
}

async function hashOf(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

async function matches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}
