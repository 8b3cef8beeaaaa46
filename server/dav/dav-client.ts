import { LRUCache } from 'lru-cache';
import { fetchHomeUrl, fetchPrincipalUrl, serviceDiscovery, type DAVAccount } from 'tsdav';
import type { Config } from '../config';
import { DomainError } from '../domain-error';
import { normalisedLogin, type MailboxAccounts } from '../identity/mailbox-accounts';
import type { Credentials } from '../mail/imap/imap-connection';
import { DavPasswordCache } from './dav-password-cache';
import { DavTransport, type DavServerName } from './dav-transport';

export type DavKind = 'carddav' | 'caldav';

/** Home sets kept (user and kind); past this the least recently used are discovered again. */
const REMEMBERED_HOMES = 20_000;

/** One user's way into the DAV server: the headers that name them, and where their collections live. */
export interface DavUser {
  /**
   * The DAV user name: with a trusted header, the user's account (the mailbox's,
   * whichever address signed in: server/identity/mailbox-accounts.ts); with
   * Basic auth, the login, lower-cased, and the DAV server decides.
   */
  name: string;
  /** Headers every request of this user's carries (X-Remote-User or Basic auth). */
  headers: Record<string, string>;
}

/**
 * The BFF's DAV client, one per process: builds per-user request headers
 * (the BFF speaks to the DAV server *as* the user) and remembers each user's
 * home set, so discovery (three round trips) runs once per user and kind.
 * Contacts and calendar use tsdav's functions with these headers and URLs.
 */
export class DavClients {
  private readonly homes = new LRUCache<string, Promise<string>>({ max: REMEMBERED_HOMES });
  /** The /dav/ proxy's memory of recent successful IMAP password checks. */
  readonly verifiedPasswords = new DavPasswordCache();

  constructor(
    readonly settings: Config['dav'],
    private readonly accounts: Pick<MailboxAccounts, 'of'>,
  ) {}

  async user(credentials: Credentials): Promise<DavUser> {
    if (this.settings.auth === 'remote-user') return this.userOfAccount(await this.accounts.of(credentials));
    const authorization = `Basic ${Buffer.from(`${credentials.email}:${credentials.password}`).toString('base64')}`;
    return { name: normalisedLogin(credentials.email), headers: { authorization } };
  }

  /**
   * The user known only by their account (an app password at /dav/): possible
   * only when the DAV server trusts the BFF's header; with `basic` it wants the
   * mail password, which an app password does not give.
   */
  userOfAccount(account: string): DavUser {
    if (this.settings.auth !== 'remote-user') throw new Error('app passwords need TERN_DAV_AUTH=remote-user');
    return { name: account, headers: { [this.settings.userHeader]: account } };
  }

  /** The URL of the user's address-book (carddav) or calendar (caldav) home set, discovered once. */
  async homeUrl(credentials: Credentials, kind: DavKind): Promise<string> {
    const user = await this.user(credentials);
    const key = `${kind}\0${user.name}\0${user.headers.authorization ?? ''}`;
    let home = this.homes.get(key);
    if (!home) {
      home = this.discover(user, kind);
      this.homes.set(key, home);
      // A failed discovery (server down) is tried again next time.
      home.catch(() => {
        if (this.homes.get(key) === home) this.homes.delete(key);
      });
    }
    return home;
  }

  /** How contacts or calendar speak to the DAV server as this user. */
  async transport(credentials: Credentials, server: DavServerName, conflict: () => DomainError): Promise<DavTransport> {
    return new DavTransport(await this.user(credentials), this.settings.timeoutMs, server, conflict);
  }

  private async discover(user: DavUser, kind: DavKind): Promise<string> {
    const account: DAVAccount = { accountType: kind, serverUrl: this.settings.url.href };
    const limit = () => ({ headers: user.headers, fetchOptions: { signal: AbortSignal.timeout(this.settings.timeoutMs) } });
    try {
      account.rootUrl = await serviceDiscovery({ account, ...limit() });
      account.principalUrl = await fetchPrincipalUrl({ account, ...limit() });
      const home = await fetchHomeUrl({ account, ...limit() });
      return new URL(home, this.settings.url).href;
    } catch (err) {
      throw davUnavailable(err);
    }
  }
}

/** The DAV server could not be reached or refused to tell us where the user's data lives. */
export function davUnavailable(cause?: unknown): DomainError {
  if (cause instanceof DomainError) return cause;
  return new DomainError('dav_unavailable', 'The contacts and calendar server cannot be reached right now. Try again in a moment.');
}
