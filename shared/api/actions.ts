import { z } from './zod';
import { SEARCH_FIELDS, searchTextSchema } from './messages';

/** Most UIDs one request may name; "all messages of the folder" has no such limit. */
export const MAX_SELECTED_UIDS = 10_000;

/**
 * What an action applies to: named messages, or every message of the folder
 * (optionally only those the current search finds). "Select all" acts on the
 * server's whole folder, not just the rows the list has loaded.
 */
export const messageSelectionSchema = z.union([
  z.object({
    folder: z.string().min(1, 'Name a folder.'),
    uids: z.array(z.number().int().positive()).min(1, 'Select at least one message.').max(MAX_SELECTED_UIDS),
  }),
  z.object({
    folder: z.string().min(1, 'Name a folder.'),
    all: z.literal(true),
    search: searchTextSchema.optional(),
    searchIn: z.enum(SEARCH_FIELDS).default('subject'),
  }),
]);
export type MessageSelection = z.infer<typeof messageSelectionSchema>;

/** The flags users set from the action bar. */
export const USER_FLAGS = ['seen', 'flagged'] as const;

export const setFlagsRequestSchema = z.object({
  selection: messageSelectionSchema,
  flag: z.enum(USER_FLAGS),
  value: z.boolean(),
});
export type SetFlagsRequest = z.infer<typeof setFlagsRequestSchema>;

export const moveRequestSchema = z.object({
  selection: messageSelectionSchema,
  /** The IMAP path of the destination folder. */
  to: z.string().min(1, 'Name the folder to move to.'),
});
export type MoveRequest = z.infer<typeof moveRequestSchema>;

/** "Delete" moves to Trash; in Trash it deletes for good, which the client must confirm. */
export const deleteRequestSchema = z.object({
  selection: messageSelectionSchema,
  permanently: z.boolean().default(false),
});
export type DeleteRequest = z.infer<typeof deleteRequestSchema>;

export const spamRequestSchema = z.object({ selection: messageSelectionSchema });
export type SpamRequest = z.infer<typeof spamRequestSchema>;

/**
 * Where the messages went: enough to undo a move by moving them back
 * (UIDs in the destination from the server's COPYUID answer, when it gives one).
 */
export const moveResultSchema = z.object({
  count: z.number().int().nonnegative(),
  from: z.string(),
  to: z.string().nullable(),
  /** UIDs in `to`, in the order of the moved messages; null when the server did not say. */
  uids: z.array(z.number().int().positive()).nullable(),
});
export type MoveResult = z.infer<typeof moveResultSchema>;

export const createFolderRequestSchema = z.object({
  name: z.string().trim().min(1, 'Give the folder a name.').max(200, 'Folder names are at most 200 characters.'),
  /** Path of the parent folder; top level when absent. */
  parent: z.string().min(1).optional(),
});
export type CreateFolderRequest = z.infer<typeof createFolderRequestSchema>;

/** Rename and move under another folder are one operation in IMAP (RENAME). */
export const updateFolderRequestSchema = z.object({
  path: z.string().min(1),
  name: z.string().trim().min(1, 'Give the folder a name.').max(200, 'Folder names are at most 200 characters.').optional(),
  /** New parent path; null moves it to the top level; absent keeps the parent. */
  parent: z.string().min(1).nullable().optional(),
  subscribed: z.boolean().optional(),
});
export type UpdateFolderRequest = z.infer<typeof updateFolderRequestSchema>;

export const deleteFolderQuerySchema = z.object({ path: z.string().min(1, 'Name a folder.') });
