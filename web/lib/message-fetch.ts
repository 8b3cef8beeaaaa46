import { messageDetailSchema, type BodyExtent, type MessageDetail } from '../../shared/api/messages';
import { apiPath, request } from './api-client';

/** One message as the BFF shows it: read by the mail view, and by compose for the message it answers or forwards. */
export function getMessage(folder: string, uid: number, signal?: AbortSignal, body: BodyExtent = 'preview'): Promise<MessageDetail> {
  return request(apiPath(`/api/messages/${uid}`, { folder, body: body === 'full' ? 'full' : undefined }), { schema: messageDetailSchema, signal });
}
