import { serve } from '@hono/node-server';
import { createApp } from './app';
import { SessionService } from './auth/session-service';
import { createSignInThrottle } from './auth/sign-in-throttle';
import { createComposeServices, startOutboxWorker } from './compose/compose-services';
import { ConfigError, loadConfig } from './config';
import { AddressBookCache } from './contacts/address-books';
import { CardDavDirectory } from './contacts/carddav-directory';
import { DavClients } from './dav/dav-client';
import { MailboxAccounts } from './identity/mailbox-accounts';
import { LiveUpdates } from './live/live-updates';
import { ImapConnectionPool } from './mail/imap/connection-pool';
import { AccountSecurity } from './security/account-security';
import { AppPasswords } from './security/app-passwords';
import { TwoFactor } from './security/two-factor';
import { SpamFilterAtSignIn } from './settings/spam-filter-at-sign-in';
import { openStore } from './store/database';
import { SessionRepository } from './store/session-repository';

const SWEEP_INTERVAL_MS = 10 * 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config.database);
  const sessions = new SessionService(new SessionRepository(store.db), config.sessionSecret, { idleMs: config.sessionIdleMs, maxMs: config.sessionMaxMs });
  const imap = new ImapConnectionPool(config.imap);
  const live = new LiveUpdates(config.imap, imap);
  const accounts = new MailboxAccounts(store, imap);
  const dav = new DavClients(config.dav, accounts);
  const addressBooks = new AddressBookCache(dav);
  const compose = await createComposeServices({ config, store, imap, live, accounts });
  const outboxWorker = startOutboxWorker(compose);
  const app = createApp({ config, sessions, imap, live, store, compose, dav, addressBooks, accounts, contacts: new CardDavDirectory(addressBooks), throttle: await createSignInThrottle(store), spamFilterAtSignIn: new SpamFilterAtSignIn({ config, store, imap, accounts }), security: new AccountSecurity(store.db), twoFactor: new TwoFactor(store.db, config.sessionSecret), appPasswords: new AppPasswords(store.db) });

  const sweep = setInterval(() => void sessions.sweepExpired().catch((err) => console.error('session sweep failed', err)), SWEEP_INTERVAL_MS);
  sweep.unref();

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    console.log(`Tern is listening on http://${info.address}:${info.port} (open ${config.publicUrl.href})`);
  });

  const shutdown = () => {
    clearInterval(sweep);
    server.close();
    void outboxWorker
      .stop()
      .then(() => Promise.allSettled([live.closeAll(), imap.closeAll(), store.db.destroy()]))
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
