import { z } from './zod';

// "Auto-reply" (SPEC §8): installed as Sieve vacation next to the anti-spam rules.

/** A sender gets at most one auto-reply in this many days (Sieve vacation :days). */
export const AUTOREPLY_DAYS = 3;

export const autoreplySettingsSchema = z
  .object({
    enabled: z.boolean(),
    subject: z.string().trim().max(200, 'Keep the subject to 200 characters.'),
    message: z.string().max(10_000, 'Keep the message to 10,000 characters.'),
    /** Last day replies go out (inclusive, the mail server's calendar); empty: until switched off. */
    endDate: z.union([z.literal(''), z.iso.date('Enter the end date as a date, like 2026-12-31.')]),
  })
  .superRefine((settings, ctx) => {
    if (settings.enabled && !settings.message.trim()) {
      ctx.addIssue({ code: 'custom', path: ['message'], message: 'Write the message people receive.' });
    }
  });
export type AutoreplySettings = z.infer<typeof autoreplySettingsSchema>;

export const DEFAULT_AUTOREPLY: AutoreplySettings = { enabled: false, subject: 'Out of office', message: '', endDate: '' };

export const AUTOREPLY_CHANGED_TEXT =
  'The auto-reply was changed elsewhere (another tab or device) after you started editing it, so nothing was saved. Your edits are still here: save again to replace the other change, or reload the page to see it.';
