import type { ImapFlow } from 'imapflow';
import type { SpecialFolder } from '../../../shared/api/folders';
import { AppError } from '../../http/app-error';
import { expungeExactly } from './message-actions';
import { openFolder } from './message-window';
import { specialFolderPath } from './special-folders';

/** Stores a message in a special folder (Sent, Drafts) found by special-use; returns where it landed. */
export async function appendToSpecialFolder(
  client: ImapFlow,
  use: Extract<SpecialFolder, 'sent' | 'drafts'>,
  raw: Buffer,
  flags: string[],
): Promise<{ folder: string; uid: number | null }> {
  const folder = await specialFolderPath(client, use);
  const appended = await client.append(folder, raw, flags);
  if (!appended) throw new AppError(400, 'mail_server_refused', `The mail server did not store the message in "${folder}".`);
  return { folder, uid: appended.uid ?? null };
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
  const source = await fetchSource(client, folder, uid, { headersOnly: true });
  const headers = source.toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
  const ids = (value: string) => value.match(/<[^<>\s]+>/g) ?? [];
  return { messageId: ids(header('Message-ID'))[0] ?? null, references: ids(header('References')) };
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
  if (!bytes) throw new AppError(404, 'not_found', 'That message is not there any more.');
  return bytes;
}
