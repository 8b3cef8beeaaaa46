import type { ImapFlow } from 'imapflow';
import type { SpecialFolder } from '../../../shared/api/folders';
import { DomainError } from '../../domain-error';
import type { Credentials } from './imap-connection';
import { expungeExactly } from './message-actions';
import { openFolder } from './message-window';
import type { ImapRunner } from './selection';
import { specialFolderPath } from './special-folders';

/**
 * Stores a message in a special folder (Sent, Drafts) found by special-use, at
 * most once however often the pool retries; returns where it landed. Create it
 * outside `run`: APPEND is not idempotent, and a connection that drops after
 * the server stored the message but before its OK reached us would otherwise
 * leave two copies. Once its APPEND was sent, a retry first looks for the
 * message by its Message-ID (UID SEARCH HEADER) and appends only if it is not there.
 * `lookFirst` looks before the first APPEND too: an earlier process may have
 * stored it before it crashed (the outbox finishing a send after a restart).
 */
export function appendOnce(
  use: Extract<SpecialFolder, 'sent' | 'drafts'>,
  raw: Buffer,
  flags: string[],
  { lookFirst = false }: AppendOptions = {},
): (client: ImapFlow) => Promise<{ folder: string; uid: number | null }> {
  const messageId = idsInHeader(headerBlockOf(raw), 'Message-ID')[0];
  let sent = lookFirst;
  return async (client) => {
    const folder = await specialFolderPath(client, use);
    if (sent) {
      // Without a Message-ID nothing tells whether the first APPEND landed: one copy at most, never two.
      if (!messageId) throw new DomainError('mail_server_unavailable', `The connection to the mail server dropped while storing the message in "${folder}"; it may not be there.`);
      const uid = await findByMessageId(client, folder, messageId);
      if (uid !== null) return { folder, uid };
    }
    sent = true;
    const appended = await client.append(folder, raw, flags);
    if (!appended) throw new DomainError('mail_server_refused', `The mail server did not store the message in "${folder}".`);
    return { folder, uid: appended.uid ?? null };
  };
}

/** `appendOnce` in a pooled connection of its own (the Sent copy of a message just sent). */
export function storeInSpecialFolder(
  imap: ImapRunner,
  user: Credentials,
  use: Extract<SpecialFolder, 'sent' | 'drafts'>,
  raw: Buffer,
  flags: string[],
  options: AppendOptions = {},
): Promise<{ folder: string; uid: number | null }> {
  const append = appendOnce(use, raw, flags, options);
  return imap.run(user, ({ client }) => append(client));
}

interface AppendOptions {
  lookFirst?: boolean;
}

/** The special folder's path when it holds a message with this Message-ID, else null. */
export async function findInSpecialFolder(client: ImapFlow, use: Extract<SpecialFolder, 'sent' | 'drafts'>, messageId: string): Promise<string | null> {
  const folder = await specialFolderPath(client, use);
  return (await findByMessageId(client, folder, messageId)) === null ? null : folder;
}

async function findByMessageId(client: ImapFlow, folder: string, messageId: string): Promise<number | null> {
  // A view opened before the APPEND lacks the message until a sync.
  if (await openFolder(client, folder)) await client.noop();
  const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
  return uids && uids.length > 0 ? Math.max(...uids) : null;
}

/** Deletes one message for good (a replaced or sent draft): UID EXPUNGE of it alone. */
export async function deleteForGood(client: ImapFlow, folder: string, uid: number): Promise<void> {
  await openFolder(client, folder);
  await client.noop();
  await expungeExactly(client, [uid]);
}

/** After a reply \Answered, after a forward $Forwarded (RFC 5550), on the original. */
export async function markOriginal(client: ImapFlow, folder: string, uid: number, mode: 'reply' | 'replyAll' | 'forward'): Promise<void> {
  await openFolder(client, folder);
  await client.messageFlagsAdd(String(uid), [mode === 'forward' ? '$Forwarded' : '\\Answered'], { uid: true });
}

/** The headers a reply threads on: the original's Message-ID and References. */
export async function threadingHeaders(client: ImapFlow, folder: string, uid: number): Promise<{ messageId: string | null; references: string[] }> {
  const headers = (await fetchSource(client, folder, uid, { headersOnly: true })).toString('utf8');
  return { messageId: idsInHeader(headers, 'Message-ID')[0] ?? null, references: idsInHeader(headers, 'References') };
}

/** The message ids (`<…>`) one header of a header block names. */
function idsInHeader(headerBlock: string, name: string): string[] {
  const unfolded = headerBlock.replace(/\r?\n[ \t]+/g, ' ');
  const value = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1] ?? '';
  return value.match(/<[^<>\s]+>/g) ?? [];
}

function headerBlockOf(raw: Buffer): string {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

/** The raw message (or only its header block): a draft to resume, a reply's headers. */
export async function fetchSource(client: ImapFlow, folder: string, uid: number, options: { headersOnly?: boolean } = {}): Promise<Buffer> {
  const wasSelected = await openFolder(client, folder);
  const query = options.headersOnly ? { uid: true, headers: true } : { uid: true, source: true };
  const fetch = () => client.fetchOne(String(uid), query, { uid: true });
  let message = await fetch();
  // This connection's view may predate the message (it arrived over another one): NOOP brings it in.
  if (!message && wasSelected) {
    await client.noop();
    message = await fetch();
  }
  const bytes = message ? (options.headersOnly ? message.headers : message.source) : undefined;
  if (!bytes) throw new DomainError('not_found', 'That message is not there any more.');
  return bytes;
}
