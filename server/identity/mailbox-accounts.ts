import { LRUCache } from 'lru-cache';
import type { Credentials } from '../mail/imap/imap-connection';
import type { ImapConnectionPool } from '../mail/imap/connection-pool';
import { atom, runRawCommand, type RawAttribute } from '../mail/imap/raw-command';
import type { Store } from '../store/database';

/** Logins whose account is kept in memory; past this the least recently used are asked again (the store still knows). */
const REMEMBERED_LOGINS = 50_000;

/**
 * SPEC §1: an "(all domains)" user signs in as user@any-of-their-domains, and
 * settings, contacts and calendars follow the mailbox, not the spelling of the
 * login. A mailbox is known by its INBOX's GUID (Dovecot's STATUS X-GUID, the
 * same whichever address logged in); the first address seen for a mailbox
 * becomes its account, the key of everything Tern keeps per user (preferences,
 * recent recipients, the DAV user). A server without X-GUID: the login itself.
 */
export class MailboxAccounts {
  private readonly known = new LRUCache<string, Promise<string>>({ max: REMEMBERED_LOGINS });

  constructor(
    private readonly store: Store,
    private readonly imap: ImapConnectionPool,
  ) {}

  of(credentials: Credentials): Promise<string> {
    const login = normalisedLogin(credentials.email);
    let account = this.known.get(login);
    if (!account) {
      account = this.resolve(credentials, login);
      this.known.set(login, account);
      // A mail server that is down is asked again next time.
      account.catch(() => {
        if (this.known.get(login) === account) this.known.delete(login);
      });
    }
    return account;
  }

  private async resolve(credentials: Credentials, login: string): Promise<string> {
    const mailbox = await this.mailboxOf(credentials);
    if (!mailbox) return login;
    const db = this.store.db;
    // Two first sign-ins at once (two instances, two spellings): the first row wins, both read it.
    await db.insertInto('mailbox_accounts').values({ mailbox, account: login }).onConflict((conflict) => conflict.column('mailbox').doNothing()).execute();
    const row = await db.selectFrom('mailbox_accounts').select('account').where('mailbox', '=', mailbox).executeTakeFirstOrThrow();
    return row.account;
  }

  private mailboxOf(credentials: Credentials): Promise<string | null> {
    return this.imap.run(credentials, async ({ client }) => {
      try {
        const [status] = await runRawCommand(client, 'STATUS', [atom('INBOX'), [atom('X-GUID')]], 'STATUS');
        return guidIn(status ?? []);
      } catch (err) {
        // BAD/NO: the server has no X-GUID; anything else (connection lost) is not an answer.
        const status = (err as { responseStatus?: string }).responseStatus;
        if (status === 'BAD' || status === 'NO') return null;
        throw err;
      }
    });
  }
}

/** One spelling per login (the web form lower-cases too): the key of accounts and of the sign-in throttle. */
export function normalisedLogin(email: string): string {
  return email.trim().toLowerCase();
}

/** `* STATUS INBOX (X-GUID 3a8…)` as imapflow hands it over: the mailbox name, then the item list. */
function guidIn(attributes: RawAttribute[]): string | null {
  const items = attributes[1];
  if (!Array.isArray(items)) return null;
  for (let i = 0; i + 1 < items.length; i += 2) {
    const name = items[i];
    const value = items[i + 1];
    if (!Array.isArray(name) && name?.value.toUpperCase() === 'X-GUID' && value && !Array.isArray(value) && /^[0-9a-f]{16,64}$/i.test(value.value)) return `guid:${value.value.toLowerCase()}`;
  }
  return null;
}
