import type { Context } from 'hono';
import { ERROR_TEXTS } from '../../shared/errors';
import { throttledPasswordCheck } from '../auth/throttle-guard';
import { DomainError } from '../domain-error';
import type { AppEnv } from './app-env';
import { clientAddress } from './client-address';

/**
 * What opens or weakens access to the account (an app password, removing a
 * passkey, new recovery codes) asks for the current password again: a
 * session left open on a shared computer, or a stolen cookie, is not enough.
 * Each try counts against the sign-in throttle.
 */
export async function confirmCurrentPassword(c: Context<AppEnv>, password: string): Promise<void> {
  const { deps, session } = c.var;
  await throttledPasswordCheck(deps.throttle, { login: session.email, address: clientAddress(c) }, () => deps.imap.verify({ email: session.email, password }), () =>
    new DomainError('bad_request', ERROR_TEXTS.wrongCurrentPassword, { fields: { password: ERROR_TEXTS.wrongCurrentPassword } }));
}
