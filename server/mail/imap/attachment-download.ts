import type { Readable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import { DomainError } from '../../domain-error';
import { safeFilename } from '../file-names';
import { openFolder } from './message-window';
import { findPart, partFilename } from './part-names';

export interface AttachmentStream {
  filename: string;
  contentType: string;
  content: Readable;
}

/** Streams one body part, transfer-decoded but byte-for-byte otherwise (no charset conversion). */
export async function downloadPart(client: ImapFlow, folder: string, uid: number, part: string): Promise<AttachmentStream> {
  const wasSelected = await openFolder(client, folder);
  const fetch = () => client.download(String(uid), part, { uid: true, decodeText: false });
  let download = await fetch();
  // This connection's view may predate the message (it arrived over another one): NOOP brings it in.
  if (!download?.content && wasSelected) {
    await client.noop();
    download = await fetch();
  }
  if (!download?.content) throw new DomainError('not_found', 'That attachment is not there any more.');
  return {
    filename: safeFilename(download.meta?.filename) || (await unnamedPartFilename(client, uid, part)),
    contentType: (download.meta?.contentType ?? 'application/octet-stream').toLowerCase(),
    content: download.content,
  };
}

/** The name the attachment list gave a part its sender left unnamed (a bounce's returned message: its subject). */
async function unnamedPartFilename(client: ImapFlow, uid: number, part: string): Promise<string> {
  const message = await client.fetchOne(String(uid), { uid: true, bodyStructure: true }, { uid: true });
  const node = message && message.bodyStructure ? findPart(message.bodyStructure, part) : null;
  return partFilename(node ?? { type: 'application/octet-stream', part });
}
