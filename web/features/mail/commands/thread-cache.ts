import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import type { ThreadStack, ThreadSummary, ThreadWindow } from '../../../../shared/api/threads';
import { PAGE_SIZE } from '../api/get-message-window';
import { mailKeys } from '../../../lib/mail-keys';
import type { ActionTarget } from './cache-updates';

/**
 * The optimistic side of the mail commands for conversations (issue 17): a
 * command on a thread is a command on its UIDs, and its rows and stack change
 * here with the flat list's, before the server answers. The refetch after the
 * command brings the server's exact counts.
 */

function conversationEntries<T>(queryClient: QueryClient, folder: string, kind: 'threads' | 'stack'): Array<[QueryKey, T]> {
  return queryClient
    .getQueriesData<T>({ queryKey: mailKeys.folderWindows(folder) })
    .filter((entry): entry is [QueryKey, T] => entry[1] !== undefined && (entry[0][3] as Record<string, unknown> | undefined)?.[kind] !== undefined);
}

/** Which of the folder's messages the command names; every one for "all" without a search, none knowable for a search's "all". */
function targetTest(target: ActionTarget): ((uid: number) => boolean) | null {
  if (!target.uids) return target.view.search ? null : () => true;
  const named = new Set(target.uids);
  return (uid) => named.has(uid);
}

export function applyConversationFlag(queryClient: QueryClient, target: ActionTarget, flag: 'seen' | 'flagged', value: boolean): void {
  const isTarget = targetTest(target);
  if (!isTarget) return;
  const updateThread = (thread: ThreadSummary): ThreadSummary => {
    const named = thread.uids.filter(isTarget);
    if (named.length === 0) return thread;
    if (flag === 'flagged') return { ...thread, flagged: value || (thread.flagged && named.length < thread.uids.length) };
    const unreadUids = value ? thread.unreadUids.filter((uid) => !isTarget(uid)) : [...new Set([...thread.unreadUids, ...named])];
    return { ...thread, unreadUids, unread: unreadUids.length };
  };
  for (const [key, window] of conversationEntries<ThreadWindow>(queryClient, target.folder, 'threads')) {
    queryClient.setQueryData<ThreadWindow>(key, { ...window, items: window.items.map(updateThread) });
  }
  for (const [key, stack] of conversationEntries<InfiniteData<ThreadStack>>(queryClient, target.folder, 'stack')) {
    const pages = stack.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => (item.folder === target.folder && isTarget(item.uid) ? { ...item, flags: { ...item.flags, [flag]: value } } : item)),
    }));
    queryClient.setQueryData<InfiniteData<ThreadStack>>(key, { ...stack, pages });
  }
}

/**
 * Threads whose messages all leave the folder leave the list, and the rows
 * after them move up across the cached windows; a thread that keeps some
 * messages stays with those.
 */
export function applyConversationRemoval(queryClient: QueryClient, target: ActionTarget): void {
  const isTarget = targetTest(target);
  if (!isTarget) return;
  const windows = conversationEntries<ThreadWindow>(queryClient, target.folder, 'threads');
  const rows = new Map<number, ThreadSummary>();
  for (const [, window] of windows) window.items.forEach((thread, i) => rows.set(window.offset + i, thread));
  const kept = new Map<number, ThreadSummary>();
  let removed = 0;
  for (const position of [...rows.keys()].sort((a, b) => a - b)) {
    const thread = rows.get(position)!;
    const uids = thread.uids.filter((uid) => !isTarget(uid));
    if (uids.length === 0) {
      removed++;
      continue;
    }
    const unreadUids = thread.unreadUids.filter((uid) => !isTarget(uid));
    kept.set(position - removed, uids.length === thread.uids.length ? thread : { ...thread, uids, count: uids.length, unreadUids, unread: unreadUids.length });
  }
  for (const [key, window] of windows) {
    const total = Math.max(0, window.total - removed);
    const items: ThreadSummary[] = [];
    for (let i = window.offset; i < window.offset + PAGE_SIZE && i < total && kept.has(i); i++) items.push(kept.get(i)!);
    queryClient.setQueryData<ThreadWindow>(key, { ...window, total, items });
  }
  for (const [key, stack] of conversationEntries<InfiniteData<ThreadStack>>(queryClient, target.folder, 'stack')) {
    const pages = stack.pages.map((page) => ({
      ...page,
      uids: page.uids.filter((uid) => !isTarget(uid)),
      items: page.items.filter((item) => item.folder !== target.folder || !isTarget(item.uid)),
    }));
    queryClient.setQueryData<InfiniteData<ThreadStack>>(key, { ...stack, pages });
  }
}
