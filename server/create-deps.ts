import './mail/windows-1252-decoding';
import type { DNSResolver } from 'mailauth';
import { SessionService, type SessionLifetimes } from './auth/session-service';
import { createSignInThrottle, storeRateLimiter } from './auth/sign-in-throttle';
import { createComposeServices } from './compose/compose-services';
import type { SendCheckpoint } from './compose/outbox';
import type { Config } from './config';
import { AddressBookCache } from './contacts/address-books';
import { CardDavDirectory } from './contacts/carddav-directory';
import { DavClients } from './dav/dav-client';
import type { Deps } from './deps';
import { MailboxAccounts } from './identity/mailbox-accounts';
import { IMAGE_FETCH_LIMIT, ImageProxy } from './image-proxy/image-proxy';
import { LiveUpdates } from './live/live-updates';
import { ImapConnectionPool } from './mail/imap/connection-pool';
import type { SnoozeCheckpoint } from './mail/imap/snooze-mail';
import { PublicFetch } from './net/public-fetch';
import { createPasswordDriver } from './password/create-password-driver';
import { PreferencesRepository } from './preferences/preferences-repository';
import { AccountSecurity } from './security/account-security';
import { AppPasswords } from './security/app-passwords';
import { Passkeys } from './security/passkeys';
import { TwoFactor } from './security/two-factor';
import { SieveSettingsService } from './filtering/sieve-settings-service';
import { SpamFilterAtSignIn } from './filtering/spam-filter-at-sign-in';
import { Snoozes } from './snooze/snoozes';
import { timedTxtResolver, UnsubscribeSignatureCheck } from './unsubscribe/dkim-coverage';
import { openStore } from './store/database';
import { SessionRepository } from './store/session-repository';

/** What only tests change: seams and lifetimes shorter than the settings allow. */
export interface DepsOverrides {
  /** The outbox's and snooze's fault seam (tests/support/bff-process.ts kills the process there). */
  checkpoint?: (point: SendCheckpoint | SnoozeCheckpoint) => void;
  /** The clock snoozes are returned by and passkey challenges expire by (a test moves it forward instead of waiting). */
  now?: () => number;
  /** Session lifetimes shorter than the settings' whole minutes and days allow, so a test can wait them out. */
  sessionLifetimes?: Partial<SessionLifetimes>;
  /** The SSRF guard; default the production one (public addresses only). Tests allow their loopback HTTPS server here. */
  publicFetch?: PublicFetch;
  /** DNS for DKIM keys; default the system resolver with a time limit. Tests answer with their own key. */
  dkimResolver?: DNSResolver;
  /** Remote image fetches per account and window; default IMAGE_FETCH_LIMIT. A test reaches a lower one quickly. */
  imageFetchLimit?: { points: number; seconds: number };
}

/** Everything the routes and workers use, built once per process: a new dependency is wired here and nowhere else. */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const store = await openStore(config.database);
  const imap = new ImapConnectionPool(config.imap);
  const live = new LiveUpdates(config.imap, imap);
  const accounts = new MailboxAccounts(store, imap);
  const dav = new DavClients(config.dav, accounts);
  const addressBooks = new AddressBookCache(dav);
  const preferences = new PreferencesRepository(store.db);
  const sieveSettings = new SieveSettingsService(config.sieve, config.spamDefaults);
  // Public addresses only: nothing in the configuration can allow private ranges.
  const publicFetch = overrides.publicFetch ?? new PublicFetch();
  const imageFetchLimit = overrides.imageFetchLimit ?? IMAGE_FETCH_LIMIT;
  const compose = await createComposeServices({ config, store, imap, live, accounts, preferences, checkpoint: overrides.checkpoint });
  return {
    config,
    store,
    imap,
    live,
    accounts,
    dav,
    addressBooks,
    preferences,
    sieveSettings,
    publicFetch,
    imageProxy: new ImageProxy(config.sessionSecret, publicFetch, await storeRateLimiter(store, 'image_proxy_fetches', imageFetchLimit.points, imageFetchLimit.seconds)),
    unsubscribeSignatures: new UnsubscribeSignatureCheck(overrides.dkimResolver ?? timedTxtResolver()),
    contacts: new CardDavDirectory(addressBooks),
    compose,
    snoozes: new Snoozes({ db: store.db, imap, accounts, live, secret: config.sessionSecret, instanceId: compose.outbox.instanceId, now: overrides.now, checkpoint: overrides.checkpoint }),
    spamFilterAtSignIn: new SpamFilterAtSignIn({ store, imap, accounts, sieveSettings }),
    passwordDriver: createPasswordDriver(config.password),
    sessions: new SessionService(new SessionRepository(store.db), config.sessionSecret, {
      idleMs: config.sessionIdleMs,
      maxMs: config.sessionMaxMs,
      ...overrides.sessionLifetimes,
    }),
    throttle: await createSignInThrottle(store),
    security: new AccountSecurity(store.db),
    twoFactor: new TwoFactor(store.db, config.sessionSecret),
    appPasswords: new AppPasswords(store.db),
    passkeys: new Passkeys(store.db, config.publicUrl, overrides.now),
  };
}
