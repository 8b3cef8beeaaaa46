import type { Readable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import { AppError } from '../../http/app-error';
import { openFolder } from './message-window';

export interface AttachmentStream {
  filename: string;
  contentType: string;
  content: Readable;
}

/** Streams one body part, transfer-decoded but byte-for-byte otherwise (no charset conversion). */
export async function downloadPart(client: ImapFlow, folder: string, uid: number, part: string): Promise<AttachmentStream> {
  await openFolder(client, folder);
  const download = await client.download(String(uid), part, { uid: true, decodeText: false });
  if (!download?.content) throw new AppError(404, 'not_found', 'That attachment is not there any more.');
  return {
    filename: download.meta?.filename || `attachment-${part}`,
    contentType: (download.meta?.contentType ?? 'application/octet-stream').toLowerCase(),
    content: download.content,
  };
}
