import { SPECIAL_FOLDERS, SPECIAL_FOLDER_LABELS, type Folder, type SpecialFolder } from '../../shared/api/folders';

/** A mailbox as the IMAP adapter reports it, before Tern's ordering and labels. */
export interface ListedMailbox {
  path: string;
  delimiter: string | null;
  specialUse: SpecialFolder | null;
  unread: number;
  total: number;
  subscribed: boolean;
}

/**
 * SPEC §3: the special five first in their fixed order, labelled as users
 * know them whatever the server calls them; then the user's folders in tree
 * order, nested by the server's delimiter.
 */
export function orderFolders(mailboxes: readonly ListedMailbox[]): Folder[] {
  const specials = SPECIAL_FOLDERS.flatMap((use) => {
    const mailbox = mailboxes.find((candidate) => candidate.specialUse === use);
    return mailbox ? [{ ...toFolder(mailbox), name: SPECIAL_FOLDER_LABELS[use], depth: 0 }] : [];
  });
  const others = mailboxes
    .filter((mailbox) => mailbox.specialUse === null)
    .map(toFolder)
    .sort((a, b) => compareTreePaths(segments(a), segments(b)));
  return [...specials, ...others];
}

function toFolder(mailbox: ListedMailbox): Folder {
  const parts = splitPath(mailbox.path, mailbox.delimiter);
  return {
    path: mailbox.path,
    name: parts[parts.length - 1] ?? mailbox.path,
    specialUse: mailbox.specialUse,
    depth: parts.length - 1,
    delimiter: mailbox.delimiter,
    unread: mailbox.unread,
    total: mailbox.total,
    subscribed: mailbox.subscribed,
  };
}

function splitPath(path: string, delimiter: string | null): string[] {
  return delimiter ? path.split(delimiter) : [path];
}

function segments(folder: Folder): string[] {
  return splitPath(folder.path, folder.delimiter);
}

function compareTreePaths(a: string[], b: string[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const order = a[index]!.localeCompare(b[index]!, undefined, { sensitivity: 'base', numeric: true });
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
