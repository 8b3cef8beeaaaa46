import { Hono } from 'hono';
import { codeRequestSchema, type TotpEnabled, type TotpSetup, type TwoFactorStatus } from '../../shared/api/security';
import { ERROR_TEXTS } from '../../shared/errors';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import { clientAddress } from '../http/client-address';
import { requireSessionAt } from '../http/session-middleware';
import { throttledCodeCheck } from '../auth/throttle-guard';
import { parseInput, readJson } from '../http/validate';
import { finishSignIn } from './session';

const wrongCode = () => new DomainError('bad_request', ERROR_TEXTS.wrongCode);

/**
 * Two-step sign-in with an authenticator app (Settings → "Security"). When the
 * operator requires it (TERN_REQUIRE_2FA), a user without it reaches these
 * routes half signed in ('setup') and turning it on finishes the sign-in.
 * Every code counts against the sign-in throttle.
 */
export const twoFactorRoutes = new Hono<AppEnv>()
  .use(requireSessionAt('setup'))
  .get('/', async (c) => {
    const { twoFactor, config } = c.var.deps;
    const { account } = c.var.session;
    return c.json<TwoFactorStatus>({ enabled: await twoFactor.isOn(account), required: config.requireTwoFactor, recoveryCodesLeft: await twoFactor.recoveryCodesLeft(account) });
  })
  .post('/setup', async (c) => {
    const { twoFactor } = c.var.deps;
    const { account, email } = c.var.session;
    if (await twoFactor.isOn(account)) throw new DomainError('conflict', ERROR_TEXTS.twoFactorAlreadyOn);
    return c.json<TotpSetup>(await twoFactor.beginSetup(account, email));
  })
  .post('/enable', async (c) => {
    const { session, deps } = c.var;
    const { code } = parseInput(codeRequestSchema, await readJson(c));
    if (await deps.twoFactor.isOn(session.account)) throw new DomainError('conflict', ERROR_TEXTS.twoFactorAlreadyOn);
    let recoveryCodes: string[] | null = null;
    await throttledCodeCheck(deps.throttle, { login: session.email, address: clientAddress(c) }, async () => {
      recoveryCodes = await deps.twoFactor.finishSetup(session.account, code);
      return recoveryCodes !== null;
    }, wrongCode);
    const answer: TotpEnabled = { recoveryCodes: recoveryCodes ?? [] };
    if (session.stage === 'setup') answer.session = await finishSignIn(c, session);
    return c.json<TotpEnabled>(answer);
  })
  .post('/disable', async (c) => {
    const { session, deps } = c.var;
    if (session.stage !== 'signed-in') throw new DomainError('forbidden', ERROR_TEXTS.twoFactorRequired);
    if (deps.config.requireTwoFactor) throw new DomainError('forbidden', ERROR_TEXTS.twoFactorRequired);
    const { code } = parseInput(codeRequestSchema, await readJson(c));
    await throttledCodeCheck(deps.throttle, { login: session.email, address: clientAddress(c) }, () => deps.twoFactor.acceptCode(session.account, code), wrongCode);
    await deps.twoFactor.turnOff(session.account);
    return c.body(null, 204);
  });
