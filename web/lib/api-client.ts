import type { z } from 'zod';
import type { ErrorCode } from '../../shared/errors';
import { BACKGROUND_HEADER, CSRF_HEADER, sessionEndReason, type SessionEndReason } from '../../shared/api/session-texts';
import { t } from './i18n/app';
import { translateServerDetails, translateServerText } from './i18n/server-texts';
import { isBackground } from './user-activity';

/**
 * Codes the client can see: the BFF's catalogue plus two that only the browser
 * can detect (the BFF never answered, or answered something we cannot read).
 */
export type ApiErrorCode = ErrorCode | 'network' | 'invalid_response';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** A 401 answering a request of a session the user has left since: not the end of the current one. */
  ofEndedSession = false;

  constructor(status: number, code: ApiErrorCode, message: string, details?: Record<string, unknown>) {
    super(translateServerText(message));
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = translateServerDetails(details);
  }
}

/**
 * A 401 from anything but the sign-in form itself means the session is gone:
 * the app drops its caches and shows the sign-in page, with the reason the
 * server gave (`details.reason`) or else the plain "ended".
 */
export function sessionEndReasonOf(error: unknown): SessionEndReason | null {
  if (!(error instanceof ApiError) || error.status !== 401 || error.code === 'bad_credentials' || error.ofEndedSession) return null;
  return sessionEndReason(error.details?.reason);
}

export function isSessionEnded(error: unknown): boolean {
  return sessionEndReasonOf(error) !== null;
}

// The token is per session and only ever sent in a header, so a module-level
// holder is enough; the session feature sets it whenever it learns a new one.
let csrfToken: string | null = null;

/** Counts sign-ins and sign-outs: a request sent before the last one belongs to a session that is over. */
let sessionEpoch = 0;

export function setCsrfToken(token: string | null): void {
  if (token !== csrfToken) sessionEpoch++;
  csrfToken = token;
}

export type LazySchema<T> = () => Promise<z.ZodType<T>>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions<T> {
  method?: Method;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Validates a JSON answer; without it the answer is ignored (204 and the like).
   * Or a function loading it, called as the request starts: the sign-in page's
   * requests name their schemas so, and zod stays out of its first load (issue 14).
   */
  schema?: z.ZodType<T> | LazySchema<T>;
  signal?: AbortSignal;
  /** The version the change is based on: the server refuses (409) if what it holds is another one. */
  ifMatch?: string;
}

/** `/api/x` plus a query string; undefined values are left out. */
export function apiPath(path: string, query?: Record<string, string | number | boolean | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The one way the SPA talks to the BFF. */
export async function request<T = void>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const epoch = sessionEpoch;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  if (method === 'GET' && isBackground()) headers[BACKGROUND_HEADER] = '1';
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;

  // zod's schemas are objects, never functions.
  const schema = typeof options.schema === 'function' ? options.schema() : options.schema;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', t('Tern cannot reach its server. Check your connection and try again.'));
  }

  if (!response.ok) {
    const error = await toApiError(response);
    // The session it was sent in was left meanwhile (signed out, signed in again): its 401 says nothing of the current one.
    if (error.status === 401 && epoch !== sessionEpoch) error.ofEndedSession = true;
    throw error;
  }
  if (!schema || response.status === 204) return undefined as T;

  const [body, validator] = await Promise.all([response.json().catch(() => undefined), schema]);
  const parsed = validator.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(response.status, 'invalid_response', t('The server sent an answer Tern does not understand.'));
  }
  return parsed.data;
}

const FALLBACK_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'too_large',
  429: 'throttled',
};

async function toApiError(response: Response): Promise<ApiError> {
  const [body, { errorBodySchema }] = await Promise.all([response.json().catch((): unknown => undefined), import('../../shared/error-body')]);
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    return new ApiError(response.status, parsed.data.code, parsed.data.message, parsed.data.details);
  }
  // Not our error shape: a proxy or a crashed process answered.
  const code = FALLBACK_CODES[response.status] ?? 'internal';
  return new ApiError(response.status, code, t('The server answered {{status}}. Try again in a moment.', { status: response.status }));
}
