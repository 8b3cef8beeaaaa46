import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { CSRF_HEADER } from '../../shared/api/session';
import { ERROR_TEXTS } from '../../shared/errors';
import { tokensEqual } from '../auth/session-crypto';
import type { AppEnv } from './app-env';
import { AppError } from './app-error';

export const SESSION_COOKIE = 'tern_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    // Strict: the SPA's own requests are same-site; no other site can make the browser send it.
    sameSite: 'Strict',
    secure: c.var.deps.config.secureTransport,
    path: '/',
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.var.deps.config.secureTransport });
}

export function sessionToken(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/**
 * Loads the session from the store and, for state-changing requests, checks
 * the CSRF token the SPA echoes in a header (SPEC §11).
 */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionToken(c);
  const session = token ? await c.var.deps.sessions.resolve(token) : null;
  if (!session) {
    if (token) clearSessionCookie(c);
    throw new AppError(401, 'unauthenticated', ERROR_TEXTS.sessionExpired);
  }
  if (!SAFE_METHODS.has(c.req.method)) {
    const sent = c.req.header(CSRF_HEADER);
    if (!sent || !tokensEqual(sent, session.csrfToken)) {
      throw new AppError(403, 'csrf', 'This request did not come from Tern. Reload the page and try again.');
    }
  }
  c.set('session', session);
  await next();
};

/**
 * Requests without a session (sign-in) must come from our own pages: a JSON
 * body cannot be sent cross-site without a preflight, and the Origin must be ours.
 */
export const requireSameOriginJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('origin');
    if (origin && origin !== c.var.deps.config.publicUrl.origin && origin !== new URL(c.req.url).origin) {
      throw new AppError(403, 'csrf', 'This request did not come from Tern.');
    }
    if (!c.req.header('content-type')?.startsWith('application/json')) {
      throw new AppError(415 as never, 'bad_request', 'Send JSON (Content-Type: application/json).');
    }
  }
  await next();
};
