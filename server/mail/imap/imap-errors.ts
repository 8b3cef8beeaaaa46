import { ERROR_TEXTS } from '../../../shared/errors';
import { DomainError } from '../../domain-error';

/** What imapflow and the socket layer attach to their errors. */
interface ImapLikeError extends Error {
  code?: string;
  authenticationFailed?: boolean;
  responseStatus?: string;
  responseText?: string;
  serverResponseCode?: string;
  mailboxMissing?: boolean;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'NoConnection',
  'EConnectionClosed',
  'StateLogout',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ETIMEOUT',
]);

export function isConnectionError(err: unknown): boolean {
  return err instanceof Error && CONNECTION_CODES.has((err as ImapLikeError).code ?? '');
}

export function isAuthenticationFailure(err: unknown): boolean {
  return err instanceof Error && (err as ImapLikeError).authenticationFailed === true;
}

/** Maps library errors to the catalogue at the adapter (STYLE.md); the server's own reason is kept for the user. */
export function toDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  const e = (err instanceof Error ? err : new Error(String(err))) as ImapLikeError;
  if (isAuthenticationFailure(e)) {
    // Kept as the cause: a session's request that meets it ends that session (session-middleware).
    const refused = new DomainError('bad_credentials', ERROR_TEXTS.badCredentials);
    refused.cause = e;
    return refused;
  }
  if (isConnectionError(e)) return new DomainError('mail_server_unavailable', ERROR_TEXTS.mailServerUnavailable);
  if (e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT') {
    return new DomainError('not_found', 'That folder does not exist (any more).');
  }
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') {
    return new DomainError('mail_server_refused', `The mail server refused: ${e.responseText ?? e.message}`);
  }
  return new DomainError('internal', 'Something went wrong on our side. Try again.');
}
