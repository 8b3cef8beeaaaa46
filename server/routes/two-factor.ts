import { Hono } from 'hono';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  codeRequestSchema,
  MAX_PASSKEYS,
  newPasskeyRequestSchema,
  regenerateRecoveryCodesRequestSchema,
  removePasskeyRequestSchema,
  renamePasskeyRequestSchema,
  type PasskeyAdded,
  type Passkeys,
  type RecoveryCodesAnswer,
  type TotpEnabled,
  type TotpSetup,
  type TwoFactorStatus,
} from '../../shared/api/security';
import { ERROR_TEXTS } from '../../shared/errors';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import { clientAddress } from '../http/client-address';
import { requireSessionAt } from '../http/session-middleware';
import { throttledCodeCheck } from '../auth/throttle-guard';
import { confirmCurrentPassword } from '../http/confirm-password';
import { parseInput, readJson } from '../http/validate';
import { finishSignIn } from './session';

const wrongCode = () => new DomainError('bad_request', ERROR_TEXTS.wrongCode);
const passkeyGone = () => new DomainError('not_found', 'That passkey is gone already.');

/**
 * Two-step sign-in with an authenticator app and/or passkeys (Settings →
 * "Security"). When the operator requires it (TERN_REQUIRE_2FA), a user
 * without it reaches these routes half signed in ('setup') and turning on
 * either finishes the sign-in. Every code and password counts against the
 * sign-in throttle.
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
  })
  .get('/passkeys', async (c) => c.json<Passkeys>({ passkeys: await c.var.deps.passkeys.list(c.var.session.account) }))
  .post('/passkeys/options', async (c) => {
    const { session, deps } = c.var;
    if ((await deps.passkeys.count(session.account)) >= MAX_PASSKEYS) {
      throw new DomainError('conflict', `You have ${MAX_PASSKEYS} passkeys, the most there can be: remove one you no longer use first.`);
    }
    return c.json(await deps.passkeys.registrationOptions(session.id, session.account, session.email));
  })
  .post('/passkeys', async (c) => {
    const { session, deps } = c.var;
    const { name, response } = parseInput(newPasskeyRequestSchema, await readJson(c));
    const firstSecondStep = !(await deps.twoFactor.hasSecondStep(session.account));
    // The schema checked the shape and the base64url; the library checks the rest (transports are only hints it passes back).
    const passkey = await deps.passkeys.register(session.id, session.account, name, response as RegistrationResponseJSON);
    if (!passkey) throw new DomainError('bad_request', ERROR_TEXTS.passkeyNotAdded);
    const answer: PasskeyAdded = { passkey };
    if (firstSecondStep) answer.recoveryCodes = await deps.twoFactor.newRecoveryCodes(session.account);
    if (session.stage === 'setup') answer.session = await finishSignIn(c, session);
    return c.json<PasskeyAdded>(answer, 201);
  })
  .patch('/passkeys/:id', async (c) => {
    const { session, deps } = c.var;
    if (session.stage !== 'signed-in') throw new DomainError('forbidden', ERROR_TEXTS.twoFactorRequired);
    const { name } = parseInput(renamePasskeyRequestSchema, await readJson(c));
    if (!(await deps.passkeys.rename(session.account, c.req.param('id'), name))) throw passkeyGone();
    return c.body(null, 204);
  })
  .delete('/passkeys/:id', async (c) => {
    const { session, deps } = c.var;
    if (session.stage !== 'signed-in') throw new DomainError('forbidden', ERROR_TEXTS.twoFactorRequired);
    const steps = await deps.twoFactor.secondSteps(session.account);
    const lastStep = !steps.code && (await deps.passkeys.count(session.account)) === 1;
    if (lastStep && deps.config.requireTwoFactor) throw new DomainError('forbidden', ERROR_TEXTS.twoFactorRequired);
    const { password } = parseInput(removePasskeyRequestSchema, await readJson(c));
    await confirmCurrentPassword(c, password);
    if (!(await deps.passkeys.remove(session.account, c.req.param('id')))) throw passkeyGone();
    await deps.twoFactor.dropRecoveryCodesIfOff(session.account);
    return c.body(null, 204);
  })
  .post('/recovery-codes', async (c) => {
    const { session, deps } = c.var;
    if (session.stage !== 'signed-in') throw new DomainError('forbidden', ERROR_TEXTS.twoFactorRequired);
    const { password } = parseInput(regenerateRecoveryCodesRequestSchema, await readJson(c));
    if (!(await deps.twoFactor.hasSecondStep(session.account))) throw new DomainError('conflict', 'Two-step sign-in is off: there are no recovery codes to replace.');
    await confirmCurrentPassword(c, password);
    return c.json<RecoveryCodesAnswer>({ recoveryCodes: await deps.twoFactor.newRecoveryCodes(session.account) });
  });
