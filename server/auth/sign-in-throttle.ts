import { RateLimiterPostgres, RateLimiterSQLite, type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { normalisedLogin } from '../identity/mailbox-accounts';
import { storeUnavailable, type Store } from '../store/database';

/**
 * Password checks are counted per account and per client address in the
 * shared store, so a second BFF instance sees the same counts (SPEC §1).
 * Both limits block for the rest of their window once reached.
 */
const WINDOW_SECONDS = 15 * 60;
/** A person mistyping gets several tries; a guesser gets very few per hour. */
const FAILURES_PER_ACCOUNT = 5;
/** Higher than per account: several people may share one address (an office NAT). */
const FAILURES_PER_ADDRESS = 20;

export type Reservation = { allowed: true; refund(): Promise<void> } | { allowed: false; retryAfterSeconds: number };

export interface SignInThrottle {
  /**
   * Takes one attempt from the account's and the address's allowance *before*
   * the password is checked, in one atomic step per counter: parallel guesses
   * cannot all pass a check that none of them has counted yet. The caller
   * refunds it when the password was right (or the check never happened); a
   * wrong password keeps it, and that is the failure counted.
   */
  reserve(login: string, address: string): Promise<Reservation>;
}

export async function createSignInThrottle(store: Store): Promise<SignInThrottle> {
  const [perAccount, perAddress] = await Promise.all([
    storeRateLimiter(store, 'signin_fail_account', FAILURES_PER_ACCOUNT),
    storeRateLimiter(store, 'signin_fail_address', FAILURES_PER_ADDRESS),
  ]);

  return {
    async reserve(login, address) {
      // `Joy@`, `JOY@` and `joy@` are one account, whichever door (web, /dav/, password change) they knock on.
      const account = normalisedLogin(login);
      const outcomes = await Promise.allSettled([perAccount.consume(account), perAddress.consume(address)]);
      const refusals: RateLimiterRes[] = [];
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') continue;
        // consume() rejects with a RateLimiterRes past the limit; anything else is the store failing.
        if (!(outcome.reason instanceof RateLimiterRes)) throw storeUnavailable(outcome.reason);
        refusals.push(outcome.reason);
      }
      const refund = async () => {
        await Promise.all([perAccount.reward(account), perAddress.reward(address)]);
      };
      if (refusals.length === 0) return { allowed: true, refund };
      // Nothing was checked: give back both points (a refused counter stays at its limit).
      await refund();
      return { allowed: false, retryAfterSeconds: Math.ceil(Math.max(...refusals.map((res) => res.msBeforeNext)) / 1000) };
    },
  };
}

/** A rate-limiter-flexible counter in the shared store's own table (also compose's sending limits). */
export function storeRateLimiter(store: Store, tableName: string, points: number, durationSeconds = WINDOW_SECONDS): Promise<RateLimiterAbstract> {
  const options = { tableName, points, duration: durationSeconds, keyPrefix: tableName };
  return new Promise((resolve, reject) => {
    const ready = (err?: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(created));
    const created: RateLimiterAbstract =
      store.kind === 'postgres'
        ? new RateLimiterPostgres({ ...options, storeClient: store.client }, ready)
        : new RateLimiterSQLite({ ...options, storeClient: store.client, storeType: 'better-sqlite3' }, ready);
  });
}
