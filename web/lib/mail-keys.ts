import type { SearchField, SortField } from '../../shared/api/messages';

export type SortOrder = 'asc' | 'desc';

/**
 * How the list shows a folder: its order and, while searching, the search.
 * Every view of a folder is its own series of windows in the cache.
 */
export interface ListView {
  sort: SortField;
  order: SortOrder;
  /** Present only while a search runs. */
  search?: string;
  searchIn?: SearchField;
  /** "all": the search runs in every folder, not only this one. */
  scope?: 'all';
}

export const DEFAULT_VIEW: ListView = { sort: 'date', order: 'desc' };

/** Mail's query keys, general → specific, so one prefix invalidates a whole branch. */
export const mailKeys = {
  all: ['mail'] as const,
  folders: () => [...mailKeys.all, 'folders'] as const,
  windows: () => [...mailKeys.all, 'windows'] as const,
  folderWindows: (folder: string) => [...mailKeys.windows(), folder] as const,
  window: (folder: string, view: ListView, page: number) =>
    [...mailKeys.folderWindows(folder), { sort: view.sort, order: view.order, search: view.search, searchIn: view.searchIn, page }] as const,
  /**
   * Conversations (issue 17) live beside the folder's windows, so whatever refreshes
   * a folder's windows (actions, live updates, "Get Mail") refreshes them too.
   */
  threadWindow: (folder: string, page: number) => [...mailKeys.folderWindows(folder), { threads: true, page }] as const,
  threadStack: (folder: string, uid: number) => [...mailKeys.folderWindows(folder), { stack: uid }] as const,
  /** Searches of every folder: not any one folder's windows, so kept apart from them. */
  allFolderSearches: () => [...mailKeys.all, 'search-all'] as const,
  allFolderSearch: (search: string, searchIn: SearchField, page: number) => [...mailKeys.allFolderSearches(), { search, searchIn, page }] as const,
  details: () => [...mailKeys.all, 'detail'] as const,
  folderDetails: (folder: string) => [...mailKeys.details(), folder] as const,
  detail: (folder: string, uid: number) => [...mailKeys.folderDetails(folder), uid] as const,
};

/** A key of mailKeys.threadWindow or threadStack: not a window of messages in a list view. */
export function isConversationKey(key: readonly unknown[]): boolean {
  const last = key[3] as { threads?: true; stack?: number } | undefined;
  return last?.threads === true || last?.stack !== undefined;
}

/** The view a window's key was made for (its page left out). */
export function viewOfWindowKey(key: readonly unknown[]): ListView & { page: number } {
  return key[3] as ListView & { page: number };
}

export function sameView(a: ListView, b: ListView): boolean {
  return a.sort === b.sort && a.order === b.order && (a.search ?? '') === (b.search ?? '') && (a.search ? a.searchIn === b.searchIn : true);
}
