/**
 * The one catalogue of error codes the BFF answers with. The client branches on
 * `code`, never on the message text, which is for people.
 */
export const ERROR_CODES = [
  'bad_request',
  'unauthenticated',
  'bad_credentials',
  'throttled',
  'send_limit',
  'csrf',
  'forbidden',
  'not_found',
  'too_large',
  /** The body or the fetched content is not of a type this address takes. */
  'unsupported_type',
  'method_not_allowed',
  'mail_server_unavailable',
  'mail_server_refused',
  /** This deployment does not offer the feature (e.g. no password driver configured). */
  'not_available',
  'dav_unavailable',
  /** The BFF's own database (sessions, throttle, outbox) does not answer. */
  'store_unavailable',
  'conflict',
  /** A web site a message names (one-click unsubscribe, a remote image) refused, failed or may not be reached. */
  'remote_failed',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body of every error answer; its schema is in error-body.ts (this file stays free of zod: it is on the sign-in page). */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Texts shown to users; kept here so the BFF and the tests agree on them. */
export const ERROR_TEXTS = {
  badCredentials: 'The email address or password is not right.',
  throttled: 'Too many sign-in attempts. Try again in a few minutes.',
  sessionExpired: 'Your session has ended. Please sign in again.',
  passwordChanged: 'Your password was changed; sign in again.',
  storeUnavailable: 'Tern cannot reach its database right now. Try again in a moment.',
  mailServerUnavailable: 'The mail server cannot be reached right now. Try again in a moment.',
  signedOutElsewhere: 'You were signed out from another device. Please sign in again.',
  currentDeviceSignOut: 'This is the device you are using: use Sign Out to leave it.',
  wrongCode: 'That code is not right. Try again.',
  twoFactorRequired: 'Two-step sign-in is required for every account here: it cannot be turned off.',
  twoFactorAlreadyOn: 'Two-step sign-in is already on.',
  davNeedsAppPassword: 'Two-step sign-in is on for this account: sign in with an app password from Settings → Security.',
  passkeyRefused: 'That passkey was not accepted. Try again, or use another way to sign in.',
  passkeyNotAdded: 'The passkey could not be added: the answer from your browser did not check out. Try again.',
  wrongCurrentPassword: 'The current password is not right.',
  appPasswordsUnavailable: 'App passwords are not available here: the contacts and calendar server checks the mail password itself.',
} as const;
