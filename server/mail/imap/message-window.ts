import type { ImapFlow } from 'imapflow';
import type { MessageWindow, MessageWindowQuery, SortField } from '../../../shared/api/messages';
import type { PooledConnection } from './connection-pool';
import { fetchSummaries } from './list-rows';
import { atom, esearchAll, runRawCommand, type RawAttribute } from './raw-command';
import { searchKeys } from './selection';
import { SortOrder } from './sort-order';

/**
 * A window of a folder in sort order: SORT gives the order, UID FETCH the rows
 * in view. Never the whole folder's envelopes (SPEC §4).
 */
export async function fetchMessageWindow(connection: PooledConnection, query: MessageWindowQuery): Promise<MessageWindow> {
  const { client } = connection;
  const wasSelected = await openFolder(client, query.folder);
  // Dovecot sorts the connection's view of an open folder, and a cached order is keyed by
  // that view: NOOP brings news of mail other clients stored or expunged meanwhile.
  if (wasSelected) await client.noop();
  const order = await sortOrder(connection, query);
  const uids = order.window(query.offset, query.limit, query.order === 'desc');
  const items = uids.length === 0 ? [] : await fetchSummaries(connection, uids);
  return { folder: query.folder, total: order.total, offset: query.offset, items };
}

/** SELECT unless this connection has the folder selected already; says whether it had. */
export async function openFolder(client: ImapFlow, path: string): Promise<boolean> {
  if (client.mailbox && client.mailbox.path === path) return true;
  await client.mailboxOpen(path);
  return false;
}

/** The selected folder's order for this view, from the connection's cache when the folder has not changed. */
export async function sortOrder(connection: PooledConnection, query: Pick<MessageWindowQuery, 'sort' | 'search' | 'searchIn'>): Promise<SortOrder> {
  const mailbox = connection.client.mailbox;
  if (!mailbox) throw new Error('no folder selected');
  const criteria = searchKeys(query.search, query.searchIn);
  const variant = [mailbox.uidValidity, mailbox.exists, query.sort, JSON.stringify(criteria)].join('\0');
  const cached = connection.sortOrders.get(mailbox.path, variant);
  if (cached) return cached;
  const order = mailbox.exists === 0 ? SortOrder.parse('') : await serverSortOrder(connection.client, query.sort, criteria);
  connection.sortOrders.set(mailbox.path, variant, order);
  return order;
}

/**
 * Always ascending: descending windows are read from the end. Dovecot answers
 * a REVERSE sort with every UID listed singly (588 KB for 100,000 messages,
 * against 15 KB of ranges ascending), which costs more to parse than the sort.
 */
async function serverSortOrder(client: ImapFlow, field: SortField, search: RawAttribute[]): Promise<SortOrder> {
  const criteria = [atom(sortKey(client, field))];
  if (client.capabilities.has('ESORT')) {
    // ESORT's ALL is a compact sequence set in sort order: no per-UID parsing on either side.
    const responses = await runRawCommand(
      client,
      'UID SORT',
      [atom('RETURN'), [atom('ALL')], criteria, atom('UTF-8'), ...search],
      'ESEARCH',
    );
    return SortOrder.parse(esearchAll(responses));
  }
  if (client.capabilities.has('SORT')) {
    const responses = await runRawCommand(client, 'UID SORT', [criteria, atom('UTF-8'), ...search], 'SORT');
    return SortOrder.fromUids(responses.flat().flatMap((token) => (Array.isArray(token) ? [] : [Number(token.value)])));
  }
  // No SORT at all: arrival order is the closest the server can give to date order.
  return SortOrder.fromUids((await client.search(searchQuery(search), { uid: true })) || []);
}

function searchQuery(search: RawAttribute[]): Record<string, string | boolean> {
  const [key, value] = search;
  if (!key || Array.isArray(key) || key.value === 'ALL' || !value || Array.isArray(value)) return { all: true };
  return { [key.value.toLowerCase()]: value.value };
}

function sortKey(client: ImapFlow, field: SortField): string {
  switch (field) {
    case 'date':
      return 'DATE';
    case 'size':
      return 'SIZE';
    case 'subject':
      return 'SUBJECT';
    case 'from':
      // RFC 5957: by the display name people see, where the server can.
      return client.capabilities.has('SORT=DISPLAY') ? 'DISPLAYFROM' : 'FROM';
  }
}
