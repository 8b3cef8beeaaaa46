import type { ImapFlow } from 'imapflow';
import type { MessageSelection } from '../../../shared/api/actions';
import type { SearchField } from '../../../shared/api/messages';
import { DomainError } from '../../domain-error';
import type { ImapConnectionPool } from './connection-pool';
import type { Credentials } from './imap-connection';
import { atom, esearchAll, runRawCommand, type RawAttribute } from './raw-command';
import { parseUidSet, uidSetChunks } from './uid-set';

/** What the actions need of the pool: tests and routes pass the real one. */
export type ImapRunner = Pick<ImapConnectionPool, 'run'>;

/** A selection turned into the messages it names on the server, at one moment. */
export interface ResolvedSelection {
  folder: string;
  uidValidity: bigint;
  /** The messages acted on, in the order the request named them (ascending for "all"). */
  uids: number[];
}

/**
 * Runs an action on the messages a selection names. The selection is resolved
 * on the server (UID SEARCH), once: when the pool retries the operation on a
 * fresh connection after a dropped one, the retry acts on the same UIDs, so
 * "all" never grows to include mail that arrived in between, and a MOVE or
 * EXPUNGE that already happened finds nothing to do the second time.
 */
export async function withSelection<T>(
  imap: ImapRunner,
  credentials: Credentials,
  selection: MessageSelection,
  action: (client: ImapFlow, resolved: ResolvedSelection) => Promise<T>,
  options: { countExisting?: boolean } = {},
): Promise<T> {
  let resolved: ResolvedSelection | undefined;
  return imap.run(credentials, async ({ client }) => {
    const uidValidity = await openWritable(client, selection.folder);
    if (!resolved) resolved = await resolveSelection(client, selection, uidValidity, options.countExisting ?? true);
    else if (resolved.uidValidity !== uidValidity) {
      throw new DomainError('bad_request', `The folder "${selection.folder}" changed on the server meanwhile. Reload it and try again.`);
    }
    return action(client, resolved);
  });
}

/**
 * SELECT (read-write), or NOOP where this pooled connection has the folder
 * selected already: a session sees mail that arrived through other
 * connections only after a sync, and Dovecot runs SEARCH and UID MOVE on the
 * session's view, so without it a message the user sees (listed through
 * another connection) would be silently left out.
 */
export async function openWritable(client: ImapFlow, path: string): Promise<bigint> {
  const current = client.mailbox;
  if (current && current.path === path && !current.readOnly) {
    await client.noop();
    return current.uidValidity;
  }
  return (await client.mailboxOpen(path)).uidValidity;
}

/**
 * Named UIDs are checked against the folder (one UID SEARCH) so a result can
 * count what was there; a flag change reports no count and skips that: STORE
 * passes over UIDs that are gone.
 */
async function resolveSelection(client: ImapFlow, selection: MessageSelection, uidValidity: bigint, countExisting: boolean): Promise<ResolvedSelection> {
  if ('uids' in selection && !countExisting) return { folder: selection.folder, uidValidity, uids: [...new Set(selection.uids)] };
  if ('uids' in selection) {
    const existing = new Set<number>();
    for (const set of uidSetChunks(selection.uids)) {
      for (const uid of await uidSearch(client, [atom('UID'), { type: 'SEQUENCE', value: set }])) existing.add(uid);
    }
    const uids = [...new Set(selection.uids)].filter((uid) => existing.has(uid));
    return { folder: selection.folder, uidValidity, uids };
  }
  const uids = client.mailbox && client.mailbox.exists === 0 ? [] : await uidSearch(client, searchKeys(selection.search, selection.searchIn));
  return { folder: selection.folder, uidValidity, uids };
}

/**
 * IMAP SEARCH keys for a search box: the same meaning as in the message list
 * (message-window.ts), so "select all" while searching acts on exactly the rows shown.
 */
export function searchKeys(search: string | undefined, searchIn: SearchField): RawAttribute[] {
  if (!search) return [atom('ALL')];
  const text: RawAttribute = { type: 'STRING', value: search };
  // The quick search (the default field) finds by subject or sender, as users expect from other webmail.
  if (searchIn === 'subject') return [atom('OR'), atom('SUBJECT'), text, atom('FROM'), text];
  return [atom(searchIn.toUpperCase()), text];
}

/**
 * UIDs matching the criteria in the selected folder, ascending. With ESEARCH
 * the answer is a compact set (a 100,000-message folder is a few bytes when
 * contiguous); otherwise the server lists every UID.
 */
export async function uidSearch(client: ImapFlow, criteria: RawAttribute[]): Promise<number[]> {
  // RFC 3501 servers need to be told about non-ASCII search text; US-ASCII is the default.
  const charset = criteria.some(isNonAscii) ? [atom('CHARSET'), atom('UTF-8')] : [];
  if (client.capabilities.has('ESEARCH')) {
    const responses = await runRawCommand(client, 'UID SEARCH', [atom('RETURN'), [atom('ALL')], ...charset, ...criteria], 'ESEARCH');
    return parseUidSet(esearchAll(responses));
  }
  const uids: number[] = [];
  // imapflow reads "* SEARCH 1 2 3" into `numbers`, not attributes, so runRawCommand would see nothing.
  const response = await (client as unknown as SearchExec).exec('UID SEARCH', [...charset, ...criteria], {
    untagged: { SEARCH: (untagged) => void uids.push(...(untagged.numbers ?? [])) },
  });
  response.next();
  return [...new Set(uids.filter((uid) => Number.isSafeInteger(uid) && uid > 0))].sort((a, b) => a - b);
}

/** imapflow's exec() (see raw-command.ts), with the parsed numbers of an untagged SEARCH. */
interface SearchExec {
  exec(
    command: string,
    attributes: RawAttribute[],
    options: { untagged: Record<string, (untagged: { numbers?: number[] }) => void> },
  ): Promise<{ next: () => void }>;
}

function isNonAscii(attribute: RawAttribute): boolean {
  return Array.isArray(attribute) ? attribute.some(isNonAscii) : [...attribute.value].some((char) => char.charCodeAt(0) > 0x7f);
}
