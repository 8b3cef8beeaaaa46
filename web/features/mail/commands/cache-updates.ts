import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { MessageSelection } from '../../../../shared/api/actions';
import type { FolderList } from '../../../../shared/api/folders';
import type { MessageDetail, MessageFlags, MessageSummary, MessageWindow } from '../../../../shared/api/messages';
import { PAGE_SIZE } from '../api/get-message-window';
import { isConversationKey, mailKeys, sameView, viewOfWindowKey, type ListView } from '../../../lib/mail-keys';
import { applyConversationFlag, applyConversationRemoval } from './thread-cache';

/**
 * What a mail command acts on: named messages of one folder, or all of the
 * folder (or of the search shown in `view`) when `uids` is null.
 */
export interface ActionTarget {
  folder: string;
  /** The view the messages were chosen in; a search narrows "all". */
  view: ListView;
  uids: number[] | null;
  /** How many messages that is, for the words on the screen. */
  count: number;
}

export function toSelection({ folder, view, uids }: ActionTarget): MessageSelection {
  if (uids) return { folder, uids };
  return view.search ? { folder, all: true, search: view.search, searchIn: view.searchIn ?? 'subject' } : { folder, all: true, searchIn: 'subject' };
}

/** Everything an optimistic change may touch, to put back if the server says no. */
export interface MailSnapshot {
  windows: Array<[QueryKey, MessageWindow | undefined]>;
  details: Array<[QueryKey, MessageDetail | undefined]>;
  folders: FolderList | undefined;
}

/**
 * Stops refetches of the folder's windows and the folder list: one landing
 * after the optimistic change would bring the old state back. Only queries
 * that hold data are cancelled; cancelling a first load would leave it empty.
 */
export async function cancelRefetches(queryClient: QueryClient, folder: string): Promise<void> {
  const hasData = { predicate: (query: { state: { data: unknown } }) => query.state.data !== undefined };
  await Promise.all([
    queryClient.cancelQueries({ queryKey: mailKeys.folderWindows(folder), ...hasData }),
    queryClient.cancelQueries({ queryKey: mailKeys.folders(), ...hasData }),
  ]);
}

export function takeSnapshot(queryClient: QueryClient, folder: string): MailSnapshot {
  return {
    windows: queryClient.getQueriesData<MessageWindow>({ queryKey: mailKeys.folderWindows(folder) }),
    details: queryClient.getQueriesData<MessageDetail>({ queryKey: mailKeys.folderDetails(folder) }),
    folders: queryClient.getQueryData<FolderList>(mailKeys.folders()),
  };
}

export function restoreSnapshot(queryClient: QueryClient, snapshot: MailSnapshot): void {
  for (const [key, window] of snapshot.windows) queryClient.setQueryData(key, window);
  for (const [key, detail] of snapshot.details) queryClient.setQueryData(key, detail);
  queryClient.setQueryData(mailKeys.folders(), snapshot.folders);
}

/** The folder's cached windows of messages (its conversations' windows are kept apart: thread-cache.ts). */
function messageWindows(queryClient: QueryClient, folder: string): Array<[QueryKey, MessageWindow | undefined]> {
  return queryClient.getQueriesData<MessageWindow>({ queryKey: mailKeys.folderWindows(folder), predicate: (query) => !isConversationKey(query.queryKey) });
}

/** Does a cached window hold messages of the target? Named UIDs are anywhere; "all" of a search only in that search. */
function inScope(target: ActionTarget, key: QueryKey): boolean {
  if (target.uids || !target.view.search) return true;
  return sameView(viewOfWindowKey(key), target.view);
}

function matcher(target: ActionTarget): (uid: number) => boolean {
  if (!target.uids) return () => true;
  const wanted = new Set(target.uids);
  return (uid) => wanted.has(uid);
}

function updateFolderCounts(queryClient: QueryClient, change: (folder: FolderList['folders'][number]) => FolderList['folders'][number]) {
  queryClient.setQueryData<FolderList>(mailKeys.folders(), (list) => list && { ...list, folders: list.folders.map(change) });
}

function clampCounts<T extends { unread: number; total: number }>(folder: T): T {
  const total = Math.max(0, folder.total);
  return { ...folder, total, unread: Math.max(0, Math.min(total, folder.unread)) };
}

/**
 * Setting or clearing a flag changes what the user sees in three places: the
 * rows in the list, the open message, and (for "seen") the folder's unread
 * count. All three change here, at once, before the server answers.
 */
export function applyFlag(queryClient: QueryClient, target: ActionTarget, flag: 'seen' | 'flagged', value: boolean): void {
  const { folder } = target;
  const isTarget = matcher(target);
  const windows = messageWindows(queryClient, folder);
  applyConversationFlag(queryClient, target, flag, value);

  // Count only messages whose state really flips; named ones not in the cache are assumed to.
  const known = new Map<number, boolean>();
  for (const [key, window] of windows) {
    if (!inScope(target, key)) continue;
    for (const item of window?.items ?? []) if (isTarget(item.uid)) known.set(item.uid, item.flags[flag]);
  }
  for (const [, detail] of queryClient.getQueriesData<MessageDetail>({ queryKey: mailKeys.folderDetails(folder) })) {
    if (detail && isTarget(detail.uid) && !known.has(detail.uid)) known.set(detail.uid, detail.flags[flag]);
  }

  const withFlag = <T extends { flags: MessageFlags }>(item: T): T => ({ ...item, flags: { ...item.flags, [flag]: value } });
  for (const [key, window] of windows) {
    if (!window || !inScope(target, key) || !window.items.some((item) => isTarget(item.uid))) continue;
    queryClient.setQueryData<MessageWindow>(key, { ...window, items: window.items.map((item) => (isTarget(item.uid) ? withFlag(item) : item)) });
  }
  for (const [key, detail] of queryClient.getQueriesData<MessageDetail>({ queryKey: mailKeys.folderDetails(folder) })) {
    if (detail && isTarget(detail.uid) && (target.uids || !target.view.search || known.has(detail.uid))) {
      queryClient.setQueryData<MessageDetail>(key, withFlag(detail));
    }
  }

  if (flag !== 'seen') return;
  if (!target.uids && !target.view.search) {
    // The whole folder: the count is known exactly.
    updateFolderCounts(queryClient, (f) => (f.path === folder ? { ...f, unread: value ? 0 : f.total } : f));
    return;
  }
  const flipped = target.uids ? target.uids.filter((uid) => known.get(uid) !== value).length : [...known.values()].filter((v) => v !== value).length;
  if (flipped === 0) return;
  updateFolderCounts(queryClient, (f) => (f.path === folder ? clampCounts({ ...f, unread: f.unread + (value ? -flipped : flipped) }) : f));
}

