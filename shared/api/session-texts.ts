import { ERROR_TEXTS } from '../errors';

export const CSRF_HEADER = 'x-csrf-token';
/** On a read the page makes by itself (no user input lately): it does not keep the session alive. */
export const BACKGROUND_HEADER = 'x-tern-background';

/**
 * Why a session ended: `details.reason` of a 401 and the data of the event
 * stream's `session-ended`; the sign-in page says the matching text.
 */
export const SESSION_END_REASONS = ['ended', 'password-changed', 'signed-out-elsewhere'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export const SESSION_END_TEXTS: Record<SessionEndReason, string> = {
  ended: ERROR_TEXTS.sessionExpired,
  'password-changed': ERROR_TEXTS.passwordChanged,
  'signed-out-elsewhere': ERROR_TEXTS.signedOutElsewhere,
};

/** An unknown reason (an older or newer server) reads as the plain "ended". */
export function sessionEndReason(value: unknown): SessionEndReason {
  return SESSION_END_REASONS.find((reason) => reason === value) ?? 'ended';
}
