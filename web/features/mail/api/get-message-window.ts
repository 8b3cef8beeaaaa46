import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { messageWindowSchema, type MessageSummary, type MessageWindow } from '../../../../shared/api/messages';
import { DEFAULT_WINDOW_SIZE, MAX_WINDOW_SIZE } from '../../../../shared/limits';
import { apiPath, request } from '../../../lib/api-client';
import { OFFLINE_READABLE, withOfflineCopy } from '../../../lib/offline/offline-copy';
import { DEFAULT_VIEW, mailKeys, type ListView } from '../../../lib/mail-keys';

/** Rows per fetched window: the list asks for page p = rows p·size … (p+1)·size−1. */
export const PAGE_SIZE = DEFAULT_WINDOW_SIZE;

export interface WindowRef {
  folder: string;
  page: number;
  view?: ListView;
}

function getRows(folder: string, view: ListView, offset: number, limit: number, signal?: AbortSignal): Promise<MessageWindow> {
  const { sort, order, search, searchIn } = view;
  const path = apiPath('/api/messages', {
    folder,
    offset,
    limit,
    sort,
    order,
    search: search || undefined,
    searchIn: search ? searchIn : undefined,
  });
  return request(path, { schema: messageWindowSchema, signal });
}

export function getMessageWindow({ folder, page, view = DEFAULT_VIEW }: WindowRef, signal?: AbortSignal): Promise<MessageWindow> {
  return getRows(folder, view, page * PAGE_SIZE, PAGE_SIZE, signal);
}

export function messageWindowQueryOptions({ folder, page, view = DEFAULT_VIEW }: WindowRef) {
  return queryOptions({
    queryKey: mailKeys.window(folder, view, page),
    queryFn: (context) => withOfflineCopy('window', context, () => getMessageWindow({ folder, page, view }, context.signal)),
    ...OFFLINE_READABLE,
  });
}

export function pageOfRow(index: number): number {
  return Math.floor(index / PAGE_SIZE);
}

/** The message at a list position, if its window is in the cache. */
export function cachedRow(queryClient: QueryClient, folder: string, view: ListView, index: number): MessageSummary | undefined {
  const page = pageOfRow(index);
  return queryClient.getQueryData<MessageWindow>(mailKeys.window(folder, view, page))?.items[index - page * PAGE_SIZE];
}

/** The UIDs at positions from…to, or null if some row of the range is not cached. */
export function cachedUids(queryClient: QueryClient, folder: string, view: ListView, from: number, to: number): number[] | null {
  const uids: number[] = [];
  for (let page = pageOfRow(from); page <= pageOfRow(to); page++) {
    const items = queryClient.getQueryData<MessageWindow>(mailKeys.window(folder, view, page))?.items;
    if (!items) return null;
    const first = Math.max(from, page * PAGE_SIZE);
    const last = Math.min(to, page * PAGE_SIZE + PAGE_SIZE - 1);
    for (let index = first; index <= last; index++) {
      const row = items[index - page * PAGE_SIZE];
      if (!row) return null;
      uids.push(row.uid);
    }
  }
  return uids;
}

const PAGES_PER_REQUEST = MAX_WINDOW_SIZE / PAGE_SIZE;
const PARALLEL_REQUESTS = 4;

/**
 * Makes sure every row from…to is in the cache: the windows missing are
 * fetched, up to MAX_WINDOW_SIZE rows a request, and stored as the list's own
 * PAGE_SIZE windows, so the list shows them without asking again.
 */
export async function ensureRows(queryClient: QueryClient, folder: string, view: ListView, from: number, to: number): Promise<void> {
  const missing: number[] = [];
  for (let page = pageOfRow(from); page <= pageOfRow(to); page++) {
    if (!queryClient.getQueryData(mailKeys.window(folder, view, page))) missing.push(page);
  }
  // Runs of consecutive missing pages, each at most one request long.
  const batches: number[][] = [];
  for (const page of missing) {
    const last = batches.at(-1);
    if (last && last.at(-1) === page - 1 && last.length < PAGES_PER_REQUEST) last.push(page);
    else batches.push([page]);
  }
  const fetchBatch = async (pages: number[]) => {
    const first = pages[0]!;
    const rows = await getRows(folder, view, first * PAGE_SIZE, pages.length * PAGE_SIZE);
    for (const page of pages) {
      const start = (page - first) * PAGE_SIZE;
      queryClient.setQueryData(mailKeys.window(folder, view, page), {
        folder: rows.folder,
        total: rows.total,
        offset: page * PAGE_SIZE,
        items: rows.items.slice(start, start + PAGE_SIZE),
      });
    }
  };
  for (let i = 0; i < batches.length; i += PARALLEL_REQUESTS) {
    await Promise.all(batches.slice(i, i + PARALLEL_REQUESTS).map(fetchBatch));
  }
}
