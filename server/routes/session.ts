import { Hono } from 'hono';
import { signInRequestSchema, type SessionInfo } from '../../shared/api/session';
import { ERROR_TEXTS } from '../../shared/errors';
import { sessionIdOf } from '../auth/session-crypto';
import { purgeAtSignOut } from '../mail/imap/purge';
import { noticeNewBrowser } from '../security/sign-in-notice';
import type { AppEnv } from '../http/app-env';
import { AppError } from '../http/app-error';
import { clientAddress } from '../http/client-address';
import { throttledPasswordCheck } from '../http/throttle-guard';
import { clearSessionCookie, requireSameOriginJson, requireSession, sessionToken, setSessionCookie } from '../http/session-middleware';
import { parseInput, readJson } from '../http/validate';

/** Sign in, who am I, sign out (SPEC §1). The IMAP server alone decides who may sign in. */
export const sessionRoutes = new Hono<AppEnv>()
  .post('/', requireSameOriginJson, async (c) => {
    const { sessions, throttle, imap, accounts } = c.var.deps;
    const { email, password } = parseInput(signInRequestSchema, await readJson(c));

    await throttledPasswordCheck(throttle, { login: email, address: clientAddress(c) }, () => imap.verify({ email, password }), () =>
      new AppError(401, 'bad_credentials', ERROR_TEXTS.badCredentials));

    const previous = sessionToken(c);
    if (previous) await sessions.destroy(sessionIdOf(previous));
    const account = await accounts.of({ email, password });
    const device = { userAgent: c.req.header('user-agent') ?? null, address: clientAddress(c) };
    const { token, session } = await sessions.create(email, password, account, device);
    setSessionCookie(c, token);
    // Optional work: after the answer, never delaying it.
    c.var.deps.spamFilterAtSignIn.start({ email, password });
    void noticeNewBrowser(c.var.deps, { email, password }, account, device, new Date()).catch((err: unknown) => console.error('the new-browser notice failed', err));
    return c.json<SessionInfo>({ email: session.email, csrfToken: session.csrfToken });
  })
  .get('/', requireSession, (c) => {
    const { email, csrfToken } = c.var.session;
    return c.json<SessionInfo>({ email, csrfToken });
  })
  .delete('/', requireSession, async (c) => {
    const { sessions, imap, live } = c.var.deps;
    // SPEC §1: old mail leaves Trash and Spam at sign-out; a purge that fails or is slow never blocks it.
    await purgeAtSignOut(imap, c.var.session);
    await sessions.destroy(c.var.session.id);
    // This tab's event stream ends now; the user's other tabs learn of it at their next heartbeat.
    live.endSession(c.var.session.id);
    await imap.closeUser(c.var.session.email);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
