import type { ImapFlow } from 'imapflow';
import { SNOOZED_FOLDER_NAME } from '../../../shared/api/snooze';
import { DomainError } from '../../domain-error';
import { topLevelPath } from './folder-admin';
import { expungeExactly } from './message-actions';
import { atom, type RawAttribute } from './raw-command';
import { openWritable, uidSearch } from './selection';
import { findEntry, listMailboxEntries } from './special-folders';
import { uidSetChunks } from './uid-set';

/** Names the returned copy after its snooze, so a repeat after a crash finds it in the Inbox instead of storing it twice. */
const SNOOZE_HEADER = 'X-Tern-Snooze';
/** The Date the message had before it came back (its Date now says when it came back). */
const ORIGINAL_DATE_HEADER = 'X-Tern-Original-Date';
/** What a returned copy does not carry over: it comes back unread. */
const NOT_CARRIED = new Set(['\\seen', '\\deleted', '\\recent']);

/** Where a stopped process is killed in the fault tests: the copy is in the Inbox, the snoozed one not yet gone. */
export type SnoozeCheckpoint = 'snooze-appended';

/** The path of the Snoozed folder (top level), created when `create` and missing; null when missing. */
export async function snoozedFolderPath(client: ImapFlow, create: boolean): Promise<string | null> {
  const path = topLevelPath(client, SNOOZED_FOLDER_NAME);
  const entry = findEntry(await listMailboxEntries(client), path);
  if (entry && !entry.noselect) return entry.path;
  if (!create) return null;
  try {
    // imapflow subscribes a folder it creates: it shows in every mail app.
    await client.mailboxCreate(path);
  } catch (err) {
    // Two snoozes at once (another tab, another instance): the other one created it.
    if (!findEntry(await listMailboxEntries(client), path)) throw err;
  }
  return path;
}

/** The Message-ID of each of these messages of the selected folder that still exists (null when it has none). */
export async function messageIdsOf(client: ImapFlow, uids: readonly number[]): Promise<Map<number, string | null>> {
  const ids = new Map<number, string | null>();
  for (const set of uidSetChunks(uids)) {
    for (const message of await client.fetchAll(set, { uid: true, envelope: true }, { uid: true })) {
      ids.set(message.uid, message.envelope?.messageId || null);
    }
  }
  return ids;
}

/**
 * Moves messages of the selected folder to `destination`, resuming what a
 * first attempt moved (the pool runs an operation again after a dropped
 * connection); `moved` maps source UIDs to destination UIDs (COPYUID).
 */
export async function moveOnce(client: ImapFlow, uids: readonly number[], destination: string, moved: Map<number, number>): Promise<void> {
  for (const set of uidSetChunks(uids.filter((uid) => !moved.has(uid)))) {
    const result = await client.messageMove(set, destination, { uid: true });
    if (!result) throw new DomainError('mail_server_refused', `The mail server did not move the messages to "${destination}".`);
    for (const [source, target] of result.uidMap ?? []) moved.set(source, target);
  }
}

/**
 * Brings a snoozed message back to the top of the Inbox, unread: a copy whose
 * Date is the return time (the list sorts by Date, see docs/architecture.md)
 * is stored in the Inbox, then the snoozed one is expunged. Safe to run again
 * at any point: a copy already in the Inbox (found by its snooze header) is
 * not stored twice, and the snoozed one is expunged only once that copy is
 * there. 'gone': the message is no longer in Snoozed (moved or deleted by
 * another mail app) and nothing was done.
 */
export async function returnToInbox(
  client: ImapFlow,
  snooze: { id: string; messageId: string },
  now: Date,
  checkpoint?: (point: SnoozeCheckpoint) => void,
): Promise<{ outcome: 'returned' | 'gone'; folder: string | null }> {
  await openWritable(client, 'INBOX');
  const alreadyBack = await carriesSnooze(client, await uidSearch(client, headerIs('Message-ID', snooze.messageId)), snooze.id);
  const folder = await snoozedFolderPath(client, false);
  let snoozedUid: number | undefined;
  if (folder) {
    await openWritable(client, folder);
    snoozedUid = Math.max(...(await uidSearch(client, headerIs('Message-ID', snooze.messageId))), 0) || undefined;
  }
  if (!alreadyBack) {
    if (snoozedUid === undefined) return { outcome: 'gone', folder };
    const message = await client.fetchOne(String(snoozedUid), { uid: true, source: true, flags: true }, { uid: true });
    if (!message || !message.source) return { outcome: 'gone', folder };
    const flags = [...(message.flags ?? [])].filter((flag) => !NOT_CARRIED.has(flag.toLowerCase()));
    const stored = await client.append('INBOX', returnedCopy(message.source, snooze.id, now), flags, now);
    if (!stored) throw new DomainError('mail_server_refused', 'The mail server did not store the message in the Inbox.');
    checkpoint?.('snooze-appended');
    await openWritable(client, folder!);
  }
  if (snoozedUid !== undefined) await expungeExactly(client, [snoozedUid]);
  return { outcome: 'returned', folder };
}

/**
 * Whether one of these Inbox messages is this snooze's returned copy. Found by
 * Message-ID first: the server's full-text index answers header searches, and
 * it does not match a UUID in a header of Tern's own reliably.
 */
async function carriesSnooze(client: ImapFlow, uids: number[], snoozeId: string): Promise<boolean> {
  if (uids.length === 0) return false;
  const messages = await client.fetchAll(uids.join(','), { uid: true, headers: [SNOOZE_HEADER] }, { uid: true });
  return messages.some((message) => message.headers?.toString('latin1').includes(snoozeId));
}

function headerIs(name: string, value: string): RawAttribute[] {
  return [atom('HEADER'), { type: 'STRING', value: name }, { type: 'STRING', value }];
}

/**
 * The message as it comes back: Date set to the return time (what the list
 * sorts and shows), the original Date kept in X-Tern-Original-Date, and the
 * snooze named. Everything else, body included, byte for byte.
 */
export function returnedCopy(raw: Buffer, snoozeId: string, now: Date): Buffer {
  const text = raw.toString('latin1');
  const blankLine = /\r?\n\r?\n/.exec(text);
  const head = blankLine ? text.slice(0, blankLine.index) : text;
  // From the end of the last header line: the blank line and the body, untouched.
  const rest = blankLine ? text.slice(blankLine.index) : '';
  const newline = head.includes('\r\n') || rest.startsWith('\r\n') ? '\r\n' : '\n';
  // Header fields, each with its folded continuation lines.
  const fields = head.split(/\r?\n(?![ \t])/).filter((field) => field !== '');
  const valueOf = (name: string) => fields.find((field) => new RegExp(`^${name}[ \\t]*:`, 'i').test(field))?.replace(/^[^:]*:[ \t]*/, '');
  // Snoozed before: the Date it had first is the one to keep.
  const originalDate = valueOf(ORIGINAL_DATE_HEADER) ?? valueOf('Date');
  const kept = fields.filter((field) => !/^(date|x-tern-snooze|x-tern-original-date)[ \t]*:/i.test(field));
  // Below the trace fields (Received, Authentication-Results), which stay on top.
  const added = [
    `Date: ${rfc5322Date(now)}`,
    `${SNOOZE_HEADER}: ${snoozeId}`,
    ...(originalDate === undefined ? [] : [`${ORIGINAL_DATE_HEADER}: ${originalDate}`]),
  ];
  return Buffer.from([...kept, ...added].join(newline) + (rest || newline + newline), 'latin1');
}

/** "Thu, 03 Dec 2026 11:00:00 +0000" (RFC 5322 §3.3). */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
