import { queryOptions, useQuery } from '@tanstack/react-query';
import { folderListSchema, type FolderList } from '../../../../shared/api/folders';
import { request } from '../../../lib/api-client';
import { mailKeys } from './query-keys';

export function getFolders(signal?: AbortSignal): Promise<FolderList> {
  return request('/api/folders', { schema: folderListSchema, signal });
}

export function foldersQueryOptions() {
  return queryOptions({
    queryKey: mailKeys.folders(),
    queryFn: ({ signal }) => getFolders(signal),
  });
}

export function useFolders() {
  return useQuery(foldersQueryOptions());
}
