import { z } from './zod';

/** The five folders every user has, in the order SPEC §3 shows them. */
export const SPECIAL_FOLDERS = ['inbox', 'drafts', 'sent', 'junk', 'trash'] as const;
export type SpecialFolder = (typeof SPECIAL_FOLDERS)[number];

/** User-visible names of the special folders (SPEC §3): "Junk" is shown as "Spam". */
export const SPECIAL_FOLDER_LABELS: Record<SpecialFolder, string> = {
  inbox: 'Inbox',
  drafts: 'Drafts',
  sent: 'Sent',
  junk: 'Spam',
  trash: 'Trash',
};

export const folderSchema = z.object({
  /** The IMAP mailbox name: the folder's identity in every other request. */
  path: z.string(),
  /** What the user sees: the label for special folders, the last path segment otherwise. */
  name: z.string(),
  specialUse: z.enum(SPECIAL_FOLDERS).nullable(),
  /** Nesting level under the server's hierarchy delimiter; 0 for top level. */
  depth: z.number().int().nonnegative(),
  delimiter: z.string().nullable(),
  unread: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  subscribed: z.boolean(),
});
export type Folder = z.infer<typeof folderSchema>;

export const quotaSchema = z.object({
  usedBytes: z.number().nonnegative(),
  limitBytes: z.number().positive(),
});
export type Quota = z.infer<typeof quotaSchema>;

export const folderListSchema = z.object({
  /** Special five first in SPEC order, then the user's folders in tree order. */
  folders: z.array(folderSchema),
  quota: quotaSchema.nullable(),
});
export type FolderList = z.infer<typeof folderListSchema>;
