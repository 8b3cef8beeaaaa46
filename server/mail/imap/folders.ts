import type { ImapFlow, ListResponse } from 'imapflow';
import type { FolderList, Quota, SpecialFolder } from '../../../shared/api/folders';
import { orderFolders, type ListedMailbox } from '../folder-order';

const SPECIAL_USE_FLAGS: Record<string, SpecialFolder> = {
  '\\Inbox': 'inbox',
  '\\Drafts': 'drafts',
  '\\Sent': 'sent',
  '\\Junk': 'junk',
  '\\Trash': 'trash',
};

/** Names given to special folders Tern has to create (SPEC §3: "created at sign-in if missing"). */
const DEFAULT_NAMES: Record<Exclude<SpecialFolder, 'inbox'>, string> = {
  drafts: 'Drafts',
  sent: 'Sent',
  junk: 'Junk',
  trash: 'Trash',
};

/** One LIST with STATUS where the server has LIST-STATUS (one round trip for every count), plus quota. */
export async function listFolders(client: ImapFlow): Promise<FolderList> {
  // STATUS of the folder this connection has selected answers from the connection's own
  // view, which may predate mail that arrived over another connection: NOOP brings it up to date.
  if (client.mailbox) await client.noop();
  let listed = await listMailboxes(client);
  const missing = (Object.keys(DEFAULT_NAMES) as Array<keyof typeof DEFAULT_NAMES>).filter(
    (use) => !listed.some((mailbox) => mailbox.specialUse === use),
  );
  if (missing.length > 0) {
    for (const use of missing) await createSpecialFolder(client, use, listed);
    listed = await listMailboxes(client);
  }
  return { folders: orderFolders(listed), quota: await quotaOf(client) };
}

async function listMailboxes(client: ImapFlow): Promise<ListedMailbox[]> {
  const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
  return entries.filter((entry) => !entry.flags.has('\\NonExistent') && !entry.flags.has('\\Noselect')).map(toListed);
}

/** Which of the special five a listed mailbox is, by its special-use flag (or name, where imapflow matched one). */
export function specialUseOf(entry: ListResponse): SpecialFolder | null {
  return entry.path.toUpperCase() === 'INBOX' ? 'inbox' : (SPECIAL_USE_FLAGS[entry.specialUse ?? ''] ?? null);
}

function toListed(entry: ListResponse): ListedMailbox {
  return {
    path: entry.path,
    delimiter: entry.delimiter || null,
    specialUse: specialUseOf(entry),
    unread: entry.status?.unseen ?? 0,
    total: entry.status?.messages ?? 0,
    subscribed: entry.subscribed ?? false,
  };
}

async function createSpecialFolder(client: ImapFlow, use: keyof typeof DEFAULT_NAMES, listed: ListedMailbox[]): Promise<void> {
  const name = DEFAULT_NAMES[use];
  // A folder of that name without the flag (servers without SPECIAL-USE): imapflow already matched it by name.
  if (listed.some((mailbox) => mailbox.path.toLowerCase() === name.toLowerCase())) return;
  await client.mailboxCreate(name);
  await client.mailboxSubscribe(name);
}

async function quotaOf(client: ImapFlow): Promise<Quota | null> {
  if (!client.capabilities.has('QUOTA')) return null;
  const quota = await client.getQuota('INBOX');
  const storage = quota && quota.storage;
  if (!storage || !storage.limit) return null;
  return { usedBytes: storage.usage ?? 0, limitBytes: storage.limit };
}
