import type { SortField } from '../../../../shared/api/messages';

export type SortOrder = 'asc' | 'desc';

/** Mail's query keys, general → specific, so one prefix invalidates a whole branch. */
export const mailKeys = {
  all: ['mail'] as const,
  folders: () => [...mailKeys.all, 'folders'] as const,
  windows: () => [...mailKeys.all, 'windows'] as const,
  folderWindows: (folder: string) => [...mailKeys.windows(), folder] as const,
  window: (folder: string, sort: SortField, order: SortOrder, page: number) =>
    [...mailKeys.folderWindows(folder), { sort, order, page }] as const,
  details: () => [...mailKeys.all, 'detail'] as const,
  detail: (folder: string, uid: number) => [...mailKeys.details(), folder, uid] as const,
};
