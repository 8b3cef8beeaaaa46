import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateFolderRequest, UpdateFolderRequest } from '../../../../shared/api/actions';
import { folderSchema, type Folder } from '../../../../shared/api/folders';
import { apiPath, request } from '../../../lib/api-client';
import { mailKeys } from '../../../lib/mail-keys';

export function createFolder(body: CreateFolderRequest): Promise<Folder> {
  return request('/api/folders', { method: 'POST', body, schema: folderSchema });
}

/** Rename, move under another parent, (un)subscribe: one PATCH, as IMAP RENAME does the first two at once. */
export function updateFolder(body: UpdateFolderRequest): Promise<Folder> {
  return request('/api/folders', { method: 'PATCH', body, schema: folderSchema });
}

export function deleteFolder(path: string): Promise<void> {
  return request(apiPath('/api/folders', { path }), { method: 'DELETE' });
}

/**
 * Folder changes are not optimistic: the server has the last word on names
 * (it may refuse one, with a reason the user must read), and the list
 * refreshes from it afterwards.
 */
export function useCreateFolder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createFolder,
    onSettled: () => queryClient.invalidateQueries({ queryKey: mailKeys.folders() }),
  });
}

export function useUpdateFolder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateFolder,
    onSettled: () => queryClient.invalidateQueries({ queryKey: mailKeys.folders() }),
  });
}

export function useDeleteFolder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteFolder,
    onSettled: () => queryClient.invalidateQueries({ queryKey: mailKeys.folders() }),
  });
}
