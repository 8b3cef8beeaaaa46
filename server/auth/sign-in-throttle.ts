import { RateLimiterPostgres, RateLimiterSQLite, type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { Store } from '../store/database';

/**
 * Failed sign-ins are counted per account and per client address in the
 * shared store, so a second BFF instance sees the same counts (SPEC §1).
 * Both limits block for the rest of their window once reached.
 */
const WINDOW_SECONDS = 15 * 60;
/** A person mistyping gets several tries; a guesser gets very few per hour. */
const FAILURES_PER_ACCOUNT = 5;
/** Higher than per account: several people may share one address (an office NAT). */
const FAILURES_PER_ADDRESS = 20;

export type ThrottleVerdict = { allowed: true; accountHasFailures: boolean } | { allowed: false; retryAfterSeconds: number };

export interface SignInThrottle {
  check(account: string, address: string): Promise<ThrottleVerdict>;
  recordFailure(account: string, address: string): Promise<void>;
  recordSuccess(account: string): Promise<void>;
}

export async function createSignInThrottle(store: Store): Promise<SignInThrottle> {
  const [perAccount, perAddress] = await Promise.all([
    storeRateLimiter(store, 'signin_fail_account', FAILURES_PER_ACCOUNT),
    storeRateLimiter(store, 'signin_fail_address', FAILURES_PER_ADDRESS),
  ]);

  return {
    async check(account, address) {
      const [a, b] = await Promise.all([perAccount.get(account), perAddress.get(address)]);
      const blocked = [a && a.consumedPoints >= FAILURES_PER_ACCOUNT ? a : null, b && b.consumedPoints >= FAILURES_PER_ADDRESS ? b : null]
        .filter((res): res is RateLimiterRes => res !== null);
      if (blocked.length === 0) return { allowed: true, accountHasFailures: (a?.consumedPoints ?? 0) > 0 };
      return { allowed: false, retryAfterSeconds: Math.ceil(Math.max(...blocked.map((res) => res.msBeforeNext)) / 1000) };
    },
    async recordFailure(account, address) {
      await Promise.all([penalise(perAccount, account), penalise(perAddress, address)]);
    },
    async recordSuccess(account) {
      await perAccount.delete(account);
    },
  };
}

async function penalise(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    // consume() rejects with a RateLimiterRes once the limit is passed: that is the expected outcome here.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  }
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
