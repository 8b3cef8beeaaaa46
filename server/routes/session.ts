import { Hono, type Context } from 'hono';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { codeRequestSchema, passkeySignInRequestSchema } from '../../shared/api/security';
import { signInRequestSchema, type SessionInfo } from '../../shared/api/session';
import { ERROR_TEXTS } from '../../shared/errors';
import { sessionIdOf } from '../auth/session-crypto';
import type { ActiveSession, SessionStage } from '../auth/session-service';
import { purgeAtSignOut } from '../mail/imap/purge';
import { warmUpAfterSignIn } from '../mail/imap/warm-up';
import type { Credentials } from '../mail/imap/imap-connection';
import { noticeNewBrowser } from '../security/sign-in-notice';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import { clientAddress } from '../http/client-address';
import { throttledCodeCheck, throttledPasswordCheck } from '../auth/throttle-guard';
import { clearSessionCookie, requireSameOriginJson, requireSessionAt, sessionToken, setSessionCookie } from '../http/session-middleware';
import { parseInput, readJson } from '../http/validate';

/**
 * Sign in, who am I, sign out (SPEC §1). The IMAP server alone decides who may
 * sign in; with two-step sign-in (issue 18) the password opens a half
 * signed-in session that can only take the second step (or set it up, when
 * required), and the full session comes with a new cookie after it.
 */
export const sessionRoutes = new Hono<AppEnv>()
  .post('/', requireSameOriginJson, async (c) => {
    const { sessions, throttle, imap, accounts, twoFactor, config } = c.var.deps;
    const { email, password } = parseInput(signInRequestSchema, await readJson(c));

    await throttledPasswordCheck(throttle, { login: email, address: clientAddress(c) }, () => imap.verify({ email, password }), () =>
      new DomainError('bad_credentials', ERROR_TEXTS.badCredentials));

    const previous = sessionToken(c);
    if (previous) await sessions.destroy(sessionIdOf(previous));
    const account = await accounts.of({ email, password });
    const stage: SessionStage = (await twoFactor.hasSecondStep(account)) ? 'second-step' : config.requireTwoFactor ? 'setup' : 'signed-in';
    return c.json<SessionInfo>(await startSession(c, { email, password }, account, stage));
  })
  .get('/', requireSessionAt('second-step', 'setup'), async (c) => c.json<SessionInfo>(await sessionInfo(c, c.var.session)))
  .post('/second-step', requireSessionAt('second-step'), async (c) => {
    const { session, deps } = c.var;
    if (session.stage !== 'second-step') throw new DomainError('conflict', 'You are signed in already.');
    const { code } = parseInput(codeRequestSchema, await readJson(c));
    await throttledCodeCheck(deps.throttle, { login: session.email, address: clientAddress(c) }, () => deps.twoFactor.acceptCode(session.account, code), () =>
      new DomainError('bad_credentials', ERROR_TEXTS.wrongCode));
    return c.json<SessionInfo>(await finishSignIn(c, session));
  })
  .post('/passkey/options', requireSessionAt('second-step'), async (c) => {
    const { session, deps } = c.var;
    if (session.stage !== 'second-step') throw new DomainError('conflict', 'You are signed in already.');
    return c.json(await deps.passkeys.authenticationOptions(session.id, session.account));
  })
  .post('/passkey', requireSessionAt('second-step'), async (c) => {
    const { session, deps } = c.var;
    if (session.stage !== 'second-step') throw new DomainError('conflict', 'You are signed in already.');
    const { response } = parseInput(passkeySignInRequestSchema, await readJson(c));
    // A passkey guessed or forged counts like a wrong code: the same throttle.
    await throttledCodeCheck(deps.throttle, { login: session.email, address: clientAddress(c) }, () => deps.passkeys.authenticate(session.id, session.account, response as AuthenticationResponseJSON), () =>
      new DomainError('bad_credentials', ERROR_TEXTS.passkeyRefused));
    return c.json<SessionInfo>(await finishSignIn(c, session));
  })
  .delete('/', requireSessionAt('second-step', 'setup'), async (c) => {
    const { sessions, imap, live } = c.var.deps;
    // SPEC §1: old mail leaves Trash and Spam at sign-out; a purge that fails or is slow never blocks it.
    if (c.var.session.stage === 'signed-in') await purgeAtSignOut(imap, c.var.session);
    await sessions.destroy(c.var.session.id);
    // This tab's event stream ends now; the user's other tabs learn of it at their next heartbeat.
    live.endSession(c.var.session.id);
    await imap.closeUser(c.var.session.email);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

/** A half signed-in session becomes a signed-in one, under a new cookie (a new token at every sign-in). */
export async function finishSignIn(c: Context<AppEnv>, halfSignedIn: ActiveSession): Promise<SessionInfo> {
  await c.var.deps.sessions.destroy(halfSignedIn.id);
  return startSession(c, { email: halfSignedIn.email, password: halfSignedIn.password }, halfSignedIn.account, 'signed-in');
}

async function startSession(c: Context<AppEnv>, credentials: Credentials, account: string, stage: SessionStage): Promise<SessionInfo> {
  const { deps } = c.var;
  const device = { userAgent: c.req.header('user-agent') ?? null, address: clientAddress(c) };
  const { token, session } = await deps.sessions.create(credentials.email, credentials.password, account, device, stage);
  setSessionCookie(c, token);
  if (stage === 'signed-in') {
    // Optional work: after the answer, never delaying it.
    deps.spamFilterAtSignIn.start(credentials);
    void warmUpAfterSignIn(deps.imap, credentials);
    void noticeNewBrowser(deps, credentials, account, device, new Date()).catch((err: unknown) => console.error('the new-browser notice failed', err));
  }
  return sessionInfo(c, session);
}

async function sessionInfo(c: Context<AppEnv>, session: ActiveSession): Promise<SessionInfo> {
  const { email, csrfToken, stage, account } = session;
  if (stage === 'signed-in') return { email, csrfToken };
  if (stage === 'setup') return { email, csrfToken, pending: stage };
  const steps = await c.var.deps.twoFactor.secondSteps(account);
  return { email, csrfToken, pending: stage, secondSteps: (['code', 'passkey'] as const).filter((step) => steps[step]) };
}
