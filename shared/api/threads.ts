import { z } from './zod';
import { senderTextSchema } from '../bidi';
import { DEFAULT_WINDOW_SIZE, MAX_WINDOW_SIZE } from '../limits';
import { messageSummarySchema } from './messages';

// Conversations (issue 17): a folder's messages grouped into threads by
// References/In-Reply-To, newest thread first, windowed like the flat list.

const uidSchema = z.number().int().positive();

export const threadWindowQuerySchema = z.object({
  folder: z.string().min(1, 'Name a folder.'),
  offset: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(MAX_WINDOW_SIZE).default(DEFAULT_WINDOW_SIZE),
});
export type ThreadWindowQuery = z.infer<typeof threadWindowQuerySchema>;

export const threadSummarySchema = z.object({
  /** The thread's newest message in this folder: what opening the row shows first. */
  uid: uidSchema,
  /** Every message of the thread in this folder, oldest first: what the thread's actions apply to. */
  uids: z.array(uidSchema).min(1),
  /** The newest message's subject. */
  subject: senderTextSchema,
  /** ISO 8601 date of the newest message. */
  date: z.string(),
  /** Short names (first name, else the address's local part) of the senders, oldest first, each once. */
  participants: z.array(senderTextSchema),
  /** Messages of the thread in this folder, and how many of them are unread. */
  count: z.number().int().positive(),
  unread: z.number().int().nonnegative(),
  /** The unread ones: opening the thread marks exactly these read. */
  unreadUids: z.array(uidSchema),
  flagged: z.boolean(),
});
export type ThreadSummary = z.infer<typeof threadSummarySchema>;

export const threadWindowSchema = z.object({
  folder: z.string(),
  /** Threads in the folder: the list's full scroll height. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  items: z.array(threadSummarySchema),
});
export type ThreadWindow = z.infer<typeof threadWindowSchema>;

/** The messages of the thread holding `uid`, newest first, a window at a time (a thread may hold hundreds). */
export const threadStackQuerySchema = z.object({
  folder: z.string().min(1, 'Name a folder.'),
  uid: z.coerce.number().int().positive('A message number is a positive whole number.'),
  offset: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(MAX_WINDOW_SIZE).default(20),
});
export type ThreadStackQuery = z.infer<typeof threadStackQuerySchema>;

/** A message of the stack: in the folder shown, or the user's own reply found in Sent. */
export const stackedMessageSchema = messageSummarySchema.extend({ folder: z.string() });
export type StackedMessage = z.infer<typeof stackedMessageSchema>;

export const threadStackSchema = z.object({
  folder: z.string(),
  /** Every message of the thread in `folder`, oldest first (the thread's actions act on these). */
  uids: z.array(uidSchema),
  /** Messages of the stack in all, the Sent ones included. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  /** Newest first. */
  items: z.array(stackedMessageSchema),
});
export type ThreadStack = z.infer<typeof threadStackSchema>;
