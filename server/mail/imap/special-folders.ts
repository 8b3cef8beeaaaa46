import type { ImapFlow, ListResponse } from 'imapflow';
import { SPECIAL_FOLDER_LABELS, type SpecialFolder } from '../../../shared/api/folders';
import { DomainError } from '../../domain-error';
import { listFolders, specialUseOf } from './folders';

/** A mailbox as LIST names it, without counts: what actions need to find and protect folders. */
export interface MailboxEntry {
  path: string;
  delimiter: string | null;
  specialUse: SpecialFolder | null;
  subscribed: boolean;
  /** A hierarchy level only (\Noselect, \NonExistent): holds folders, not messages. */
  noselect: boolean;
}


/** One LIST, no STATUS: cheaper than listFolders() for finding Trash on every "Delete". */
export async function listMailboxEntries(client: ImapFlow): Promise<MailboxEntry[]> {
  return (await client.list()).map(toEntry);
}

function toEntry(entry: ListResponse): MailboxEntry {
  return {
    path: entry.path,
    delimiter: entry.delimiter || null,
    specialUse: specialUseOf(entry),
    subscribed: entry.subscribed ?? false,
    noselect: entry.flags.has('\\Noselect') || entry.flags.has('\\NonExistent'),
  };
}

export function findEntry(entries: readonly MailboxEntry[], path: string): MailboxEntry | undefined {
  const upper = path.toUpperCase();
  return entries.find((entry) => entry.path === path || (upper === 'INBOX' && entry.path.toUpperCase() === 'INBOX'));
}

export function sameFolder(a: string, b: string): boolean {
  return a === b || (a.toUpperCase() === 'INBOX' && b.toUpperCase() === 'INBOX');
}

/** The name users see: "Spam" for the \Junk folder, the path otherwise. */
export function folderLabel(entry: Pick<MailboxEntry, 'path' | 'specialUse'>): string {
  return entry.specialUse ? SPECIAL_FOLDER_LABELS[entry.specialUse] : entry.path;
}

/**
 * The path of a special folder, found by its special-use flag whatever the
 * server calls it; created first when missing (SPEC §3), as the folder list does.
 */
export async function specialFolderPath(client: ImapFlow, use: SpecialFolder, entries?: readonly MailboxEntry[]): Promise<string> {
  const found = (entries ?? (await listMailboxEntries(client))).find((entry) => entry.specialUse === use);
  if (found) return found.path;
  const created = (await listFolders(client)).folders.find((folder) => folder.specialUse === use);
  if (!created) throw new DomainError('internal', `The "${SPECIAL_FOLDER_LABELS[use]}" folder is missing and could not be created.`);
  return created.path;
}
