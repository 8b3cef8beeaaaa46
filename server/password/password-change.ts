import type { ChangePasswordRequest } from '../../shared/api/password';
import { ERROR_TEXTS } from '../../shared/errors';
import { throttledPasswordCheck } from '../auth/throttle-guard';
import type { Deps } from '../deps';
import { DomainError } from '../domain-error';
import { PasswordDriverError } from './password-driver';

/**
 * The mailbox's password change (SPEC §7): the current password is checked
 * under the sign-in throttle, the driver changes it on the mail server, every
 * other session of the mailbox ends, and pooled connections opened with the
 * old password are closed.
 */
export async function changePassword(
  { imap, throttle, sessions, live, passwordDriver }: Pick<Deps, 'imap' | 'throttle' | 'sessions' | 'live' | 'passwordDriver'>,
  request: { email: string; sessionToken: string; clientAddress: string },
  input: ChangePasswordRequest,
): Promise<void> {
  if (!passwordDriver.available) throw new DomainError('not_available', 'Password changes are not available on this server.');
  const { email } = request;
  // Guessing the current password here is guessing a sign-in: the same throttle counts it.
  await throttledPasswordCheck(throttle, { login: email, address: request.clientAddress }, () => imap.verify({ email, password: input.currentPassword }), () =>
    new DomainError('bad_request', ERROR_TEXTS.wrongCurrentPassword, { fields: { currentPassword: ERROR_TEXTS.wrongCurrentPassword } }));
  try {
    await passwordDriver.change(email, input.newPassword);
  } catch (err) {
    if (err instanceof PasswordDriverError) throw new DomainError('mail_server_refused', err.message);
    throw err;
  }
  // Every other session of the mailbox (any address, any instance) ends; this instance's tabs of them hear it at once.
  for (const ended of await sessions.changePassword(request.sessionToken, input.newPassword)) live.endSession(ended);
  // Pooled connections were opened with the old password; the next request opens new ones.
  await imap.closeUser(email);
}
