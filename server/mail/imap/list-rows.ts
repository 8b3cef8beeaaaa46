import type { FetchMessageObject, MessageStructureObject } from 'imapflow';
import { LRUCache } from 'lru-cache';
import type { MessageFlags, MessageSummary } from '../../../shared/api/messages';
import type { PooledConnection } from './connection-pool';
import { addressOf, addressesOf, flagsOf } from './envelope';

/** What a list row needs, nothing more: the body is fetched only when a message is opened. */
const SUMMARY_FETCH_QUERY = { uid: true, flags: true, envelope: true, size: true, bodyStructure: true, internalDate: true } as const;

/** All of a row but its flags: what a message is never changes while its folder keeps its UIDVALIDITY. */
export type FixedRow = Omit<MessageSummary, 'flags'>;

/**
 * Rows already read, on any connection of this instance, by login, folder,
 * UIDVALIDITY and UID. Parsing envelopes and body structures was a quarter of
 * the BFF's CPU under load (bench:load profile), for the same 50 rows at every
 * list; now a repeated window costs one FETCH of the flags. Bounded by the
 * text held (about 60 MB at the most); a user's rows age out after sign-out.
 */
const fixedRows = new LRUCache<string, FixedRow>({
  maxSize: 30_000_000,
  sizeCalculation: (row) => 200 + row.subject.length + [row.from, ...row.to].reduce((sum, address) => sum + (address ? address.name.length + address.address.length + 40 : 0), 0),
});

/**
 * List rows for these UIDs of the selected folder, in the order given: what
 * never changes from the cache, the flags always from the server (another
 * mail app may have changed them). A UID the server no longer has is left out.
 */
export async function fetchSummaries(connection: PooledConnection, uids: readonly number[]): Promise<MessageSummary[]> {
  const { rows, flags } = await fetchRowsAndFlags(connection, uids);
  // FETCH answers in mailbox order; the rows go in the order asked.
  return uids.flatMap((uid) => {
    const row = rows.get(uid);
    const rowFlags = flags.get(uid);
    return row && rowFlags ? [{ ...row, flags: rowFlags }] : [];
  });
}

/**
 * The fixed part of the rows of `rowUids` (cached, the rest by one full FETCH,
 * which brings their flags along) and the flags of those and of `flagUids`
 * (one FETCH of FLAGS for whatever the first did not bring): two round trips
 * at most, one when every row is cached.
 */
export async function fetchRowsAndFlags(
  connection: PooledConnection,
  rowUids: readonly number[],
  flagUids: readonly number[] = [],
): Promise<{ rows: Map<number, FixedRow>; flags: Map<number, MessageFlags> }> {
  const { client } = connection;
  const mailbox = client.mailbox;
  if (!mailbox) throw new Error('no folder selected');
  const scope = [connection.login, mailbox.path, String(mailbox.uidValidity), ''].join('\0');
  const rows = new Map<number, FixedRow>();
  const unknown: number[] = [];
  for (const uid of rowUids) {
    const row = fixedRows.get(scope + uid);
    if (row) rows.set(uid, row);
    else unknown.push(uid);
  }
  const flags = new Map<number, MessageFlags>();
  if (unknown.length > 0) {
    for (const message of await client.fetchAll(unknown.join(','), SUMMARY_FETCH_QUERY, { uid: true })) {
      const row = fixedRowOf(message);
      fixedRows.set(scope + message.uid, row);
      rows.set(message.uid, row);
      flags.set(message.uid, flagsOf(message.flags));
    }
  }
  // A row UID the full FETCH did not bring is gone from the server: no flags to ask for.
  const flagsToFetch = [...new Set([...rowUids.filter((uid) => rows.has(uid)), ...flagUids])].filter((uid) => !flags.has(uid));
  if (flagsToFetch.length > 0) {
    for (const message of await client.fetchAll(flagsToFetch.join(','), { uid: true, flags: true }, { uid: true })) flags.set(message.uid, flagsOf(message.flags));
  }
  return { rows, flags };
}

function fixedRowOf(message: FetchMessageObject): FixedRow {
  const envelope = message.envelope;
  const date = envelope?.date ?? message.internalDate;
  return {
    uid: message.uid,
    from: addressOf(envelope?.from?.[0]),
    to: addressesOf(envelope?.to),
    subject: envelope?.subject ?? '',
    date: date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : new Date(0).toISOString(),
    size: message.size ?? 0,
    hasAttachments: message.bodyStructure ? hasAttachment(message.bodyStructure) : false,
  };
}

function hasAttachment(node: MessageStructureObject): boolean {
  if (node.childNodes?.length) return node.childNodes.some(hasAttachment);
  return node.disposition === 'attachment' || Boolean(node.dispositionParameters?.filename ?? node.parameters?.name);
}
