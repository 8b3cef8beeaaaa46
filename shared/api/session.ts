import { z } from './zod';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '../limits';
import { SESSION_END_REASONS } from './session-texts';

// The constants are in session-texts.ts, free of zod, for the sign-in page's first load (issue 14).
export { BACKGROUND_HEADER, CSRF_HEADER, SESSION_END_TEXTS, type SessionEndReason } from './session-texts';

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

export const sessionEndReasonSchema = z.enum(SESSION_END_REASONS);
