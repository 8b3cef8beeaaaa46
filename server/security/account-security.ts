import type { Kysely } from 'kysely';
import type { SecuritySettings } from '../../shared/api/security';
import type { Database } from '../store/schema';

/** A browser not used for this long is new again: the notice speaks of recent habits, not all history. */
const KNOWN_BROWSER_DAYS = 90;
const DAY_MS = 86_400_000;

const DEFAULTS: SecuritySettings = { signInNotice: true };

/** Per account: the security choices and the browsers it signs in with. */
export class AccountSecurity {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async settings(account: string): Promise<SecuritySettings> {
    const row = await this.db.selectFrom('account_security').select('sign_in_notice').where('account', '=', account).executeTakeFirst();
    return row ? { signInNotice: Number(row.sign_in_notice) === 1 } : DEFAULTS;
  }

  async updateSettings(account: string, settings: SecuritySettings): Promise<void> {
    const signInNotice = settings.signInNotice ? 1 : 0;
    await this.db
      .insertInto('account_security')
      .values({ account, sign_in_notice: signInNotice })
      .onConflict((conflict) => conflict.column('account').doUpdateSet({ sign_in_notice: signInNotice }))
      .execute();
  }

  /**
   * Records a sign-in's browser and says whether it is new: the account has
   * signed in before (with a browser seen in the last 90 days) but never with
   * this one. A first sign-in ever is no news: there is nothing to compare with.
   */
  async isNewBrowser(account: string, fingerprint: string): Promise<boolean> {
    const now = this.now();
    await this.db.deleteFrom('known_browsers').where('account', '=', account).where('seen_at', '<', now - KNOWN_BROWSER_DAYS * DAY_MS).execute();
    const known = await this.db.selectFrom('known_browsers').select('fingerprint').where('account', '=', account).execute();
    await this.db
      .insertInto('known_browsers')
      .values({ account, fingerprint, seen_at: now })
      .onConflict((conflict) => conflict.columns(['account', 'fingerprint']).doUpdateSet({ seen_at: now }))
      .execute();
    return known.length > 0 && !known.some((row) => row.fingerprint === fingerprint);
  }
}
