import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { BACKGROUND_HEADER, CSRF_HEADER, SESSION_END_TEXTS, type SessionEndReason } from '../../shared/api/session';
import type { ErrorBody } from '../../shared/errors';
import { tokensEqual } from '../auth/session-crypto';
import type { SessionStage, SessionUse } from '../auth/session-service';
import { isAuthenticationFailure } from '../mail/imap/imap-errors';
import { storeUnavailable } from '../store/database';
import type { AppEnv } from './app-env';
import { DomainError } from '../domain-error';

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
 * the Origin and the CSRF token the SPA echoes in a header (SPEC §11). A
 * session whose stored password the mail server refuses (changed elsewhere)
 * ends there, with a reason its tabs show, instead of failing every request.
 */
function sessionMiddleware(use: SessionUse, stages: readonly SessionStage[] = SIGNED_IN): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = sessionToken(c);
    // A read the page made by itself (it says so) is not the user's: it only watches.
    const background = SAFE_METHODS.has(c.req.method) && c.req.header(BACKGROUND_HEADER) === '1';
    const found = token ? await c.var.deps.sessions.lookup(token, background ? 'watch' : use).catch((err: unknown) => Promise.reject(storeUnavailable(err))) : ENDED_WITHOUT_COOKIE;
    if (!found.active) {
      if (token) clearSessionCookie(c);
      throw sessionEnded(found.reason);
    }
    const { session } = found;
    // Half signed in (the second step still to come): nothing but what finishes the sign-in.
    if (!stages.includes(session.stage)) throw sessionEnded('ended');
    if (!SAFE_METHODS.has(c.req.method)) {
      refuseForeignOrigin(c);
      const sent = c.req.header(CSRF_HEADER);
      if (!sent || !tokensEqual(sent, session.csrfToken)) {
        throw new DomainError('csrf', 'This request did not come from Tern. Reload the page and try again.');
      }
    }
    c.set('session', session);
    c.set('sessionExpiresAt', found.expiresAt);
    await next();
    if (c.error && isPasswordRefused(c.error)) {
      await c.var.deps.sessions.end(session.id, 'password-changed');
      c.var.deps.live.endSession(session.id);
      const ended = sessionEnded('password-changed');
      c.res = c.json<ErrorBody>({ code: ended.code, message: ended.message, details: ended.details }, 401);
      clearSessionCookie(c);
    }
  };
}

const ENDED_WITHOUT_COOKIE = { active: false, reason: 'ended' } as const;

const SIGNED_IN: readonly SessionStage[] = ['signed-in'];

/** Every API route a user's request reaches: using it keeps the session alive. */
export const requireSession = sessionMiddleware('request');
/** Routes that finish a sign-in (or leave it): the session may be half signed in at these stages. */
export const requireSessionAt = (...stages: SessionStage[]) => sessionMiddleware('request', ['signed-in', ...stages]);
/** The event stream: it watches the session without keeping it alive. */
export const watchSession = sessionMiddleware('watch');

function sessionEnded(reason: SessionEndReason): DomainError {
  return new DomainError('unauthenticated', SESSION_END_TEXTS[reason], { reason });
}

/** The IMAP server refused the password this session holds, as thrown or as mapped by its adapter (toDomainError). */
function isPasswordRefused(err: Error): boolean {
  return isAuthenticationFailure(err) || isAuthenticationFailure(err.cause);
}

/**
 * Defence in depth beside SameSite=Strict and the CSRF token: a state change
 * whose browser says it came from another site is refused. Browsers send
 * Origin on every fetch() that is not GET or HEAD; `null` (a sandboxed frame,
 * a form under no-referrer) is never our SPA. No Origin at all is a non-browser
 * client, which the cookie or Basic credentials still have to convince.
 * Sec-Fetch-Site covers a same-site sibling (whose cookies SameSite would send).
 */
export function refuseForeignOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site');
  const foreignOrigin = origin !== undefined && origin !== c.var.deps.config.publicUrl.origin && origin !== new URL(c.req.url).origin;
  if (foreignOrigin || fetchSite === 'cross-site' || fetchSite === 'same-site') {
    throw new DomainError('csrf', 'This request did not come from Tern.');
  }
}

/**
 * Requests without a session (sign-in) must come from our own pages: a JSON
 * body cannot be sent cross-site without a preflight, and the Origin must be ours.
 */
export const requireSameOriginJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    refuseForeignOrigin(c);
    if (!c.req.header('content-type')?.startsWith('application/json')) {
      throw new DomainError('unsupported_type', 'Send JSON (Content-Type: application/json).');
    }
  }
  await next();
};
