import { z } from './zod';
import { MAX_PASSWORD_LENGTH } from '../limits';
import { translatable } from '../translatable';

// "Change Password" (SPEC §8). The rules are the guide's, checked live in the
// page and again by the BFF from this one list.

export interface PasswordRule {
  id: 'lower' | 'upper' | 'numeral' | 'symbol' | 'length';
  /** What the server's refusal lists (the page has its own labels). */
  need: string;
  test: (password: string) => boolean;
}

export const MIN_NEW_PASSWORD_LENGTH = 8;
export const MAX_NEW_PASSWORD_LENGTH = 20;

export const PASSWORD_RULES: readonly PasswordRule[] = [
  { id: 'lower', need: translatable('at least one lower-case letter'), test: (p) => /[a-z]/.test(p) },
  { id: 'upper', need: translatable('at least one upper-case letter'), test: (p) => /[A-Z]/.test(p) },
  { id: 'numeral', need: translatable('at least one numeral'), test: (p) => /[0-9]/.test(p) },
  { id: 'symbol', need: translatable('at least one symbol'), test: (p) => /[!-/:-@[-`{-~]/.test(p) },
  {
    id: 'length',
    need: translatable(`${MIN_NEW_PASSWORD_LENGTH} to ${MAX_NEW_PASSWORD_LENGTH} characters`),
    test: (p) => [...p].length >= MIN_NEW_PASSWORD_LENGTH && [...p].length <= MAX_NEW_PASSWORD_LENGTH,
  },
];

/**
 * Beyond the guide's rules: only printable ASCII without spaces, so the
 * password types the same on every keyboard and every mail client can log in
 * with it (IMAP LOGIN and SMTP AUTH clients differ on anything else).
 */
const PRINTABLE_ASCII = /^[!-~]*$/;
export const PRINTABLE_ASCII_MESSAGE = 'Use letters, numerals and symbols only (no spaces or accented letters).';

export function unmetPasswordRules(password: string): PasswordRule[] {
  return PASSWORD_RULES.filter((rule) => !rule.test(password));
}

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(MAX_PASSWORD_LENGTH),
    newPassword: z.string().max(MAX_PASSWORD_LENGTH),
    confirmPassword: z.string().max(MAX_PASSWORD_LENGTH),
  })
  .superRefine((value, ctx) => {
    const unmet = unmetPasswordRules(value.newPassword);
    if (unmet.length) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: `The new password needs: ${unmet.map((rule) => rule.need).join('; ')}.` });
    } else if (!PRINTABLE_ASCII.test(value.newPassword)) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: PRINTABLE_ASCII_MESSAGE });
    }
    if (value.confirmPassword !== value.newPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The two new passwords are not the same.' });
    }
    if (value.newPassword === value.currentPassword) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'Choose a password different from the current one.' });
    }
  });
export type ChangePasswordRequest = z.infer<typeof changePasswordSchema>;