/** Positions (in `view`) of the target's messages that the cache knows, ascending. */
export function cachedPositions(queryClient: QueryClient, target: ActionTarget): number[] {
  const isTarget = matcher(target);
  const positions: number[] = [];
  for (const [key, window] of messageWindows(queryClient, target.folder)) {
    if (!window || !sameView(viewOfWindowKey(key), target.view)) continue;
    window.items.forEach((item, i) => {
      if (isTarget(item.uid)) positions.push(window.offset + i);
    });
  }
  return positions.sort((a, b) => a - b);
}

/**
 * One view's cached windows with the target's messages taken out: the rows
 * after them move up, across window boundaries, as they will on the server.
 * A window that would need rows from one not cached stays short until the
 * refetch fills it (its missing rows show as placeholders meanwhile).
 */
function removeFromView(entries: Array<[QueryKey, MessageWindow]>, isTarget: (uid: number) => boolean, removeAll: boolean, knownTotal: number | null) {
  const rows = new Map<number, MessageSummary>();
  for (const [, window] of entries) window.items.forEach((item, i) => rows.set(window.offset + i, item));
  const positions = [...rows.keys()].sort((a, b) => a - b);
  const moved = new Map<number, MessageSummary>();
  let removed = 0;
  let removedUnread = 0;
  for (const position of positions) {
    const item = rows.get(position)!;
    if (removeAll || isTarget(item.uid)) {
      removed++;
      if (!item.flags.seen) removedUnread++;
    } else {
      moved.set(position - removed, item);
    }
  }
  const oldTotal = entries[0]?.[1].total ?? 0;
  const total = removeAll ? 0 : Math.max(0, oldTotal - (knownTotal ?? removed));
  const updated = entries.map(([key, window]): [QueryKey, MessageWindow] => {
    const items: MessageSummary[] = [];
    for (let i = window.offset; i < window.offset + PAGE_SIZE && i < total && moved.has(i); i++) items.push(moved.get(i)!);
    return [key, { ...window, total, items }];
  });
  return { updated, removedUnread };
}

/**
 * Moving, deleting or reporting messages takes them out of the list and
 * changes two folders' counts: all of it here, before the server answers.
 * `to` is the destination folder (null: deleted for good).
 */
export function applyRemoval(queryClient: QueryClient, target: ActionTarget, to: string | null): void {
  const { folder } = target;
  const isTarget = matcher(target);
  applyConversationRemoval(queryClient, target);
  const byView = new Map<string, Array<[QueryKey, MessageWindow]>>();
  for (const [key, window] of messageWindows(queryClient, folder)) {
    if (!window) continue;
    const { sort, order, search, searchIn } = viewOfWindowKey(key);
    const id = JSON.stringify([sort, order, search, searchIn]);
    byView.set(id, [...(byView.get(id) ?? []), [key, window]]);
  }

  let unreadOfTarget: number | null = null;
  for (const entries of byView.values()) {
    const view = viewOfWindowKey(entries[0]![0]);
    const isTargetView = sameView(view, target.view);
    // "All" of a search empties only that search; other views lose the rows the cache knows of.
    const removeAll = !target.uids && (isTargetView || !target.view.search);
    const scoped = !target.uids && target.view.search && !isTargetView ? () => false : isTarget;
    // Named messages are all in the folder, so in every view without a search.
    const knownTotal = target.uids && (isTargetView || !view.search) ? target.uids.length : null;
    const { updated, removedUnread } = removeFromView(entries, scoped, removeAll, knownTotal);
    for (const [key, window] of updated) queryClient.setQueryData(key, window);
    if (isTargetView) unreadOfTarget = removedUnread;
  }

  const source = queryClient.getQueryData<FolderList>(mailKeys.folders())?.folders.find((f) => f.path === folder);
  const wholeFolder = !target.uids && !target.view.search;
  const count = wholeFolder ? (source?.total ?? target.count) : target.count;
  const unread = wholeFolder ? (source?.unread ?? 0) : (unreadOfTarget ?? 0);
  updateFolderCounts(queryClient, (f) => {
    if (f.path === folder) return clampCounts({ ...f, total: f.total - count, unread: f.unread - unread });
    if (f.path === to) return { ...f, total: f.total + count, unread: f.unread + unread };
    return f;
  });
}

/** After any change, ask the server for the truth about both folders. */
export function invalidateFolders(queryClient: QueryClient, ...folders: Array<string | null>): void {
  void queryClient.invalidateQueries({ queryKey: mailKeys.folders() });
  for (const folder of new Set(folders)) {
    if (folder) void queryClient.invalidateQueries({ queryKey: mailKeys.folderWindows(folder) });
  }
}
