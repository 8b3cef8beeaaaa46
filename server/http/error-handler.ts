import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ErrorBody } from '../../shared/errors';
import { DomainError } from '../domain-error';
import { toDomainError } from '../mail/imap/imap-errors';
import { httpStatusOf } from './error-status';

/** Every error leaves as JSON in the one shape; nothing else reaches the client (never a stack). */
export function handleError(err: Error, c: Context): Response {
  const error = err instanceof DomainError ? err : fromHttpException(err) ?? toDomainError(err);
  const status = httpStatusOf(error.code);
  // A web site named in a message failing (remote_failed) is that site's trouble, not Tern's: no stack in the log.
  if (status >= 500 && error.code !== 'remote_failed') console.error(`[${c.req.method} ${c.req.path}]`, err);
  const body: ErrorBody = { code: error.code, message: error.message, ...(error.details && { details: error.details }) };
  const retryAfter = error.details?.retryAfterSeconds;
  if (status === 429 && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  // RFC 9110 §15.5.6: a 405 names the methods the address takes.
  const allow = error.details?.allow;
  if (status === 405 && Array.isArray(allow)) c.header('Allow', allow.join(', '));
  return c.json(body, status);
}

export function handleNotFound(c: Context): Response {
  const body: ErrorBody = { code: 'not_found', message: `No such address: ${c.req.method} ${c.req.path}` };
  return c.json(body, 404);
}

function fromHttpException(err: Error): DomainError | null {
  if (!(err instanceof HTTPException)) return null;
  if (err.status === 413) return new DomainError('too_large', 'The request is too large.');
  const code = err.status === 401 ? 'unauthenticated' : 'bad_request';
  return err.message ? new DomainError(code, err.message) : new DomainError(code, 'Bad request.');
}
