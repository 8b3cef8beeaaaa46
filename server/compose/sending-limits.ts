import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { storeRateLimiter } from '../auth/sign-in-throttle';
import { DomainError } from '../domain-error';
import type { Store } from '../store/database';
import { translatable } from '../../shared/translatable';

/** SPEC §6 (guide: "Does my server have outgoing email limitations?"): per domain, all its users together. */
const LIMITS = [
  { name: 'minute', points: 50, seconds: 60, text: translatable('50 messages per minute') },
  { name: 'hour', points: 500, seconds: 3600, text: translatable('500 messages per hour') },
] as const;

export interface SendingLimits {
  /** Counts one message for the sender's domain, or refuses with which limit and when sending opens again. */
  consume(senderAddress: string): Promise<void>;
}

/**
 * Counted in the shared store by rate-limiter-flexible (atomic increments in
 * SQL), so every BFF instance sees the same counts, as the sign-in throttle does.
 */
export async function createSendingLimits(store: Store, now: () => number = Date.now): Promise<SendingLimits> {
  const limiters = await Promise.all(LIMITS.map((limit) => storeRateLimiter(store, `send_limit_${limit.name}`, limit.points, limit.seconds)));
  return {
    async consume(senderAddress) {
      const domain = (senderAddress.split('@')[1] ?? senderAddress).toLowerCase();
      const consumed: RateLimiterAbstract[] = [];
      for (const [index, limiter] of limiters.entries()) {
        try {
          await limiter.consume(domain);
          consumed.push(limiter);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          // A refused message must not count against the other window.
          await Promise.all(consumed.map((done) => done.reward(domain)));
          throw refusal(LIMITS[index]!.text, domain, rejection.msBeforeNext, now());
        }
      }
    },
  };
}

function refusal(limitText: string, domain: string, msBeforeNext: number, now: number): DomainError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const opensAt = new Date(now + seconds * 1000);
  const time = opensAt.toISOString().slice(11, 19);
  return new DomainError(
    'send_limit',
    `Sending limit reached: ${limitText} for ${domain}. Sending opens again at ${time} UTC (in ${seconds} s).`,
    { limit: limitText, retryAfterSeconds: seconds, opensAt: opensAt.toISOString() },
  );
}
