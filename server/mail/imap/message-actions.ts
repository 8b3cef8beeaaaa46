import type { ImapFlow } from 'imapflow';
import {
  MAX_SELECTED_UIDS,
  type DeleteRequest,
  type MessageSelection,
  type MoveRequest,
  type MoveResult,
  type SetFlagsRequest,
  type SpamRequest,
} from '../../../shared/api/actions';
import type { SpecialFolder } from '../../../shared/api/folders';
import { DomainError } from '../../domain-error';
import type { Credentials } from './imap-connection';
import { runRawCommand } from './raw-command';
import { withSelection, type ImapRunner, type ResolvedSelection } from './selection';
import { findEntry, listMailboxEntries, sameFolder, specialFolderPath } from './special-folders';
import { uidSetChunks } from './uid-set';

// The action bar's commands (SPEC §2, §4, §7) on a selection of messages.
// Every command names messages by UID, never by sequence number, so a
// concurrent expunge by another client cannot shift it onto other messages.

const SYSTEM_FLAGS = { seen: '\\Seen', flagged: '\\Flagged' } as const;

/** SPEC §7: the keywords other clients and the server's learning read (RFC 5788 registry). */
const JUNK = '$Junk';
const NOT_JUNK = '$NotJunk';

export async function setFlags(imap: ImapRunner, credentials: Credentials, request: SetFlagsRequest): Promise<void> {
  await withSelection(
    imap,
    credentials,
    request.selection,
    async (client, { uids }) => storeFlags(client, uids, request.value ? 'add' : 'remove', [SYSTEM_FLAGS[request.flag]]),
    { countExisting: false },
  );
}

export async function moveMessages(imap: ImapRunner, credentials: Credentials, { selection, to }: MoveRequest): Promise<MoveResult> {
  if (sameFolder(selection.folder, to)) {
    throw new DomainError('bad_request', 'The messages are already in that folder: choose another one to move them to.');
  }
  const progress = new MoveProgress();
  return withSelection(imap, credentials, selection, async (client, resolved) => {
    const destination = findEntry(await listMailboxEntries(client), to);
    if (!destination || destination.noselect) throw new DomainError('not_found', `The folder "${to}" does not exist.`);
    return moveResolved(client, resolved, destination.path, progress);
  });
}

/**
 * "Delete" moves to Trash. In Trash it deletes for good, which the client must
 * confirm (permanently: true); elsewhere `permanently` changes nothing.
 */
export async function deleteMessages(imap: ImapRunner, credentials: Credentials, { selection, permanently }: DeleteRequest): Promise<MoveResult> {
  const progress = new MoveProgress();
  return withSelection(imap, credentials, selection, async (client, resolved) => {
    const trash = await specialFolderPath(client, 'trash');
    if (!sameFolder(selection.folder, trash)) return moveResolved(client, resolved, trash, progress);
    if (!permanently) {
      throw new DomainError('bad_request', 'Deleting from Trash is permanent and needs confirmation. Confirm to delete these messages for good.');
    }
    await expungeExactly(client, resolved.uids);
    return { count: resolved.uids.length, from: selection.folder, to: null, uids: null };
  });
}

/** "Spam": flag $Junk (and not $NotJunk) and move to the Spam folder. */
export async function markSpam(imap: ImapRunner, credentials: Credentials, { selection }: SpamRequest): Promise<MoveResult> {
  return classify(imap, credentials, selection, { add: JUNK, remove: NOT_JUNK, to: 'junk' });
}

/** "Not Spam": flag $NotJunk (and not $Junk) and move to the Inbox. */
export async function markNotSpam(imap: ImapRunner, credentials: Credentials, { selection }: SpamRequest): Promise<MoveResult> {
  return classify(imap, credentials, selection, { add: NOT_JUNK, remove: JUNK, to: 'inbox' });
}

