import type { Readable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import PostalMime, { decodeWords } from 'postal-mime';
import '../windows-1252-decoding';
import type { HeaderField, MessageSource } from '../../../shared/api/messages';
import { SOURCE_VIEW_BYTES } from '../../../shared/limits';
import { DomainError } from '../../domain-error';
import { safeFilename } from '../file-names';
import { openFolder } from './message-window';

const messageGone = () => new DomainError('not_found', 'That message is not there any more.');

/**
 * Reads one message of `folder`; a miss on a connection that already had the
 * folder selected is read again after NOOP, as its view may predate the message
 * (it arrived over another connection).
 */
async function readInFolder<T>(client: ImapFlow, folder: string, read: () => Promise<T | false | undefined>): Promise<T> {
  const wasSelected = await openFolder(client, folder);
  let found = await read();
  if (!found && wasSelected) {
    await client.noop();
    found = await read();
  }
  if (!found) throw messageGone();
  return found;
}

/**
 * The raw message for "View source" and "Show all headers": its first
 * SOURCE_VIEW_BYTES only (a partial `BODY.PEEK[]<0.n>`, so neither the mail
 * server nor the browser handles a 30 MB message whole, and \Seen is not set).
 */
export async function fetchMessageSource(client: ImapFlow, folder: string, uid: number): Promise<MessageSource> {
  const message = await readInFolder(client, folder, () =>
    client.fetchOne(String(uid), { uid: true, size: true, source: { start: 0, maxLength: SOURCE_VIEW_BYTES } }, { uid: true }),
  );
  const bytes = message.source ?? Buffer.alloc(0);
  const size = message.size ?? bytes.length;
  const truncated = size > bytes.length;
  const headerEnd = endOfHeader(bytes);
  return {
    size,
    source: sourceText(bytes, truncated),
    truncated,
    headers: await headerFields(bytes.subarray(0, headerEnd ?? bytes.length)),
    headersTruncated: headerEnd === null && truncated,
  };
}

/** Where the header block ends (after its empty line), or null when these bytes hold none. */
function endOfHeader(bytes: Buffer): number | null {
  const blankLine = /\r?\n\r?\n/.exec(bytes.toString('latin1'));
  return blankLine ? blankLine.index + blankLine[0].length : null;
}

/** Raw mail is mostly ASCII; 8-bit text in it is UTF-8 or else, nearly always, mislabelled Windows-1252. */
function sourceText(bytes: Buffer, cut: boolean): string {
  try {
    // `stream` keeps a character the cut split in two from counting as invalid UTF-8 (it is dropped).
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut });
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** postal-mime's reading of the fields (unfolding, raw 8-bit text), in the message's order, with encoded words decoded. */
async function headerFields(header: Buffer): Promise<HeaderField[]> {
  const parsed = await PostalMime.parse(header);
  return parsed.headers.map((field) => ({ name: field.originalKey, value: decodeWords(field.value) }));
}

export interface MessageFile {
  /** A safe `<subject>.eml`. */
  filename: string;
  /** The message byte for byte, as the server holds it. */
  content: Readable;
}

/** The whole raw message as a stream (`BODY.PEEK[]` in chunks: downloading does not mark it read). */
export async function downloadMessageSource(client: ImapFlow, folder: string, uid: number): Promise<MessageFile> {
  const message = await readInFolder(client, folder, () => client.fetchOne(String(uid), { uid: true, envelope: true }, { uid: true }));
  const download = await client.download(String(uid), undefined, { uid: true, chunkSize: 1_048_576 });
  if (!download.content) throw messageGone();
  return { filename: emlFilename(message.envelope?.subject), content: download.content };
}

/** The .eml download is named by the message's subject. */
export function emlFilename(subject: string | undefined): string {
  return `${safeFilename(subject) || 'message'}.eml`;
}
