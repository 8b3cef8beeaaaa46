import { useQuery } from '@tanstack/react-query';
import { messageSourceSchema } from '../../../../shared/api/messages';
import { apiPath, request } from '../../../lib/api-client';
import { mailKeys } from '../../../lib/mail-keys';

/** "Download (.eml)": the whole raw message, served as an attachment named by its subject. */
export function emlUrl(folder: string, uid: number): string {
  return apiPath(`/api/messages/${uid}/eml`, { folder });
}

/** "Open in new window": the app's page that shows just this message. */
export function standaloneMessagePath(folder: string, uid: number): string {
  return apiPath(`/message/${uid}`, { folder });
}

/** The raw source (its first MB) and the header fields, for "View source" and "Show all headers". */
export function useMessageSource(folder: string, uid: number) {
  return useQuery({
    queryKey: [...mailKeys.detail(folder, uid), 'source'] as const,
    queryFn: ({ signal }) => request(apiPath(`/api/messages/${uid}/source`, { folder }), { schema: messageSourceSchema, signal }),
    // A UID names one immutable message.
    staleTime: 5 * 60_000,
  });
}
