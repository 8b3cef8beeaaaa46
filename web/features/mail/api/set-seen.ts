import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { FolderList } from '../../../../shared/api/folders';
import type { MessageDetail, MessageWindow, SetSeenRequest } from '../../../../shared/api/messages';
import { request } from '../../../lib/api-client';
import { mailKeys } from './query-keys';

export function setSeen(body: SetSeenRequest): Promise<void> {
  return request('/api/messages/seen', { method: 'POST', body });
}

interface Snapshot {
  windows: Array<[QueryKey, MessageWindow | undefined]>;
  folders: FolderList | undefined;
  details: Array<[QueryKey, MessageDetail | undefined]>;
}

/**
 * Marking read or unread changes three things the user sees: the message's
 * flags in the list, its cached detail, and the folder's unread count. All
 * three change here, at once, before the server answers; a failure puts all
 * three back. This is the only place that does it.
 */
function applySeen(queryClient: QueryClient, { folder, uids, seen }: SetSeenRequest): Snapshot {
  const wanted = new Set(uids);
  const snapshot: Snapshot = {
    windows: queryClient.getQueriesData<MessageWindow>({ queryKey: mailKeys.folderWindows(folder) }),
    folders: queryClient.getQueryData<FolderList>(mailKeys.folders()),
    details: uids.map((uid) => [mailKeys.detail(folder, uid), queryClient.getQueryData<MessageDetail>(mailKeys.detail(folder, uid))]),
  };

  // Count only messages whose state really flips; unknown ones are assumed to.
  const known = new Map<number, boolean>();
  for (const [, window] of snapshot.windows) {
    for (const item of window?.items ?? []) if (wanted.has(item.uid)) known.set(item.uid, item.flags.seen);
  }
  for (const [, detail] of snapshot.details) if (detail && !known.has(detail.uid)) known.set(detail.uid, detail.flags.seen);
  const flipped = uids.filter((uid) => known.get(uid) !== seen).length;

  queryClient.setQueriesData<MessageWindow>({ queryKey: mailKeys.folderWindows(folder) }, (window) =>
    window && window.items.some((item) => wanted.has(item.uid))
      ? {
          ...window,
          items: window.items.map((item) => (wanted.has(item.uid) ? { ...item, flags: { ...item.flags, seen } } : item)),
        }
      : window,
  );
  for (const [key, detail] of snapshot.details) {
    if (detail) queryClient.setQueryData<MessageDetail>(key, { ...detail, flags: { ...detail.flags, seen } });
  }
  if (flipped > 0) {
    queryClient.setQueryData<FolderList>(mailKeys.folders(), (list) =>
      list && {
        ...list,
        folders: list.folders.map((f) =>
          f.path === folder ? { ...f, unread: Math.max(0, Math.min(f.total, f.unread + (seen ? -flipped : flipped))) } : f,
        ),
      },
    );
  }
  return snapshot;
}

function restore(queryClient: QueryClient, snapshot: Snapshot): void {
  for (const [key, window] of snapshot.windows) queryClient.setQueryData(key, window);
  for (const [key, detail] of snapshot.details) queryClient.setQueryData(key, detail);
  queryClient.setQueryData(mailKeys.folders(), snapshot.folders);
}

export function useSetSeen() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setSeen,
    onMutate: async (variables) => {
      // A refetch already under way would land on top of the optimistic state with the old flags.
      // Only queries that hold data are cancelled: cancelling a first load would leave it empty.
      const hasData = { predicate: (query: { state: { data: unknown } }) => query.state.data !== undefined };
      await Promise.all([
        queryClient.cancelQueries({ queryKey: mailKeys.folderWindows(variables.folder), ...hasData }),
        queryClient.cancelQueries({ queryKey: mailKeys.folders(), ...hasData }),
      ]);
      return applySeen(queryClient, variables);
    },
    onError: (_error, variables, snapshot) => {
      if (snapshot) restore(queryClient, snapshot);
      // Whatever the server did, show what it has now.
      void queryClient.invalidateQueries({ queryKey: mailKeys.folderWindows(variables.folder) });
      void queryClient.invalidateQueries({ queryKey: mailKeys.folders() });
    },
  });
}
