import { z } from './zod';
import { MAX_EMAIL_LENGTH } from '../limits';

// A user's own preferences, kept in the BFF's store (not on the mail server):
// who they write as, their signature, how the page looks, how sending behaves.
// Each section is saved on its own ("Save Settings" per section, SPEC §8).

/** Identity (SPEC §8): display name and reply-to for outgoing mail. */
export const identitySchema = z.object({
  displayName: z.string().trim().max(100, 'Keep the display name to 100 characters.'),
  /** Empty: replies go to the sender address. */
  replyTo: z.union([z.literal(''), z.email('Enter a valid reply-to address.').max(MAX_EMAIL_LENGTH)]),
});
export type Identity = z.infer<typeof identitySchema>;

/** "Signature" (SPEC §8): plain text or rich text. Plain form is sent after the "-- " separator. */
export const signatureSchema = z.object({
  format: z.enum(['plain', 'html']),
  /** The plain-text signature (always kept: it is the text/plain part of rich mail too). */
  text: z.string().max(10_000, 'Keep the signature to 10,000 characters.'),
  /** Rich signature as sanitised HTML; empty when format is plain. */
  html: z.string().max(50_000, 'The signature is too long.'),
});
export type Signature = z.infer<typeof signatureSchema>;

/** Display (SPEC §8): layout, theme, messages per page, language. */
export const displaySchema = z.object({
  /** "list": the list fills the page and double-click opens a message full size. */
  layout: z.enum(['three-pane', 'list']),
  theme: z.enum(['light', 'dark', 'system']),
  messagesPerPage: z.number().int().min(10).max(200),
  /** "browser" follows the browser's languages; the others are the UI languages Tern has catalogs for (issue 18). */
  language: z.enum(['browser', 'en', 'de', 'ar']).default('browser'),
  /** The list groups messages into conversations (issue 17); absent in rows saved before it existed. */
  conversations: z.boolean().default(false),
});
export type Display = z.infer<typeof displaySchema>;

/** Sending behaviour (issue 5): seconds "Undo" stays offered after "Send Email". */
export const sendingSchema = z.object({
  undoSendSeconds: z.number().int().min(0).max(30),
});
export type Sending = z.infer<typeof sendingSchema>;

/**
 * Remote content (issue 17): senders whose messages show remote images
 * (through Tern's image proxy) without "Show remote content"; lower-case.
 */
export const remoteContentSchema = z.object({
  alwaysAllowSenders: z.array(z.email('Enter a valid sender address.').max(MAX_EMAIL_LENGTH)).max(1000, 'Keep the list to 1,000 senders.'),
});
export type RemoteContent = z.infer<typeof remoteContentSchema>;

export const preferencesSchema = z.object({
  identity: identitySchema,
  signature: signatureSchema,
  display: displaySchema,
  sending: sendingSchema,
  remoteContent: remoteContentSchema,
});
export type Preferences = z.infer<typeof preferencesSchema>;
export type PreferenceSection = keyof Preferences;
export const PREFERENCE_SECTIONS = ['identity', 'signature', 'display', 'sending', 'remoteContent'] as const satisfies readonly PreferenceSection[];

export const DEFAULT_PREFERENCES: Preferences = {
  identity: { displayName: '', replyTo: '' },
  signature: { format: 'plain', text: '', html: '' },
  display: { layout: 'three-pane', theme: 'system', messagesPerPage: 50, language: 'browser', conversations: false },
  sending: { undoSendSeconds: 10 },
  remoteContent: { alwaysAllowSenders: [] },
};

export const PREFERENCES_CHANGED_TEXT =
  'These settings were changed elsewhere (another tab or device) after you started editing them, so nothing was saved. Your edits are still here: save again to replace the other change, or reload the page to see it.';
