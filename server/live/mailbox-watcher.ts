import type { ImapFlow, StatusObject } from 'imapflow';
import type { WatcherSlots } from '../mail/imap/connection-pool';
import type { Credentials } from '../mail/imap/imap-connection';
import { isAuthenticationFailure } from '../mail/imap/imap-errors';

export type WatcherClientFactory = (credentials: Credentials) => ImapFlow;

export interface WatcherTiming {
  /** Between two STATUS rounds over the special folders other than INBOX. */
  pollMs: number;
  /** First reconnect delay after the server dropped us; doubles per failed attempt. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

/** Special-use flags of the folders polled besides INBOX (SPEC §3: the special five). */
const POLLED_SPECIAL_USES = new Set(['\\Drafts', '\\Sent', '\\Junk', '\\Trash']);

/**
 * One IMAP connection that sits in IDLE on INBOX for one user and reports
 * which folders changed. INBOX changes arrive as they happen (EXISTS, EXPUNGE,
 * FETCH FLAGS inside IDLE); imapflow has no NOTIFY (RFC 5465), so the other
 * special folders are compared by STATUS every `pollMs`, which briefly ends
 * IDLE (imapflow's auto-IDLE starts it again). A dropped connection (Dovecot
 * restart) is reopened with backoff, and then every watched folder is reported
 * changed, because whatever happened meanwhile was not seen.
 */
export class MailboxWatcher {
  private client: ImapFlow | null = null;
  /** Gives the client's slot of the user's connection limit back to the pool. */
  private releaseSlot: () => void = () => undefined;
  private stopped = true;
  private failedLogin = false;
  private watching = false;
  private everWatched = false;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private specials: string[] = [];
  /** Last STATUS per polled folder, as one comparable string. */
  private readonly states = new Map<string, string>();

  constructor(
    private readonly credentials: Credentials,
    private readonly createClient: WatcherClientFactory,
    private readonly slots: WatcherSlots,
    private readonly onChange: (folders: string[]) => void,
    private readonly timing: WatcherTiming,
  ) {}

  /** Opening or open: what counts against the user's IMAP connections. */
  get hasConnection(): boolean {
    return this.client !== null;
  }

  /** INBOX is selected: from here on, no change to it is missed. */
  get isWatching(): boolean {
    return this.watching;
  }

  /** Starts, or starts again after a refused login (the user may have signed in anew). */
  start(): void {
    if (!this.stopped && !this.failedLogin) return;
    this.stopped = false;
    this.failedLogin = false;
    this.attempt = 0;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.pollTimer);
    const client = this.client;
    const releaseSlot = this.releaseSlot;
    this.client = null;
    this.watching = false;
    if (!client) return;
    try {
      if (!client.usable) client.close();
      else await client.logout();
    } catch {
      client.close();
    } finally {
      releaseSlot();
    }
  }

  private async connect(): Promise<void> {
    // The watcher's connection counts against the user's limit like the pool's own (server/mail/imap/connection-pool.ts).
    const releaseSlot = await this.slots.reserveWatcherSlot(this.credentials.email);
    // Stopped while waiting, or another start got there first.
    if (this.stopped || this.client) {
      releaseSlot();
      return;
    }
    const client = this.createClient(this.credentials);
    this.client = client;
    this.releaseSlot = releaseSlot;
    // Without an 'error' listener a dropped socket would crash the process; 'close' follows it.
    client.on('error', () => undefined);
    client.on('close', () => this.lost(client));
    client.on('exists', ({ path }) => this.onChange([path]));
    client.on('expunge', ({ path }) => this.onChange([path]));
    client.on('flags', ({ path }) => this.onChange([path]));
    try {
      await client.connect();
      this.specials = (await client.list())
        .filter((entry) => POLLED_SPECIAL_USES.has(entry.specialUse ?? '') && !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'))
        .map((entry) => entry.path);
      // EXAMINE, not SELECT: watching must never change the mailbox (\Recent, implicit expunge on CLOSE).
      await client.mailboxOpen('INBOX', { readOnly: true });
      await this.poll(client, false);
    } catch (err) {
      if (isAuthenticationFailure(err)) this.failedLogin = true;
      this.lost(client);
      client.close();
      return;
    }
    if (this.client !== client) return;
    this.watching = true;
    this.attempt = 0;
    if (this.everWatched) this.onChange(['INBOX', ...this.specials]);
    this.everWatched = true;
    this.schedulePoll(client);
  }

  /** The connection is gone (server restart, network, failed open): try again later unless stopped. */
  private lost(client: ImapFlow): void {
    if (this.client !== client) return;
    this.client = null;
    this.watching = false;
    this.releaseSlot();
    clearTimeout(this.pollTimer);
    // A refused password will not get better by asking again; a new stream of the user restarts us.
    if (this.stopped || this.failedLogin) return;
    const base = Math.min(this.timing.reconnectMaxMs, this.timing.reconnectMinMs * 2 ** this.attempt);
    this.attempt++;
    // Jitter: after a Dovecot restart every user's watcher must not knock at the same instant.
    const delay = base * (0.75 + Math.random() * 0.5);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  private schedulePoll(client: ImapFlow): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      void this.poll(client, true)
        .catch(() => undefined)
        .finally(() => {
          if (this.client === client) this.schedulePoll(client);
        });
    }, this.timing.pollMs);
    this.pollTimer.unref();
  }

  private async poll(client: ImapFlow, report: boolean): Promise<void> {
    const changed: string[] = [];
    for (const path of this.specials) {
      if (this.client !== client || !client.usable) return;
      let status: StatusObject | false;
      try {
        // HIGHESTMODSEQ (CONDSTORE) catches flag changes that leave the counts as they were.
        status = await client.status(path, { messages: true, unseen: true, uidNext: true, uidValidity: true, highestModseq: true });
      } catch (err) {
        // A folder deleted or renamed meanwhile is not worth the connection; a lost connection is handled by 'close'.
        if (!client.usable) throw err;
        continue;
      }
      if (!status) continue;
      const state = [status.messages, status.unseen, status.uidNext, status.uidValidity, status.highestModseq].join('/');
      if (this.states.get(path) !== state) {
        if (this.states.has(path)) changed.push(path);
        this.states.set(path, state);
      }
    }
    if (report && changed.length > 0) this.onChange(changed);
  }
}