async function classify(
  imap: ImapRunner,
  credentials: Credentials,
  selection: MessageSelection,
  verdict: { add: string; remove: string; to: SpecialFolder },
): Promise<MoveResult> {
  const progress = new MoveProgress();
  return withSelection(imap, credentials, selection, async (client, resolved) => {
    const destination = verdict.to === 'inbox' ? 'INBOX' : await specialFolderPath(client, verdict.to);
    // A server that keeps no keywords in this folder still gets the move: the folder is the verdict users see.
    if (acceptsKeyword(client, verdict.add)) await storeFlags(client, resolved.uids, 'add', [verdict.add]);
    await storeFlags(client, resolved.uids, 'remove', [verdict.remove]);
    // "Not Spam" on a message the filter only marked (SPEC §7 "Mark as Spam" keeps it in the Inbox): flags only.
    if (sameFolder(selection.folder, destination)) {
      return { count: resolved.uids.length, from: selection.folder, to: selection.folder, uids: listedUids(resolved.uids) };
    }
    return moveResolved(client, resolved, destination, progress);
  });
}

/**
 * What a move has done so far, kept across the pool's retry: UIDs moved in a
 * first attempt are gone from the source, so a retry moves only the rest and
 * still reports every destination UID it learnt.
 */
class MoveProgress {
  readonly moved = new Map<number, number>();
  /** The server moved some without saying where (no UIDPLUS): undo by UID is impossible. */
  unmapped = false;
}

async function moveResolved(client: ImapFlow, resolved: ResolvedSelection, destination: string, progress: MoveProgress): Promise<MoveResult> {
  const remaining = resolved.uids.filter((uid) => !progress.moved.has(uid));
  // imapflow's messageMove falls back to COPY + \Deleted + UID EXPUNGE where the server lacks MOVE.
  for (const set of uidSetChunks(remaining)) {
    const result = await client.messageMove(set, destination, { uid: true });
    if (!result) throw new DomainError('mail_server_refused', `The mail server did not move the messages to "${destination}".`);
    if (result.uidMap) for (const [source, target] of result.uidMap) progress.moved.set(source, target);
    // With UIDPLUS, no COPYUID means nothing was moved (the messages went meanwhile).
    else if (!client.capabilities.has('UIDPLUS')) progress.unmapped = true;
  }
  const from = resolved.folder;
  if (progress.unmapped) return { count: resolved.uids.length, from, to: destination, uids: null };
  const uids = resolved.uids.flatMap((uid) => progress.moved.get(uid) ?? []);
  return { count: uids.length, from, to: destination, uids: listedUids(uids) };
}

/** More UIDs than one request may name cannot be moved back by UID anyway; the client then offers no undo. */
function listedUids(uids: number[]): number[] | null {
  return uids.length > MAX_SELECTED_UIDS ? null : uids;
}

function acceptsKeyword(client: ImapFlow, keyword: string): boolean {
  const permanent = client.mailbox ? client.mailbox.permanentFlags : undefined;
  // No PERMANENTFLAGS at all means every flag may be set permanently (RFC 3501 7.1).
  return !permanent || permanent.has('\\*') || permanent.has(keyword);
}

export async function storeFlags(client: ImapFlow, uids: readonly number[], operation: 'add' | 'remove', flags: string[]): Promise<void> {
  for (const set of uidSetChunks(uids)) {
    // Silent: no FETCH answer per message (thousands for a select-all).
    const options = { uid: true, silent: true };
    const stored = operation === 'add' ? await client.messageFlagsAdd(set, flags, options) : await client.messageFlagsRemove(set, flags, options);
    if (!stored) throw new DomainError('mail_server_refused', 'The mail server did not change the flags of these messages.');
  }
}

/**
 * Deletes exactly these messages for good: \Deleted, then UID EXPUNGE of the
 * same UIDs (RFC 4315). A plain EXPUNGE would also remove every message
 * another client had flagged \Deleted, so without UIDPLUS nothing is deleted.
 */
export async function expungeExactly(client: ImapFlow, uids: readonly number[]): Promise<void> {
  if (uids.length === 0) return;
  if (!client.capabilities.has('UIDPLUS')) {
    throw new DomainError('mail_server_refused', 'This mail server cannot delete single messages for good (it lacks UIDPLUS).');
  }
  await storeFlags(client, uids, 'add', ['\\Deleted']);
  for (const set of uidSetChunks(uids)) {
    // Collects no untagged kind of its own: the EXPUNGE answers go to imapflow, which keeps the folder's count right.
    await runRawCommand(client, 'UID EXPUNGE', [{ type: 'SEQUENCE', value: set }], 'UID EXPUNGE');
  }
}
