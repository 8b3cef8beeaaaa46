import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ErrorBody } from '../../shared/errors';
import { toAppError } from '../mail/imap/imap-errors';
import { AppError } from './app-error';

/** Every error leaves as JSON in the one shape; nothing else reaches the client (never a stack). */
export function handleError(err: Error, c: Context): Response {
  const appError = err instanceof AppError ? err : fromHttpException(err) ?? toAppError(err);
  // A web site named in a message failing (remote_failed) is that site's trouble, not Tern's: no stack in the log.
  if (appError.status >= 500 && appError.code !== 'remote_failed') console.error(`[${c.req.method} ${c.req.path}]`, err);
  const body: ErrorBody = { code: appError.code, message: appError.message, ...(appError.details && { details: appError.details }) };
  for (const [name, value] of Object.entries(appError.headers ?? {})) c.header(name, value);
  return c.json(body, appError.status);
}

export function handleNotFound(c: Context): Response {
  const body: ErrorBody = { code: 'not_found', message: `No such address: ${c.req.method} ${c.req.path}` };
  return c.json(body, 404);
}

function fromHttpException(err: Error): AppError | null {
  if (!(err instanceof HTTPException)) return null;
  if (err.status === 413) return new AppError(413, 'too_large', 'The request is too large.');
  return new AppError(err.status === 401 ? 401 : 400, err.status === 401 ? 'unauthenticated' : 'bad_request', err.message || 'Bad request.');
}
