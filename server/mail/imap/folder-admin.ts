import type { ImapFlow } from 'imapflow';
import type { CreateFolderRequest, UpdateFolderRequest } from '../../../shared/api/actions';
import type { Folder } from '../../../shared/api/folders';
import { DomainError } from '../../domain-error';
import type { Credentials } from './imap-connection';
import { listFolders } from './folders';
import type { ImapRunner } from './selection';
import { findEntry, folderLabel, listMailboxEntries, sameFolder, type MailboxEntry } from './special-folders';

// Creating, renaming, moving, (un)subscribing and deleting folders (SPEC §3).
// The special five are never renamed, moved or deleted. Each operation checks
// the folder list first, so the common mistakes get a message naming the
// folder; whatever else the server refuses comes back in its own words.
//
// The pool retries an operation once when the connection drops. Each one
// remembers whether it already sent its change, so a retry that finds the
// change made reports success instead of "already exists" / "does not exist".

export async function createFolder(imap: ImapRunner, credentials: Credentials, { name, parent }: CreateFolderRequest): Promise<Folder> {
  let sent = false;
  return imap.run(credentials, async ({ client }) => {
    const entries = await listMailboxEntries(client);
    const parentEntry = parent === undefined ? undefined : requireEntry(entries, parent);
    const delimiter = parentEntry ? parentEntry.delimiter : hierarchyDelimiter(client, entries);
    checkName(name, delimiter);
    const path = parentEntry ? childPath(parentEntry.path, delimiter, name) : topLevelPath(client, name);
    const existing = findEntry(entries, path);
    if (existing && !existing.noselect && !sent) {
      throw new DomainError('bad_request', `There is already a folder "${folderLabel(existing)}" there.`);
    }
    if (!existing || existing.noselect) {
      sent = true;
      // imapflow subscribes a folder it creates: new folders show in every client.
      await refusable(client.mailboxCreate(path));
    }
    return folderOf(client, path);
  });
}

/** Rename and move under another parent are one IMAP RENAME; subscription is separate. */
export async function updateFolder(imap: ImapRunner, credentials: Credentials, request: UpdateFolderRequest): Promise<Folder> {
  let renamedTo: string | null = null;
  return imap.run(credentials, async ({ client }) => {
    const entries = await listMailboxEntries(client);
    let path = request.path;
    const wantsRename = request.name !== undefined || request.parent !== undefined;
    if (renamedTo && !findEntry(entries, path) && findEntry(entries, renamedTo)) path = renamedTo;
    else if (wantsRename) {
      const entry = requireEntry(entries, path);
      protect(entries, entry, 'renamed or moved');
      const target = renameTarget(client, entries, entry, request);
      if (target !== entry.path) {
        const taken = findEntry(entries, target);
        if (taken) throw new DomainError('bad_request', `There is already a folder "${folderLabel(taken)}" there.`);
        renamedTo = target;
        await refusable(client.mailboxRename(entry.path, target));
        await carrySubscriptions(client, entries, entry, target);
        path = target;
      }
    } else requireEntry(entries, path);

    if (request.subscribed !== undefined) {
      const done = request.subscribed ? await client.mailboxSubscribe(path) : await client.mailboxUnsubscribe(path);
      if (!done) {
        throw new DomainError('mail_server_refused', request.subscribed ? `The mail server did not subscribe to "${path}".` : `The mail server did not unsubscribe from "${path}".`);
      }
    }
    return folderOf(client, path);
  });
}

/** Deletes the folder with its subfolders (deepest first) and every message in them. */
export async function deleteFolder(imap: ImapRunner, credentials: Credentials, path: string): Promise<void> {
  let sent = false;
  await imap.run(credentials, async ({ client }) => {
    const entries = await listMailboxEntries(client);
    const entry = findEntry(entries, path);
    if (!entry && sent) return;
    if (!entry) throw notFound(path);
    protect(entries, entry, 'deleted');
    const doomed = [...descendantsOf(entries, entry).sort((a, b) => b.path.length - a.path.length), entry];
    sent = true;
    for (const mailbox of doomed) {
      try {
        await client.mailboxDelete(mailbox.path);
      } catch (err) {
        // A hierarchy level with no mailbox of its own (\NonExistent), or one the server removed with its last child.
        if (!isNonexistent(err)) throw refusal(err);
      }
      // Dovecot keeps the subscription of a deleted folder; a later folder of that name would inherit it.
      await client.mailboxUnsubscribe(mailbox.path);
    }
  });
}

function requireEntry(entries: readonly MailboxEntry[], path: string): MailboxEntry {
  const entry = findEntry(entries, path);
  if (!entry) throw notFound(path);
  return entry;
}

function notFound(path: string): DomainError {
  return new DomainError('not_found', `The folder "${path}" does not exist.`);
}

