import { queryOptions } from '@tanstack/react-query';
import { searchResultsSchema, type SearchField, type SearchResults } from '../../../../shared/api/messages';
import { apiPath, request } from '../../../lib/api-client';
import { PAGE_SIZE } from './get-message-window';
import { mailKeys } from '../../../lib/mail-keys';

export function searchAllFolders(search: string, searchIn: SearchField, page: number, signal?: AbortSignal): Promise<SearchResults> {
  const path = apiPath('/api/messages/search', { search, searchIn, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
  return request(path, { schema: searchResultsSchema, signal });
}

/** One window of a search of every folder, newest first. */
export function allFolderSearchQueryOptions(search: string, searchIn: SearchField, page: number) {
  return queryOptions({
    queryKey: mailKeys.allFolderSearch(search, searchIn, page),
    queryFn: ({ signal }) => searchAllFolders(search, searchIn, page, signal),
  });
}
