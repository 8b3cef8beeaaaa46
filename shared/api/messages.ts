import { z } from './zod';
import { senderTextSchema } from '../bidi';
import { DEFAULT_WINDOW_SIZE, MAX_WINDOW_SIZE, MIN_SEARCH_LENGTH } from '../limits';
import { unsubscribeOptionsSchema } from './unsubscribe';

export const addressSchema = z.object({
  name: senderTextSchema,
  address: senderTextSchema,
});
export type Address = z.infer<typeof addressSchema>;

export const messageFlagsSchema = z.object({
  seen: z.boolean(),
  flagged: z.boolean(),
  answered: z.boolean(),
  forwarded: z.boolean(),
  draft: z.boolean(),
  junk: z.boolean(),
});
export type MessageFlags = z.infer<typeof messageFlagsSchema>;

export const messageSummarySchema = z.object({
  uid: z.number().int().positive(),
  from: addressSchema.nullable(),
  to: z.array(addressSchema),
  subject: senderTextSchema,
  /** ISO 8601; the Date header, else the arrival date. */
  date: z.string(),
  size: z.number().int().nonnegative(),
  flags: messageFlagsSchema,
  hasAttachments: z.boolean(),
});
export type MessageSummary = z.infer<typeof messageSummarySchema>;

export const SORT_FIELDS = ['date', 'from', 'subject', 'size'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export const SEARCH_FIELDS = ['subject', 'from', 'to', 'body'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const SEARCH_TOO_SHORT = `Type at least ${MIN_SEARCH_LENGTH} characters to search.`;

/** Search text; empty means no search. Counted in characters, not UTF-16 units. */
export const searchTextSchema = z
  .string()
  .trim()
  .max(500, 'Search for at most 500 characters.')
  .refine((text) => text.length === 0 || [...text].length >= MIN_SEARCH_LENGTH, SEARCH_TOO_SHORT);

export const messageWindowQuerySchema = z.object({
  folder: z.string().min(1, 'Name a folder.'),
  offset: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(MAX_WINDOW_SIZE).default(DEFAULT_WINDOW_SIZE),
  sort: z.enum(SORT_FIELDS).default('date'),
  order: z.enum(['asc', 'desc']).default('desc'),
  /** Narrows the folder to messages whose field contains this text; the IMAP server searches. */
  search: searchTextSchema.optional(),
  searchIn: z.enum(SEARCH_FIELDS).default('subject'),
});
export type MessageWindowQuery = z.infer<typeof messageWindowQuerySchema>;

export const messageWindowSchema = z.object({
  folder: z.string(),
  /** Messages in the folder: the list's full scroll height. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  /** The messages at positions offset, offset+1, … in the requested order. */
  items: z.array(messageSummarySchema),
});
export type MessageWindow = z.infer<typeof messageWindowSchema>;

/**
 * A search of every folder (SPEC §4 "current folder or all folders"): newest
 * first, windowed like a folder. Results come from several folders, so each row
 * says which.
 */
export const allFoldersSearchQuerySchema = z.object({
  search: searchTextSchema.refine((text) => text.length > 0, 'Type something to search for.'),
  searchIn: z.enum(SEARCH_FIELDS).default('subject'),
  offset: z.coerce.number().int().nonnegative().max(10_000, 'Narrow the search to see results beyond the first 10,000.').default(0),
  limit: z.coerce.number().int().positive().max(MAX_WINDOW_SIZE).default(DEFAULT_WINDOW_SIZE),
});
export type AllFoldersSearchQuery = z.infer<typeof allFoldersSearchQuerySchema>;

export const searchHitSchema = messageSummarySchema.extend({ folder: z.string() });
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResultsSchema = z.object({
  /** Matches in all folders together. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  items: z.array(searchHitSchema),
});
export type SearchResults = z.infer<typeof searchResultsSchema>;

export const attachmentSchema = z.object({
  /** The IMAP body part number ("2", "1.3"): the download address of the part. */
  part: z.string(),
  filename: z.string(),
  contentType: z.string(),
  /** Decoded size in bytes, estimated from the encoded size where the server gives only that. */
  size: z.number().int().nonnegative(),
  /** Referenced from the HTML body as cid:… (shown in the message, not only listed). */
  contentId: z.string().nullable(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const messageDetailSchema = z.object({
  folder: z.string(),
  uid: z.number().int().positive(),
  subject: senderTextSchema,
  from: addressSchema.nullable(),
  to: z.array(addressSchema),
  cc: z.array(addressSchema),
  replyTo: z.array(addressSchema),
  date: z.string(),
  flags: messageFlagsSchema,
  /** Raw (unsanitised) HTML body: the client sanitises it and renders it in a sandboxed frame. */
  html: z.string().nullable(),
  text: z.string().nullable(),
  /**
   * Set when html and text were cut to their first BODY_PREVIEW_CHARS characters
   * (at a line's end, or between tags): the length of the longer one whole.
   * Asking again with `body=full` answers them whole (and this null).
   */
  fullBodyLength: z.number().int().nonnegative().nullable(),
  attachments: z.array(attachmentSchema),
  /** The list's List-Unsubscribe options; absent or null when the message has none. */
  unsubscribe: unsubscribeOptionsSchema.nullable().optional(),
});
export type MessageDetail = z.infer<typeof messageDetailSchema>;

export const messageRefQuerySchema = z.object({
  folder: z.string().min(1, 'Name a folder.'),
});

export const messageDetailQuerySchema = messageRefQuerySchema.extend({
  /** `preview` cuts long bodies (see fullBodyLength); `full` is "Show the whole message". */
  body: z.enum(['preview', 'full']).default('preview'),
});
export type BodyExtent = z.infer<typeof messageDetailQuerySchema>['body'];

export const setSeenRequestSchema = z.object({
  folder: z.string().min(1),
  uids: z.array(z.number().int().positive()).min(1).max(10_000),
  seen: z.boolean(),
});
export type SetSeenRequest = z.infer<typeof setSeenRequestSchema>;

/** One header field as the message has it, in order: unfolded, encoded words decoded for display. */
export const headerFieldSchema = z.object({ name: z.string(), value: z.string() });
export type HeaderField = z.infer<typeof headerFieldSchema>;

/** "View source" and "Show all headers": the raw message as text, cut to SOURCE_VIEW_BYTES. */
export const messageSourceSchema = z.object({
  /** The whole message in bytes (RFC822.SIZE). */
  size: z.number().int().nonnegative(),
  /** The raw message's first bytes as text: UTF-8, or Windows-1252 where they are not UTF-8. */
  source: z.string(),
  /** The source was cut to SOURCE_VIEW_BYTES; the .eml download has it all. */
  truncated: z.boolean(),
  headers: z.array(headerFieldSchema),
  /** The header block itself ran past SOURCE_VIEW_BYTES, so `headers` lacks its end. */
  headersTruncated: z.boolean(),
});
export type MessageSource = z.infer<typeof messageSourceSchema>;
