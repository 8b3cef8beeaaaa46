import { apiPath } from '../../../lib/api-client';

/** Download address of one body part; `inline` asks for an image to show inside the message. */
export function attachmentUrl(folder: string, uid: number, part: string, inline = false): string {
  return apiPath(`/api/messages/${uid}/attachments/${encodeURIComponent(part)}`, {
    folder,
    inline: inline ? 1 : undefined,
  });
}
