import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { z } from 'zod';
import { sessionEndReasonSchema } from '../../../../shared/api/session';
import { announceSessionEnded } from '../../../lib/session-ended';
import { mailKeys } from '../../../lib/mail-keys';

/** The BFF's event stream (server/routes/events.ts). */
export const LIVE_EVENTS_PATH = '/api/events';

/**
 * When the browser gave up on the stream (the BFF answered an error instead of
 * the stream, e.g. a proxy's 502 during a deploy), we open it again after this.
 */
const REOPEN_AFTER_FAILURE_MS = 15_000;

const foldersChangedSchema = z.object({ folders: z.array(z.string()) });
const sessionEndedSchema = z.object({ reason: sessionEndReasonSchema });

/** An event's JSON data, or undefined when it is not JSON (the schemas then refuse it). */
function parseData(event: Event): unknown {
  try {
    return JSON.parse((event as MessageEvent<string>).data);
  } catch {
    return undefined;
  }
}

function refreshFolders(queryClient: QueryClient, folders: readonly string[]): void {
  void queryClient.invalidateQueries({ queryKey: mailKeys.folders() });
  for (const folder of folders) void queryClient.invalidateQueries({ queryKey: mailKeys.folderWindows(folder) });
  // A search of every folder may hold rows of any of them.
  if (folders.length > 0) void queryClient.invalidateQueries({ queryKey: mailKeys.allFolderSearches() });
}

/**
 * New mail and changes from other tabs and clients without reloading
 * (SPEC §4, §12): the BFF pushes which folders changed; we refetch their
 * counts and visible rows. When the stream says the session ended (or a
 * refetch answers 401), the app's session handling (SessionWatcher) takes over.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let connectedBefore = false;
    const mountedAt = Date.now();

    const open = () => {
      // Same origin: the session cookie goes along without withCredentials.
      const current = new EventSource(LIVE_EVENTS_PATH);
      source = current;
      current.addEventListener('open', () => {
        // Back after a drop, or back in Mail from another section: whatever changed
        // while no stream was open was never pushed. What this visit fetched is fresh.
        const missedSince = connectedBefore ? Date.now() : mountedAt;
        const fetchedBefore = (query: Query) => query.state.dataUpdatedAt < missedSince;
        for (const queryKey of [mailKeys.folders(), mailKeys.windows(), mailKeys.allFolderSearches()]) {
          void queryClient.invalidateQueries({ queryKey, predicate: fetchedBefore });
        }
        connectedBefore = true;
      });
      current.addEventListener('folders-changed', (event) => {
        const parsed = foldersChangedSchema.safeParse(parseData(event));
        if (parsed.success) refreshFolders(queryClient, parsed.data.folders);
      });
      current.addEventListener('session-ended', (event) => {
        current.close();
        announceSessionEnded(sessionEndedSchema.catch({ reason: 'ended' }).parse(parseData(event)).reason);
      });
      current.addEventListener('error', () => {
        // A network drop leaves it CONNECTING and the browser retries by itself; CLOSED means it will not.
        if (current.readyState !== EventSource.CLOSED || source !== current) return;
        // Perhaps a 401: asking for the folders lets the session handling find out.
        refreshFolders(queryClient, []);
        reopenTimer = setTimeout(open, REOPEN_AFTER_FAILURE_MS);
      });
    };

    open();
    return () => {
      clearTimeout(reopenTimer);
      source?.close();
      source = null;
    };
  }, [queryClient]);
}
