import { queryOptions } from '@tanstack/react-query';
import { messageWindowSchema, type MessageWindow, type SortField } from '../../../../shared/api/messages';
import { DEFAULT_WINDOW_SIZE } from '../../../../shared/limits';
import { apiPath, request } from '../../../lib/api-client';
import { mailKeys, type SortOrder } from './query-keys';

/** Rows per fetched window: the list asks for page p = rows p·size … (p+1)·size−1. */
export const PAGE_SIZE = DEFAULT_WINDOW_SIZE;

export interface WindowRef {
  folder: string;
  page: number;
  sort?: SortField;
  order?: SortOrder;
}

export function getMessageWindow(
  { folder, page, sort = 'date', order = 'desc' }: WindowRef,
  signal?: AbortSignal,
): Promise<MessageWindow> {
  const path = apiPath('/api/messages', { folder, offset: page * PAGE_SIZE, limit: PAGE_SIZE, sort, order });
  return request(path, { schema: messageWindowSchema, signal });
}

export function messageWindowQueryOptions(ref: WindowRef) {
  const { folder, page, sort = 'date', order = 'desc' } = ref;
  return queryOptions({
    queryKey: mailKeys.window(folder, sort, order, page),
    queryFn: ({ signal }) => getMessageWindow({ folder, page, sort, order }, signal),
  });
}

export function pageOfRow(index: number): number {
  return Math.floor(index / PAGE_SIZE);
}
