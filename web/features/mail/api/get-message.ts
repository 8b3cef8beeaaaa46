import { queryOptions, useQuery } from '@tanstack/react-query';
import { getMessage } from '../../../lib/message-fetch';
import { OFFLINE_READABLE, withOfflineCopy } from '../../../lib/offline/offline-copy';
import { mailKeys } from '../../../lib/mail-keys';

export function messageQueryOptions(folder: string, uid: number) {
  return queryOptions({
    queryKey: mailKeys.detail(folder, uid),
    queryFn: (context) => withOfflineCopy('message', context, () => getMessage(folder, uid, context.signal)),
    ...OFFLINE_READABLE,
    // A UID names one immutable message; only its flags change, and we write those ourselves.
    staleTime: 5 * 60_000,
  });
}

export function useMessage(folder: string, uid: number) {
  return useQuery(messageQueryOptions(folder, uid));
}

/** The uncut bodies of a long message ("Show the whole message"), asked for only once the user wants them. */
export function useWholeMessage(folder: string, uid: number, enabled: boolean) {
  return useQuery({
    queryKey: [...mailKeys.detail(folder, uid), 'whole'] as const,
    queryFn: ({ signal }) => getMessage(folder, uid, signal, 'full'),
    enabled,
    staleTime: 5 * 60_000,
  });
}
