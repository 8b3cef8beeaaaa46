import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import { threadStackSchema, threadWindowSchema, type ThreadStack, type ThreadSummary, type ThreadWindow } from '../../../../shared/api/threads';
import { apiPath, request } from '../../../lib/api-client';
import { OFFLINE_READABLE, withOfflineCopy } from '../../../lib/offline/offline-copy';
import { PAGE_SIZE, pageOfRow } from './get-message-window';
import { mailKeys } from '../../../lib/mail-keys';

/** Messages of a conversation fetched at a time: the newest show first, older ones on request. */
export const STACK_PAGE_SIZE = 20;

export function threadWindowQueryOptions(folder: string, page: number) {
  return queryOptions({
    queryKey: mailKeys.threadWindow(folder, page),
    queryFn: (context) =>
      withOfflineCopy('window', context, () =>
        request(apiPath('/api/threads', { folder, offset: page * PAGE_SIZE, limit: PAGE_SIZE }), { schema: threadWindowSchema, signal: context.signal }),
      ),
    ...OFFLINE_READABLE,
  });
}

/** The thread at a list position, if its window is in the cache. */
export function cachedThread(queryClient: QueryClient, folder: string, index: number): ThreadSummary | undefined {
  const page = pageOfRow(index);
  return queryClient.getQueryData<ThreadWindow>(mailKeys.threadWindow(folder, page))?.items[index - page * PAGE_SIZE];
}

export function threadStackQueryOptions(folder: string, uid: number) {
  return infiniteQueryOptions({
    queryKey: mailKeys.threadStack(folder, uid),
    queryFn: ({ pageParam, signal }) =>
      request(apiPath('/api/threads/stack', { folder, uid, offset: pageParam, limit: STACK_PAGE_SIZE }), { schema: threadStackSchema, signal }),
    initialPageParam: 0,
    getNextPageParam: (last: ThreadStack) => (last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined),
  });
}