/** The special five, and any folder holding one of them, keep their place (SPEC §3). */
function protect(entries: readonly MailboxEntry[], entry: MailboxEntry, what: string): void {
  const special = entry.specialUse ? entry : descendantsOf(entries, entry).find((child) => child.specialUse);
  if (!special) return;
  const label = folderLabel(special);
  const message =
    special === entry
      ? `"${label}" is a special folder: it cannot be ${what}.`
      : `"${entry.path}" holds the special folder "${label}": it cannot be ${what}.`;
  throw new DomainError('forbidden', message);
}

function descendantsOf(entries: readonly MailboxEntry[], entry: MailboxEntry): MailboxEntry[] {
  if (!entry.delimiter) return [];
  const prefix = entry.path + entry.delimiter;
  return entries.filter((candidate) => candidate.path.startsWith(prefix));
}

export function checkName(name: string, delimiter: string | null): void {
  if (delimiter && name.includes(delimiter)) {
    throw new DomainError('bad_request', `A folder name cannot contain "${delimiter}": the mail server uses it to separate folders from their subfolders.`);
  }
}

function renameTarget(client: ImapFlow, entries: readonly MailboxEntry[], entry: MailboxEntry, request: UpdateFolderRequest): string {
  const delimiter = entry.delimiter;
  const leaf = request.name ?? lastSegment(entry.path, delimiter);
  checkName(leaf, delimiter);
  if (request.parent === undefined) {
    const parentPath = parentOf(entry.path, delimiter);
    return parentPath === null ? leaf : childPath(parentPath, delimiter, leaf);
  }
  if (request.parent === null) return topLevelPath(client, leaf);
  const parent = requireEntry(entries, request.parent);
  if (sameFolder(parent.path, entry.path) || descendantsOf(entries, entry).includes(parent)) {
    throw new DomainError('bad_request', 'A folder cannot be moved into itself or into one of its subfolders.');
  }
  return childPath(parent.path, parent.delimiter ?? delimiter, leaf);
}

/** RENAME takes the subfolders along but, in Dovecot, not their subscriptions. */
async function carrySubscriptions(client: ImapFlow, entries: readonly MailboxEntry[], entry: MailboxEntry, target: string): Promise<void> {
  for (const moved of [entry, ...descendantsOf(entries, entry)]) {
    if (!moved.subscribed) continue;
    const newPath = target + moved.path.slice(entry.path.length);
    await client.mailboxSubscribe(newPath);
    await client.mailboxUnsubscribe(moved.path);
  }
}

function lastSegment(path: string, delimiter: string | null): string {
  return delimiter ? path.slice(path.lastIndexOf(delimiter) + delimiter.length) : path;
}

function parentOf(path: string, delimiter: string | null): string | null {
  const index = delimiter ? path.lastIndexOf(delimiter) : -1;
  return index > 0 ? path.slice(0, index) : null;
}

function childPath(parent: string, delimiter: string | null, name: string): string {
  if (!delimiter) throw new DomainError('bad_request', 'This mail server has no subfolders.');
  return `${parent}${delimiter}${name}`;
}

/** Where the server keeps personal folders under a prefix ("INBOX." on Courier-style servers), top level means under it. */
export function topLevelPath(client: ImapFlow, name: string): string {
  const prefix = client.namespace?.prefix ?? '';
  return prefix && !name.startsWith(prefix) ? prefix + name : name;
}

function hierarchyDelimiter(client: ImapFlow, entries: readonly MailboxEntry[]): string | null {
  return client.namespace?.delimiter || entries.find((entry) => entry.delimiter)?.delimiter || null;
}

/** The folder as GET /api/folders shows it (counts, label, depth), from the same code. */
async function folderOf(client: ImapFlow, path: string): Promise<Folder> {
  const folder = (await listFolders(client)).folders.find((candidate) => sameFolder(candidate.path, path));
  if (!folder) throw new DomainError('internal', `The folder "${path}" was changed but is not listed by the mail server.`);
  return folder;
}

interface ServerError extends Error {
  responseStatus?: string;
  responseText?: string;
  serverResponseCode?: string;
}

function isNonexistent(err: unknown): boolean {
  return (err as ServerError | undefined)?.serverResponseCode === 'NONEXISTENT';
}

/** The server's own reason, without Dovecot's timing suffix ("(0.001 + 0.000 secs)."). */
function refusal(err: unknown): unknown {
  const e = err as ServerError;
  if (!(err instanceof Error) || (e.responseStatus !== 'NO' && e.responseStatus !== 'BAD')) return err;
  const reason = (e.responseText ?? e.message).replace(/\s*\(\d+\.\d+(?: \+ \d+\.\d+)* secs\)\.?\s*$/, '').trim();
  return new DomainError('mail_server_refused', `The mail server refused: ${reason}`);
}

async function refusable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw refusal(err);
  }
}
