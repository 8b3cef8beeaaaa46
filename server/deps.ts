import type { SessionService } from './auth/session-service';
import type { SignInThrottle } from './auth/sign-in-throttle';
import type { ComposeServices } from './compose/compose-services';
import type { Config } from './config';
import type { AddressBookCache } from './contacts/address-books';
import type { DavClients } from './dav/dav-client';
import type { MailboxAccounts } from './identity/mailbox-accounts';
import type { LiveUpdates } from './live/live-updates';
import type { ImageProxy } from './image-proxy/image-proxy';
import type { UnsubscribeSignatureCheck } from './unsubscribe/dkim-coverage';
import type { ImapConnectionPool } from './mail/imap/connection-pool';
import type { PasswordDriver } from './password/password-driver';
import type { PreferencesRepository } from './preferences/preferences-repository';
import type { PublicFetch } from './net/public-fetch';
import type { ContactDirectory } from './recipients/contact-directory';
import type { SieveSettingsService } from './filtering/sieve-settings-service';
import type { AccountSecurity } from './security/account-security';
import type { AppPasswords } from './security/app-passwords';
import type { Passkeys } from './security/passkeys';
import type { TwoFactor } from './security/two-factor';
import type { SpamFilterAtSignIn } from './filtering/spam-filter-at-sign-in';
import type { Snoozes } from './snooze/snoozes';
import type { Store } from './store/database';

/** What the routes depend on, built once by `createDeps` (server/create-deps.ts); tests override what they need. */
export interface Deps {
  config: Config;
  sessions: SessionService;
  throttle: SignInThrottle;
  imap: ImapConnectionPool;
  live: LiveUpdates;
  /** The shared SQL store (SQLite or PostgreSQL): whatever several instances must agree on. */
  store: Store;
  /** Contacts for recipient autocomplete (the contacts module's CardDAV books, or none). */
  contacts: ContactDirectory;
  /** Sending (the outbox), uploads, drafts and recent recipients (issue 5). */
  compose: ComposeServices;
  /** The BFF's client of the CardDAV/CalDAV server (contacts, calendar, the /dav/ proxy). */
  dav: DavClients;
  /** The users' CardDAV address books, with the per-book parsed copy lists and autocomplete read. */
  addressBooks: AddressBookCache;
  /** Whose data a login reaches: the mailbox's account, whichever of its addresses signed in. */
  accounts: MailboxAccounts;
  /** The operator's default spam filter, installed after a user's first sign-in has answered. */
  spamFilterAtSignIn: SpamFilterAtSignIn;
  /** Per-user preferences (identity, signature, display, sending), by account. */
  preferences: PreferencesRepository;
  /** Anti-spam, filters and auto-reply: the user's Sieve script (one per process: it orders each user's script writes). */
  sieveSettings: SieveSettingsService;
  /** "Change Password" (TERN_PASSWORD_DRIVER). */
  passwordDriver: PasswordDriver;
  /** The SSRF guard for addresses taken from mail (one-click unsubscribe, images): public addresses only. */
  publicFetch: PublicFetch;
  /** Remote images of a message, fetched through publicFetch (issue 17). */
  imageProxy: ImageProxy;
  /** Whether a message's List-Unsubscribe headers are DKIM-signed, before a one-click POST (RFC 8058). */
  unsubscribeSignatures: UnsubscribeSignatureCheck;
  /** Snoozed messages, brought back to the Inbox by the outbox's worker. */
  snoozes: Snoozes;
  /** Per account: security choices, known browsers (Settings → "Security"). */
  security: AccountSecurity;
  /** Per account: the authenticator-app key and recovery codes (two-step sign-in). */
  twoFactor: TwoFactor;
  /** Per account: named passwords for CardDAV/CalDAV clients through /dav/. */
  appPasswords: AppPasswords;
  /** Per account: passkeys (WebAuthn), a second step like the app's code. */
  passkeys: Passkeys;
}
