import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { folderListSchema, type Folder, type FolderList, type SpecialFolder } from '../../shared/api/folders';
import { request } from './api-client';
import { OFFLINE_READABLE, withOfflineCopy } from './offline/offline-copy';
import { mailKeys } from './mail-keys';

export function getFolders(signal?: AbortSignal): Promise<FolderList> {
  return request('/api/folders', { schema: folderListSchema, signal });
}

export function foldersQueryOptions() {
  return queryOptions({
    queryKey: mailKeys.folders(),
    queryFn: (context) => withOfflineCopy('folders', context, () => getFolders(context.signal)),
    ...OFFLINE_READABLE,
  });
}

export function useFolders() {
  return useQuery(foldersQueryOptions());
}

/** The folder the user chose, else the Inbox (whatever the server calls it), else the first. */
export function currentFolderOf(folders: Folder[], chosen: string | null): Folder | null {
  return folders.find((f) => f.path === chosen) ?? folders.find((f) => f.specialUse === 'inbox') ?? folders[0] ?? null;
}

export function specialFolder(folders: Folder[], use: SpecialFolder): Folder | undefined {
  return folders.find((f) => f.specialUse === use);
}

export function cachedFolders(queryClient: QueryClient): Folder[] {
  return queryClient.getQueryData<FolderList>(mailKeys.folders())?.folders ?? [];
}
