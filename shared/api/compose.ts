import { z } from './zod';
import { MAX_ATTACHMENT_ENCODED_BYTES, MAX_EMAIL_LENGTH } from '../limits';

/**
 * The size a file takes in the message once base64-encoded: 4 bytes per 3,
 * rounded up, line breaks NOT counted. The browser's precheck and the BFF's
 * upload limit use this one rule, so they agree to the byte.
 */
export function base64EncodedSize(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** The largest file whose encoded form fits the attachment limit (1,572,864 bytes). */
export const MAX_ATTACHMENT_RAW_BYTES = (MAX_ATTACHMENT_ENCODED_BYTES / 4) * 3;

/** "1,677,722 bytes (1.6 MB)": exact for checking, rounded for reading (MB = 1,048,576 bytes, as the limits are). */
function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / 1_048_576).toFixed(1)} MB)`;
}

/** The refusal the BFF answers with its 413 (SPEC §6); the browser says the same before uploading, in the user's language (compose-window.tsx). */
export function attachmentTooLargeText(filename: string, bytes: number): string {
  return (
    `"${filename}" is ${formatBytes(bytes)}; encoded for sending it becomes ${formatBytes(base64EncodedSize(bytes))}, ` +
    `over the limit of ${formatBytes(MAX_ATTACHMENT_ENCODED_BYTES)} per attachment.`
  );
}

/** The guide's wording, exactly (SPEC §6). */
export const MESSAGE_TOO_LARGE_TEXT = 'Message exceeds maximum fixed size (10485760)';

/**
 * One recipient. The address is checked as a browser checks type=email (the
 * WHATWG rule, a practical subset of RFC 5322 addr-spec) after IDN domains are
 * converted to ASCII by the URL parser.
 */
export const recipientSchema = z.object({
  name: z.string().trim().max(200, 'Keep a recipient name to 200 characters.'),
  address: z.string().trim().max(MAX_EMAIL_LENGTH, 'That address is too long.'),
});
export type Recipient = z.infer<typeof recipientSchema>;

const EMAIL_LOCAL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const DOMAIN_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** "user@bücher.example" → "user@xn--bcher-kva.example"; null when not a valid address. */
export function normaliseAddress(input: string): string | null {
  const value = input.trim();
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return null;
  const local = value.slice(0, at);
  let domain: string;
  try {
    // The URL parser applies IDNA (UTS #46) to the host: the standard way to get the ASCII form.
    domain = new URL(`http://${value.slice(at + 1)}`).hostname;
  } catch {
    return null;
  }
  if (!EMAIL_LOCAL.test(local) || local.length > 64) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  const address = `${local}@${domain}`;
  return address.length <= MAX_EMAIL_LENGTH ? address : null;
}

const validRecipient = recipientSchema.transform((recipient, ctx) => {
  const address = normaliseAddress(recipient.address);
  if (!address) {
    ctx.addIssue({ code: 'custom', message: `"${recipient.address}" is not a valid email address.` });
    return z.NEVER;
  }
  return { name: recipient.name, address };
});

const recipientList = z.array(validRecipient).max(100, 'Send to at most 100 addresses per field.');

/** What the reply, reply-all or forward answers; the BFF reads its threading headers and attachments. */
export const composeSourceSchema = z.object({
  folder: z.string().min(1),
  uid: z.number().int().positive(),
  mode: z.enum(['reply', 'replyAll', 'forward']),
});
export type ComposeSourceRef = z.infer<typeof composeSourceSchema>;

