import * as OTPAuth from 'otpauth';
import { afterEach, expect } from 'vitest';
import type { TotpEnabled, TotpSetup } from '../../shared/api/security';
import { ApiClient } from './api-client';
import { startBff, type BffOptions, type RunningBff } from './bff';
import type { TestUser } from './stack';

/** The authenticator app: the code of the time step `steps` away from now. */
export function codeAt(secret: string, steps = 0): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });
}

/** Turns TOTP on through the API, as Settings → "Security" does; the code used is of the current step. */
export async function turnOnTotp(api: ApiClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await api.json<TotpSetup>('POST', '/api/two-factor/setup');
  const { recoveryCodes } = await api.json<TotpEnabled>('POST', '/api/two-factor/enable', { code: codeAt(setup.secret) });
  return { secret: setup.secret, recoveryCodes };
}

/** BFFs started by a describe block with these settings, each closed after its test. */
export function bffsClosedAfterEach(defaults: Record<string, string> = {}) {
  const running: RunningBff[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((bff) => bff.close()));
  });
  return async (env: Record<string, string> = {}, options: BffOptions = {}): Promise<RunningBff> => {
    const bff = await startBff({ ...defaults, ...env }, options);
    running.push(bff);
    return bff;
  };
}

export async function signedIn(bff: RunningBff, user: TestUser): Promise<ApiClient> {
  const api = new ApiClient(bff.url);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
  return api;
}

/** Password right: a half signed-in session waiting for its second step. */
export async function halfSignedIn(bff: RunningBff, user: TestUser): Promise<ApiClient> {
  const api = new ApiClient(bff.url);
  const response = await api.signIn(user.email, user.password);
  expect(await response.json()).toMatchObject({ email: user.email, pending: 'second-step' });
  return api;
}
