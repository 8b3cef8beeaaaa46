import { ERROR_TEXTS } from '../../shared/errors';
import type { SignInThrottle, ThrottleVerdict } from '../auth/sign-in-throttle';
import { AppError } from './app-error';

/** Refuses a password check the sign-in throttle does not allow (429 with Retry-After); otherwise hands the verdict on. */
export async function requireAllowedAttempt(throttle: SignInThrottle, email: string, address: string): Promise<Extract<ThrottleVerdict, { allowed: true }>> {
  const verdict = await throttle.check(email, address);
  if (!verdict.allowed) {
    throw new AppError(429, 'throttled', ERROR_TEXTS.throttled, { retryAfterSeconds: verdict.retryAfterSeconds }, {
      'Retry-After': String(verdict.retryAfterSeconds),
    });
  }
  return verdict;
}
