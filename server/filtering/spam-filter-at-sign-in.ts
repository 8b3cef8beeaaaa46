import { LRUCache } from 'lru-cache';
import type { Deps } from '../deps';
import type { Credentials } from '../mail/imap/imap-connection';
import { scriptFoldersOf } from './filters-on-mailbox';

/** After a failed install the next sign-ins leave it alone this long, doubling per failure up to a day. */
const FIRST_BACKOFF_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 24 * 60 * 60_000;
/** Accounts whose failures are remembered (per instance); past this the oldest start afresh. */
const REMEMBERED_FAILURES = 10_000;

type Parts = Pick<Deps, 'store' | 'imap' | 'accounts' | 'sieveSettings'>;

/**
 * "Global Site Settings" (SPEC §7) hold from a user's first sign-in, not only
 * once they save in Settings: a mailbox without Tern's script gets one with
 * the operator's defaults. Once per mailbox (remembered in the shared store),
 * whichever of its addresses signs in. It is optional work, so it runs after
 * the sign-in has answered; a save in Settings waits for it (the settings
 * service writes one user's script one change at a time) so the two cannot
 * race on this instance. A filter service that is down or refuses
 * is tried again at a later sign-in, with backoff, not at every one.
 */
export class SpamFilterAtSignIn {
  /** Installs under way, by login: what a settings save waits for. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly failures = new LRUCache<string, { count: number; retryAt: number }>({ max: REMEMBERED_FAILURES });

  constructor(
    private readonly parts: Parts,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts the install in the background (never rejects; a failure is logged). */
  start(user: Credentials): void {
    if (this.running.has(user.email)) return;
    const install = this.ensure(user)
      .catch((err: unknown) => console.error(`the default spam filter for ${user.email} could not be installed at sign-in`, err))
      .finally(() => this.running.delete(user.email));
    this.running.set(user.email, install);
  }

  /** Resolves once no install started by this login's sign-in is running. */
  async settled(email: string): Promise<void> {
    await this.running.get(email);
  }

  private async ensure(user: Credentials): Promise<void> {
    const { store, imap, accounts, sieveSettings } = this.parts;
    const email = await accounts.of(user);
    const failed = this.failures.get(email);
    if (failed && failed.retryAt > this.now()) return;
    const done = await store.db.selectFrom('spam_filter_installed').select('email').where('email', '=', email).executeTakeFirst();
    if (done) return;
    try {
      await sieveSettings.ensureInForce(user, () => scriptFoldersOf(imap, user));
    } catch (err) {
      const count = (failed?.count ?? 0) + 1;
      const wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (count - 1));
      this.failures.set(email, { count, retryAt: this.now() + wait });
      throw err;
    }
    this.failures.delete(email);
    await store.db
      .insertInto('spam_filter_installed')
      .values({ email, installed_at: this.now() })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .execute();
  }
}
