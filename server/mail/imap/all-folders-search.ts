import type { AllFoldersSearchQuery, SearchHit, SearchResults } from '../../../shared/api/messages';
import type { PooledConnection } from './connection-pool';
import { fetchSummaries } from './list-rows';
import { openFolder, sortOrder } from './message-window';

/**
 * A search of every selectable folder, merged newest first. IMAP searches one
 * folder at a time, so each folder is sorted by the server (DATE, with its
 * search) and only its first offset+limit hits are fetched: the merged window
 * cannot contain a deeper hit of any folder. A first screen costs at most one
 * window's rows per folder, however many messages match.
 */
export async function searchAllFolders(connection: PooledConnection, query: AllFoldersSearchQuery): Promise<SearchResults> {
  const { client } = connection;
  const folders = (await client.list()).filter((entry) => !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'));
  const depth = query.offset + query.limit;
  const candidates: SearchHit[] = [];
  let total = 0;
  for (const folder of folders) {
    // The folder this connection had selected may predate mail another connection stored: NOOP brings it in.
    if (await openFolder(client, folder.path)) await client.noop();
    const order = await sortOrder(connection, { sort: 'date', search: query.search, searchIn: query.searchIn });
    total += order.total;
    const uids = order.window(0, depth, true);
    if (uids.length === 0) continue;
    for (const summary of await fetchSummaries(connection, uids)) candidates.push({ ...summary, folder: folder.path });
  }
  candidates.sort(newestFirst);
  return { total, offset: query.offset, items: candidates.slice(query.offset, depth) };
}

/** Date, then folder and UID: the same hits always come in the same order, so windows join up. */
function newestFirst(a: SearchHit, b: SearchHit): number {
  return b.date.localeCompare(a.date) || a.folder.localeCompare(b.folder) || b.uid - a.uid;
}
