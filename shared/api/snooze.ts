import { z } from './zod';
import { MAX_SELECTED_UIDS } from './actions';

/** The folder snoozed messages wait in (created on first use); the label users know from Gmail and Fastmail. */
export const SNOOZED_FOLDER_NAME = 'Snoozed';

/** The furthest a message can be snoozed: a year. */
export const MAX_SNOOZE_MS = 366 * 24 * 60 * 60_000;

export const SNOOZE_IN_PAST = 'Choose a time in the future: that time has already passed.';
export const SNOOZE_TOO_FAR = 'Snooze for at most a year.';

/** "Snooze": named messages of one folder, back in the Inbox at `until`. */
export const snoozeRequestSchema = z.object({
  folder: z.string().min(1, 'Name a folder.'),
  uids: z.array(z.number().int().positive()).min(1, 'Select at least one message.').max(MAX_SELECTED_UIDS),
  /** ISO 8601 with an offset; must lie in the future (the server's clock decides). */
  until: z.iso.datetime({ offset: true, error: 'Give the time as an ISO date with a time zone.' }),
});
export type SnoozeRequest = z.infer<typeof snoozeRequestSchema>;

/** "Unsnooze": messages of the Snoozed folder, back in the Inbox now. */
export const unsnoozeRequestSchema = z.object({
  uids: z.array(z.number().int().positive()).min(1, 'Select at least one message.').max(MAX_SELECTED_UIDS),
});
export type UnsnoozeRequest = z.infer<typeof unsnoozeRequestSchema>;

export const snoozedMessageSchema = z.object({
  /** The message's UID in the Snoozed folder. */
  uid: z.number().int().positive(),
  /** ISO 8601: when it comes back to the Inbox. */
  returnAt: z.string(),
});
export type SnoozedMessage = z.infer<typeof snoozedMessageSchema>;

/** GET /api/snoozes: when each message of the Snoozed folder returns. */
export const snoozeListSchema = z.object({
  messages: z.array(snoozedMessageSchema),
});
export type SnoozeList = z.infer<typeof snoozeListSchema>;
