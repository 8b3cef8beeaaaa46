import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { moveResultSchema, type MoveResult } from '../../../../shared/api/actions';
import type { Folder } from '../../../../shared/api/folders';
import { SNOOZED_FOLDER_NAME, snoozeListSchema, type SnoozeRequest, type UnsnoozeRequest } from '../../../../shared/api/snooze';
import { request } from '../../../lib/api-client';
import { mailKeys } from '../../../lib/mail-keys';

const snoozesKey = () => [...mailKeys.all, 'snoozes'] as const;

export function snoozeMessages(body: SnoozeRequest): Promise<MoveResult> {
  return request('/api/snoozes', { method: 'POST', body, schema: moveResultSchema });
}

export function unsnoozeMessages(body: UnsnoozeRequest): Promise<MoveResult> {
  return request('/api/snoozes/unsnooze', { method: 'POST', body, schema: moveResultSchema });
}

/** The folder snoozed messages wait in: "Snoozed" at the top level (under "INBOX." where the server keeps folders there). */
export function isSnoozedFolder(folder: Pick<Folder, 'path' | 'specialUse' | 'delimiter'> | null | undefined): boolean {
  if (!folder || folder.specialUse !== null) return false;
  return folder.path === SNOOZED_FOLDER_NAME || folder.path === `INBOX${folder.delimiter ?? '.'}${SNOOZED_FOLDER_NAME}`;
}

export function snoozedFolderOf(folders: Folder[]): Folder | undefined {
  return folders.find(isSnoozedFolder);
}

/** When each message of the Snoozed folder returns (ISO), by UID; empty in any other folder. */
export function useSnoozeReturns(folder: Folder): Map<number, string> {
  const snoozed = isSnoozedFolder(folder);
  const { data } = useQuery({
    // Keyed by the folder's count too: a message snoozed in another tab (a live update changes the count) gets its label.
    ...queryOptions({ queryKey: [...snoozesKey(), folder.total], queryFn: ({ signal }) => request('/api/snoozes', { schema: snoozeListSchema, signal }) }),
    enabled: snoozed,
    select: (list) => new Map(list.messages.map((message) => [message.uid, message.returnAt])),
  });
  return snoozed && data ? data : new Map();
}

export function invalidateSnoozes(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: snoozesKey() });
}
