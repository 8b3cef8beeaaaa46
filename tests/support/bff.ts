import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../server/app';
import { SessionService, type SessionLifetimes } from '../../server/auth/session-service';
import { createComposeServices, startOutboxWorker } from '../../server/compose/compose-services';
import type { SendCheckpoint } from '../../server/compose/outbox';
import { createSignInThrottle } from '../../server/auth/sign-in-throttle';
import { loadConfig, type Config } from '../../server/config';
import { AddressBookCache } from '../../server/contacts/address-books';
import { CardDavDirectory } from '../../server/contacts/carddav-directory';
import { DavClients } from '../../server/dav/dav-client';
import { MailboxAccounts } from '../../server/identity/mailbox-accounts';
import type { Deps } from '../../server/deps';
import { LiveUpdates } from '../../server/live/live-updates';
import { ImapConnectionPool } from '../../server/mail/imap/connection-pool';
import { AccountSecurity } from '../../server/security/account-security';
import { AppPasswords } from '../../server/security/app-passwords';
import { TwoFactor } from '../../server/security/two-factor';
import { SpamFilterAtSignIn } from '../../server/settings/spam-filter-at-sign-in';
import { openStore, type Store } from '../../server/store/database';
import { SessionRepository } from '../../server/store/session-repository';

export interface RunningBff {
  url: string;
  deps: Deps;
  store: Store;
  /** This instance's outbox worker (each instance runs one, as in production). */
  outboxWorker: { stop(): Promise<void> };
  close(): Promise<void>;
}

export interface BffOptions {
  outboxPollMs?: number;
  /** The outbox's fault seam (tests/support/bff-process.ts kills the process there). */
  checkpoint?: (point: SendCheckpoint) => void;
  /** Session lifetimes shorter than the settings' whole minutes and days allow, so a test can wait them out. */
  sessionLifetimes?: Partial<SessionLifetimes>;
}

/** One secret per test run: instances started with it share sessions, like a real deployment. */
export const TEST_SESSION_SECRET = randomBytes(32).toString('hex');

/** A fresh SQLite file per call unless the test names a database (several instances share one). */
export function tempSqlitePath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tern-store-')), 'tern.sqlite');
}

/**
 * A real BFF on an ephemeral loopback port, talking to the test mail stack
 * whose addresses the global setup put into process.env.
 */
export async function startBff(env: Record<string, string> = {}, options: BffOptions = {}): Promise<RunningBff> {
  const config: Config = loadConfig({
    TERN_SESSION_SECRET: TEST_SESSION_SECRET,
    TERN_IMAP_HOST: process.env.TERN_IMAP_HOST ?? '127.0.0.1',
    TERN_IMAP_PORT: process.env.TERN_IMAP_PORT,
    TERN_IMAP_SECURITY: 'none',
    TERN_SMTP_HOST: process.env.TERN_SMTP_HOST ?? '127.0.0.1',
    TERN_SMTP_PORT: process.env.TERN_SMTP_PORT,
    TERN_SMTP_SECURITY: 'none',
    TERN_SIEVE_PORT: process.env.TERN_SIEVE_PORT,
    TERN_SIEVE_SECURITY: 'none',
    TERN_PASSWORD_DRIVER: process.env.TERN_PASSWORD_DRIVER,
    TERN_STACK_DIR: process.env.TERN_STACK_DIR,
    TERN_DAV_URL: process.env.TERN_DAV_URL,
    TERN_MAIL_RECEIVED_BY: process.env.TERN_MAIL_RECEIVED_BY,
    TERN_SQLITE_PATH: tempSqlitePath(),
    // Several working copies building at once each build into their own directory.
    TERN_STATIC_DIR: process.env.TERN_TEST_STATIC_DIR ?? 'dist/web',
    ...env,
  });
  const store = await openStore(config.database);
  const imap = new ImapConnectionPool(config.imap);
  const live = new LiveUpdates(config.imap, imap);
  const accounts = new MailboxAccounts(store, imap);
  const dav = new DavClients(config.dav, accounts);
  const addressBooks = new AddressBookCache(dav);
  const compose = await createComposeServices({ config, store, imap, live, accounts, checkpoint: options.checkpoint });
  const deps: Deps = {
    config,
    imap,
    live,
    store,
    compose,
    contacts: new CardDavDirectory(addressBooks),
    dav,
    addressBooks,
    accounts,
    spamFilterAtSignIn: new SpamFilterAtSignIn({ config, store, imap, accounts }),
    sessions: new SessionService(new SessionRepository(store.db), config.sessionSecret, {
      idleMs: config.sessionIdleMs,
      maxMs: config.sessionMaxMs,
      ...options.sessionLifetimes,
    }),
    throttle: await createSignInThrottle(store),
    security: new AccountSecurity(store.db),
    twoFactor: new TwoFactor(store.db, config.sessionSecret),
    appPasswords: new AppPasswords(store.db),
  };
  const app = createApp(deps);
  const outboxWorker = startOutboxWorker(compose, options.outboxPollMs ?? 250);
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    store,
    outboxWorker,
    async close() {
      await outboxWorker.stop();
      // Open event streams would keep server.close() waiting.
      await deps.live.closeAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await imap.closeAll();
      await store.db.destroy();
    },
  };
}
