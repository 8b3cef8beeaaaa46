import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import type { LazySchema } from './api-client';
import { t } from './i18n/app';

/**
 * The browser's passkey dialogs (@simplewebauthn/browser, loaded when first
 * used: the sign-in page's first load does not carry it). What the browser
 * refuses becomes a sentence a person can act on; the BFF checks the rest.
 */

/** Loaded schemas: the sign-in page imports this module, and zod stays out of its first load (issue 14). */
export const creationOptionsSchema: LazySchema<PublicKeyCredentialCreationOptionsJSON> = () => import('./webauthn-schemas').then((m) => m.creationOptionsSchema);
export const requestOptionsSchema: LazySchema<PublicKeyCredentialRequestOptionsJSON> = () => import('./webauthn-schemas').then((m) => m.requestOptionsSchema);

export async function createPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON> {
  const { startRegistration } = await import('@simplewebauthn/browser');
  try {
    return await startRegistration({ optionsJSON });
  } catch (error) {
    throw readable(error, t('This device or security key already holds a passkey for your account.'));
  }
}

export async function signWithPasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON): Promise<AuthenticationResponseJSON> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  try {
    return await startAuthentication({ optionsJSON });
  } catch (error) {
    throw readable(error, t('This device or security key holds none of your passkeys.'));
  }
}

export async function passkeysSupported(): Promise<boolean> {
  const { browserSupportsWebAuthn } = await import('@simplewebauthn/browser');
  return browserSupportsWebAuthn();
}

function readable(error: unknown, alreadyOrNone: string): Error {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') return new Error(t('The passkey request was cancelled or took too long. Try again.'));
  if (name === 'InvalidStateError') return new Error(alreadyOrNone);
  if (name === 'NotSupportedError') return new Error(t('This browser cannot use passkeys here.'));
  return new Error(t('Your browser could not use a passkey. Try again.'));
}
