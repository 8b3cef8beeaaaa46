import { z } from 'zod';
import { ERROR_TEXTS } from '../errors';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '../limits';

export const signInRequestSchema = z.object({
  email: z.string().trim().toLowerCase().max(MAX_EMAIL_LENGTH).email('Enter your full email address, like joy@mt-example.com.'),
  password: z.string().min(1, 'Enter your password.').max(MAX_PASSWORD_LENGTH),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const sessionInfoSchema = z.object({
  email: z.string(),
  /** Echoed by the client in the X-CSRF-Token header of every state-changing request. */
  csrfToken: z.string(),
  /**
   * Half signed in (issue 18): the password was right and the session can do
   * nothing else until 'second-step' (a code) is given, or 'setup' (required
   * two-step sign-in) is done.
   */
  pending: z.enum(['second-step', 'setup']).optional(),
  /** With 'second-step': what the account can give besides a recovery code (its authenticator app's code, a passkey). */
  secondSteps: z.array(z.enum(['code', 'passkey'])).optional(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const CSRF_HEADER = 'x-csrf-token';
/** On a read the page makes by itself (no user input lately): it does not keep the session alive. */
export const BACKGROUND_HEADER = 'x-tern-background';

/**
 * Why a session ended: `details.reason` of a 401 and the data of the event
 * stream's `session-ended`; the sign-in page says the matching text.
 */
export const sessionEndReasonSchema = z.enum(['ended', 'password-changed', 'signed-out-elsewhere']);
export type SessionEndReason = z.infer<typeof sessionEndReasonSchema>;

export const SESSION_END_TEXTS: Record<SessionEndReason, string> = {
  ended: ERROR_TEXTS.sessionExpired,
  'password-changed': ERROR_TEXTS.passwordChanged,
  'signed-out-elsewhere': ERROR_TEXTS.signedOutElsewhere,
};
