import { useMutation } from '@tanstack/react-query';
import { unsubscribeResultSchema, type UnsubscribeResult } from '../../../../shared/api/unsubscribe';
import { request } from '../../../lib/api-client';

/** The BFF reads the message's List-Unsubscribe itself and does the unsubscribing; the page names only the message. */
export function unsubscribeFromList(folder: string, uid: number): Promise<UnsubscribeResult> {
  return request('/api/unsubscribe', { method: 'POST', body: { folder, uid }, schema: unsubscribeResultSchema });
}

export function useUnsubscribe(folder: string, uid: number) {
  return useMutation({ mutationFn: () => unsubscribeFromList(folder, uid) });
}
