import { ERROR_TEXTS } from '../../shared/errors';
import type { Reservation, SignInThrottle } from './sign-in-throttle';
import { isAuthenticationFailure } from '../mail/imap/imap-errors';
import { DomainError } from '../domain-error';

type Attempt = { login: string; address: string };

/**
 * Runs one password check under the sign-in throttle (web sign-in, `/dav/`,
 * password change): an attempt over the limits is refused (429 with
 * Retry-After) before the mail server is asked; a wrong password (the check
 * threw an authentication failure) counts and becomes `wrongPassword()`.
 * Anything else (right password, mail server down) gives the attempt back.
 */
export async function throttledPasswordCheck<T>(throttle: SignInThrottle, attempt: Attempt, check: () => Promise<T>, wrongPassword: () => DomainError): Promise<T> {
  const reservation = await reserve(throttle, attempt);
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

/**
 * The same allowance for second-step codes, recovery codes and app passwords
 * (issue 18): they count against the account's and the address's failures
 * like a wrong password, so guessing a code is no easier than guessing the
 * password. `check` says whether the code was right.
 */
export async function throttledCodeCheck(throttle: SignInThrottle, attempt: Attempt, check: () => Promise<boolean>, wrongCode: () => DomainError): Promise<void> {
  const reservation = await reserve(throttle, attempt);
  let right: boolean;
  try {
    right = await check();
  } catch (err) {
    await reservation.refund();
    throw err;
  }
  if (!right) throw wrongCode();
  await reservation.refund();
}

async function reserve(throttle: SignInThrottle, attempt: Attempt): Promise<Extract<Reservation, { allowed: true }>> {
  const reservation = await throttle.reserve(attempt.login, attempt.address);
  if (!reservation.allowed) {
    throw new DomainError('throttled', ERROR_TEXTS.throttled, { retryAfterSeconds: reservation.retryAfterSeconds });
  }
  return reservation;
}
