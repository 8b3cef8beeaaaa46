import type { ImapFlow, SearchObject } from 'imapflow';
import { NEW_FILTER_RULE, type ApplyFilterResult, type FilterRule } from '../../shared/api/filters';
import { FILTER_APPLY_WINDOW } from '../../shared/limits';
import { DomainError } from '../domain-error';
import type { ImapConnectionPool } from '../mail/imap/connection-pool';
import type { Credentials } from '../mail/imap/imap-connection';
import { storeFlags } from '../mail/imap/message-actions';
import { openFolder } from '../mail/imap/message-window';
import { findEntry, listMailboxEntries, sameFolder, specialFolderPath } from '../mail/imap/special-folders';
import { uidSetChunks } from '../mail/imap/uid-set';
import { headersOf, ruleMatches, searchTextOf } from './filter-match';
import type { ScriptFolders } from './sieve-script';
import { translatable } from '../../shared/translatable';

// The IMAP side of filters: what the script needs to know of the mailbox, the
// folder check at save, "Create filter" from a message, and "Apply to this
// folder now".

/** The special folders the script files into (one LIST; created if missing, like the folder list does). */
export async function scriptFolders(client: ImapFlow): Promise<ScriptFolders> {
  const entries = await listMailboxEntries(client);
  return { spamFolder: await specialFolderPath(client, 'junk', entries), trashFolder: await specialFolderPath(client, 'trash', entries) };
}

/** scriptFolders on one of the user's pooled connections. */
export function scriptFoldersOf(imap: ImapConnectionPool, user: Credentials): Promise<ScriptFolders> {
  return imap.run(user, ({ client }) => scriptFolders(client));
}

/**
 * Every enabled rule's folder exists now: a move to a folder that does not
 * would fail at delivery (the mail then stays in the Inbox). Refuses (400)
 * naming the rule and the folder, in the same shape as the schema's problems.
 */
export async function requireFilterFolders(client: ImapFlow, rules: readonly FilterRule[]): Promise<void> {
  const entries = await listMailboxEntries(client);
  const fields: Record<string, string> = {};
  rules.forEach((rule, index) => {
    if (!rule.enabled || !rule.moveTo) return;
    const entry = findEntry(entries, rule.moveTo);
    if (!entry || entry.noselect) fields[`${index}.moveTo`] = translatable(`Rule ${index + 1}: the folder "${rule.moveTo}" does not exist.`);
  });
  const first = Object.values(fields)[0];
  if (first) throw new DomainError('bad_request', first, { fields });
}

/** "Create filter" from a message: its mailing list when it has a List-Id, else its sender. */
export async function filterFromMessage(client: ImapFlow, folder: string, uid: number): Promise<FilterRule> {
  await openFolder(client, folder);
  const message = await client.fetchOne(String(uid), { uid: true, envelope: true, headers: ['list-id'] }, { uid: true });
  if (!message) throw new DomainError('not_found', 'That message is not there any more.');
  const listId = /<([^<>\s]+)>/.exec(message.headers?.toString('utf8') ?? '')?.[1];
  if (listId) return { ...NEW_FILTER_RULE, field: 'header', header: 'List-Id', match: 'contains', value: listId };
  const sender = message.envelope?.from?.[0]?.address ?? '';
  return { ...NEW_FILTER_RULE, field: 'from', match: 'is', value: sender.toLowerCase() };
}

/**
 * One window of "Apply to this folder now": the next FILTER_APPLY_WINDOW
 * messages after UID `after`, narrowed by an IMAP SEARCH for the rule's text,
 * each candidate confirmed against the rule exactly as Sieve reads it, then
 * the rule's actions on the hits. Forwarding is left out: sending old mail on
 * is not what anyone means by tidying a folder.
 */
export async function applyFilterWindow(client: ImapFlow, rule: FilterRule, folder: string, after: number): Promise<ApplyFilterResult> {
  const entries = await listMailboxEntries(client);
  const source = findEntry(entries, folder);
  if (!source || source.noselect) throw new DomainError('not_found', `The folder "${folder}" does not exist.`);
  const destination = rule.delete ? await specialFolderPath(client, 'trash', entries) : rule.moveTo;
  if (destination) {
    const target = findEntry(entries, destination);
    if (!target || target.noselect) throw new DomainError('bad_request', `The folder "${destination}" does not exist.`);
  }

  await openFolder(client, source.path);
  const following = ((await client.search({ uid: `${after + 1}:*` }, { uid: true })) || []).filter((uid) => uid > after).sort((a, b) => a - b);
  const window = following.slice(0, FILTER_APPLY_WINDOW);
  if (window.length === 0) return { looked: 0, matched: 0, remaining: 0, next: null };

  const candidates = (await client.search({ uid: `${window[0]}:${window.at(-1)}`, ...searchCriteria(rule) }, { uid: true })) || [];
  const hits: number[] = [];
  for (const set of uidSetChunks(candidates)) {
    for await (const message of client.fetch(set, { uid: true, headers: headersOf(rule) }, { uid: true })) {
      if (ruleMatches(rule, message.headers?.toString('utf8') ?? '')) hits.push(message.uid);
    }
  }
  hits.sort((a, b) => a - b);

  const flags = [...(rule.markRead ? ['\\Seen'] : []), ...(rule.flag ? ['\\Flagged'] : [])];
  if (hits.length && flags.length) await storeFlags(client, hits, 'add', flags);
  if (hits.length && destination && !sameFolder(destination, source.path)) {
    for (const set of uidSetChunks(hits)) {
      const moved = await client.messageMove(set, destination, { uid: true });
      if (!moved) throw new DomainError('mail_server_refused', `The mail server did not move the messages to "${destination}".`);
    }
  }
  const remaining = following.length - window.length;
  return { looked: window.length, matched: hits.length, remaining, next: remaining > 0 ? window.at(-1)! : null };
}

function searchCriteria(rule: FilterRule): SearchObject {
  const text = searchTextOf(rule);
  if (!text) return {};
  switch (rule.field) {
    case 'from':
      return { from: text };
    case 'to':
      return { or: [{ to: text }, { cc: text }] };
    case 'subject':
      return { subject: text };
    case 'header':
      return { header: { [rule.header]: text } };
  }
}
