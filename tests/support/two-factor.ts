import * as OTPAuth from 'otpauth';
import type { TotpEnabled, TotpSetup } from '../../shared/api/security';
import type { ApiClient } from './api-client';

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
