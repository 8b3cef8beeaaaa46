import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { mailKeys } from '../../../lib/mail-keys';

/** "Get Mail": ask the server again for the folder list and the rows of the current folder. */
export function useGetMail(folder: string | null) {
  const queryClient = useQueryClient();
  const fetchingFolders = useIsFetching({ queryKey: mailKeys.folders() });
  const fetchingRows = useIsFetching({ queryKey: folder ? mailKeys.folderWindows(folder) : mailKeys.windows() });
  /** Resolves once both have been fetched again (a pull on the list shows it until then). */
  const getMail = useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: mailKeys.folders() }),
        folder ? queryClient.invalidateQueries({ queryKey: mailKeys.folderWindows(folder) }) : undefined,
      ]).then(() => undefined),
    [queryClient, folder],
  );
  return { getMail, isFetching: fetchingFolders + fetchingRows > 0 };
}