/** A message being written: what "Send Email" and "Save Draft" carry. */
export const composeMessageSchema = z.object({
  to: recipientList,
  cc: recipientList,
  bcc: recipientList,
  subject: z.string().max(998, 'The subject is too long.'),
  /** Always sent: the plain text part (the whole body in plain-text mode). */
  text: z.string().max(5_000_000, 'The message text is too long.'),
  /**
   * The rich body from the editor (its schema produces only simple formatting); null in plain-text mode.
   * Not sanitised here: the user could send any HTML over SMTP with the same password, and
   * recipients' clients sanitise what they show (Tern does, SPEC §5).
   */
  html: z.string().max(5_000_000, 'The message is too long.').nullable(),
  /** Uploaded files (ids from POST /api/uploads). */
  attachments: z.array(z.string().uuid()).max(50, 'Attach at most 50 files.'),
  /** A reply or forward: threading headers, answered/forwarded flags, and (forward) the original's attachments. */
  source: composeSourceSchema.nullable(),
  /** The original's attachments a forward carries (IMAP part numbers). */
  forwardParts: z.array(z.string().regex(/^\d+(\.\d+)*$/)).max(50),
});
export type ComposeMessage = z.infer<typeof composeMessageSchema>;
export type ComposeMessageInput = z.input<typeof composeMessageSchema>;

export const sendRequestSchema = z.object({
  /**
   * One per compose window: a double click, a retry after a network error or a
   * second BFF instance find the same key and send nothing more.
   */
  idempotencyKey: z.string().uuid('The send key must be a UUID.'),
  message: composeMessageSchema,
  /** "Send later": an ISO date; absent means now (after the undo delay). */
  sendAt: z.iso.datetime({ offset: true }).optional(),
  /** The draft this message was written in: removed once sent. */
  draftUid: z.number().int().positive().optional(),
});
export type SendRequest = z.input<typeof sendRequestSchema>;

/**
 * 'retrying': a temporary failure (server down, 4xx), tried again with backoff
 * for TERN_SEND_RETRY_HOURS; 'uncertain': the BFF lost track mid-transaction
 * and cannot tell whether the server took it, so it is never sent again by itself.
 */
export const OUTBOX_STATUSES = ['queued', 'sending', 'retrying', 'sent', 'failed', 'uncertain', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** States the outbox will not leave by itself: a tab's polling ends on one of them. */
export const FINAL_OUTBOX_STATUSES: readonly OutboxStatus[] = ['sent', 'failed', 'uncertain', 'cancelled'];

/** What "may not have been sent" tells the user (docs/architecture.md). */
export const UNCERTAIN_SEND_TEXT =
  'This message may not have been sent: Tern stopped while handing it to the mail server. Check your Sent folder or ask the recipients, and send it again if needed.';

/** A message the server took for some recipients and refused for others (at RCPT TO: no bounce will tell). */
export const partlyRefusedText = (recipients: string) => `The mail server refused these recipients, who get nothing: ${recipients}.`;

export const outboxEntrySchema = z.object({
  id: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  /** ISO: when the outbox sends it (the end of the undo delay, or the "Send later" time). */
  dueAt: z.string(),
  /** Why sending failed (or is waiting to retry), or whom a sent message did not reach, as the mail server said it. */
  error: z.string().nullable(),
  messageId: z.string(),
  subject: z.string(),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

/** GET /api/compose/outbox: messages waiting to retry, failed, uncertain or sent to some recipients only, until the user dismisses them. */
export const outboxAttentionSchema = z.object({ entries: z.array(outboxEntrySchema) });
export type OutboxAttention = z.infer<typeof outboxAttentionSchema>;

export const uploadSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  /** The file's own size. */
  size: z.number().int().nonnegative(),
  /** base64EncodedSize(size): what it adds to the message. */
  encodedSize: z.number().int().nonnegative(),
});
export type Upload = z.infer<typeof uploadSchema>;

export const saveDraftRequestSchema = z.object({
  message: composeMessageSchema,
  /** The draft this one replaces (deleted once the new one is stored). */
  replaceUid: z.number().int().positive().optional(),
});
export type SaveDraftRequest = z.input<typeof saveDraftRequestSchema>;

export const savedDraftSchema = z.object({ folder: z.string(), uid: z.number().int().positive() });
export type SavedDraft = z.infer<typeof savedDraftSchema>;

/** A draft opened again: the fields, with its attachments uploaded afresh so they go out with it. */
export const resumedDraftSchema = z.object({
  uid: z.number().int().positive(),
  to: z.array(recipientSchema),
  cc: z.array(recipientSchema),
  bcc: z.array(recipientSchema),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  attachments: z.array(uploadSchema),
});
export type ResumedDraft = z.infer<typeof resumedDraftSchema>;
