import { ERROR_TEXTS } from '../../shared/errors';
import type { SignInThrottle } from '../auth/sign-in-throttle';
import { isAuthenticationFailure } from '../mail/imap/imap-errors';
import { AppError } from './app-error';

/**
 * Runs one password check under the sign-in throttle (web sign-in, `/dav/`,
 * password change): an attempt over the limits is refused (429 with
 * Retry-After) before the mail server is asked; a wrong password (the check
 * threw an authentication failure) counts and becomes `wrongPassword()`.
 * Anything else (right password, mail server down) gives the attempt back.
 */
export async function throttledPasswordCheck<T>(
  throttle: SignInThrottle,
  attempt: { login: string; address: string },
  check: () => Promise<T>,
  wrongPassword: () => AppError,
): Promise<T> {
  const reservation = await throttle.reserve(attempt.login, attempt.address);
  if (!reservation.allowed) {
    throw new AppError(429, 'throttled', ERROR_TEXTS.throttled, { retryAfterSeconds: reservation.retryAfterSeconds }, {
      'Retry-After': String(reservation.retryAfterSeconds),
    });
  }
  let result: T;
  try {
    result = await check();
  } catch (err) {
    if (isAuthenticationFailure(err)) throw wrongPassword();
    await reservation.refund();
    throw err;
  }
  await reservation.refund();
  return result;
}
