import type { OutboxStatus } from '../../shared/api/compose';

/** Table types for Kysely; kept in step with migrations/. Times are epoch milliseconds. */
export interface SessionsTable {
  /** SHA-256 of the cookie token: a stolen database does not yield usable cookies. */
  id: string;
  email: string;
  /** AES-256-GCM of the IMAP password under a key derived from the server secret and the cookie token. */
  password_sealed: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  /** The mailbox's account (server/identity/): every address of one mailbox shares it. */
  account: string;
  /** Set when the session was ended for a reason its tabs must be told (shared/api/session.ts); the sweep removes the row later. */
  ended_reason: string | null;
  /** The browser's User-Agent at sign-in (cut to 512 characters), for the list of signed-in devices. */
  user_agent: string | null;
  /** The client address at sign-in (server/http/client-address.ts). */
  client_address: string | null;
  /** 'signed-in', or half signed in for a few minutes: 'second-step' (code to come), 'setup' (TERN_REQUIRE_2FA: to turn it on first). */
  stage: string;
}

/** Per account (server/identity/): the user's security choices. No row: the defaults. */
export interface AccountSecurityTable {
  account: string;
  /** 1: a sign-in from a new browser sends the user a notice mail (the default). */
  sign_in_notice: number;
  /** The TOTP key (base32), sealed under the server secret (server/auth/session-crypto.ts); null: two-step sign-in is off. */
  totp_sealed: string | null;
  /** A key being set up, not confirmed by a code yet. */
  totp_pending_sealed: string | null;
  /** The last TOTP time step accepted: a code of that step or before is refused (RFC 6238 §5.2). */
  totp_last_step: number | null;
}

/** One-time recovery codes: SHA-256 of the code (high-entropy random, so a fast hash is enough); used, the row goes. */
export interface RecoveryCodesTable {
  account: string;
  code_hash: string;
}

/** Browsers an account signed in with (server/security/sign-in-notice.ts), by fingerprint. */
export interface KnownBrowsersTable {
  account: string;
  fingerprint: string;
  seen_at: number;
}

/** A user's preferences, one row per section (shared/api/preferences.ts); value is that section as JSON. */
export interface PreferencesTable {
  email: string;
  section: string;
  value: string;
  updated_at: number;
}

/** Compose's outbox (server/compose/outbox.ts): a built message waiting for its time, sent exactly once. */
export interface OutboxTable {
  id: string;
  email: string;
  /** From the compose window; unique per user, so a repeated send finds the first. */
  idempotency_key: string;
  /** shared/api/compose.ts OUTBOX_STATUSES: 'retrying' waits after a temporary failure, 'uncertain' may not have been sent. */
  status: OutboxStatus;
  due_at: number;
  message_id: string;
  /** JSON {from, to[]}: the SMTP envelope (Bcc included, not in the headers). */
  envelope: string;
  /** The whole MIME message as built (ASCII: nodemailer encodes every part); emptied once sent and filed. */
  raw: string;
  /** JSON: what to do after sending (Sent copy, flag the original, remove the draft, forget uploads). */
  followup: string;
  /** The user's password sealed for this row only; null once sent and filed, or given up. */
  password_sealed: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  /**
   * What is known of the SMTP transaction, written before and after it:
   * 'claimed' (not handed over yet), 'handing' (given to SMTP, no answer kept),
   * 'accepted' (SMTP said yes, smtp_response holds its answer), 'filed' (Sent copy and tidying done).
   */
  stage: 'claimed' | 'handing' | 'accepted' | 'filed' | null;
  smtp_response: string | null;
  subject: string | null;
  /** The instance (outbox_instances) that holds the row while it sends it. */
  claimed_by: string | null;
  attempts: number;
  /** Temporary failures are retried until then (TERN_SEND_RETRY_HOURS after the first attempt). */
  retry_until: number | null;
  /** The user dismissed the outbox notice of this failed or uncertain message. */
  dismissed_at: number | null;
}

/** Each BFF instance's heartbeat: a row claimed by an instance that stopped beating is resolved by another. */
export interface OutboxInstancesTable {
  id: string;
  seen_at: number;
}

/** A file attached in compose, kept until the message is sent or discarded. */
export interface UploadsTable {
  id: string;
  email: string;
  filename: string;
  content_type: string;
  size: number;
  content_base64: string;
  created_at: number;
}

/** Addresses a user sent to, for autocomplete. */
export interface RecentRecipientsTable {
  email: string;
  address: string;
  name: string;
  used_at: number;
}

export interface SpamFilterInstalledTable {
  /** The user's account (server/identity/mailbox-accounts.ts). */
  email: string;
  installed_at: number;
}

/** Named passwords for CardDAV/CalDAV clients (server/security/app-passwords.ts). */
export interface AppPasswordsTable {
  id: string;
  account: string;
  /** The address it was made under, lower-cased: the user name a client signs in with. */
  login: string;
  name: string;
  /** scrypt$N$r$p$salt$hash (base64). */
  password_hash: string;
  created_at: number;
  last_used_at: number | null;
}

/** Per account, the random WebAuthn user handle its passkeys are filed under (server/security/passkeys.ts). */
export interface WebauthnUsersTable {
  account: string;
  /** base64url of 32 random bytes: names no address, so an authenticator learns nothing from it. */
  user_handle: string;
}

/** A passkey: a WebAuthn credential (server/security/passkeys.ts). */
export interface PasskeysTable {
  /** The credential id, base64url. */
  id: string;
  account: string;
  name: string;
  /** The COSE public key, base64url: no secret. */
  public_key: string;
  /** The authenticator's signature counter when last used (0: it keeps none). */
  counter: number;
  /** Comma-separated hints (usb, internal, hybrid…) the browser gave at registration. */
  transports: string;
  created_at: number;
  last_used_at: number | null;
}

/** A WebAuthn challenge handed to one session for one purpose: taken once, before expires_at. */
export interface PasskeyChallengesTable {
  session_id: string;
  purpose: 'register' | 'sign-in';
  challenge: string;
  expires_at: number;
}

export interface MailboxAccountsTable {
  /** The mailbox as the IMAP server names it (Dovecot: the INBOX's GUID). */
  mailbox: string;
  /** The first address the mailbox was signed in with, lower-cased. */
  account: string;
}

/** A snoozed message (server/mail/snooze/snoozes.ts): back to the Inbox at return_at, by any instance's worker. */
export interface SnoozesTable {
  id: string;
  /** The mailbox account (server/identity/): every address of one mailbox sees the same snoozes. */
  account: string;
  /** The IMAP login the worker uses, with password_sealed. */
  login: string;
  /** How the message is found again in "Snoozed", whatever its UID became. */
  message_id: string;
  /** Its UID in "Snoozed" when last seen there: the folder's rows show their return time by it. */
  folder_uid: number | null;
  /** When the user asked for it back. */
  return_at: number;
  /** When the worker next tries: return_at, later after a failure. */
  due_at: number;
  /** 'returning' while an instance (claimed_by) brings it back. */
  status: 'waiting' | 'returning';
  claimed_by: string | null;
  attempts: number;
  /** Why the last attempt failed (logged; the row waits for the next). */
  error: string | null;
  /** The login's password sealed for this row only (as the outbox's rows). */
  password_sealed: string;
  created_at: number;
  updated_at: number;
}

export interface Database {
  sessions: SessionsTable;
  preferences: PreferencesTable;
  outbox: OutboxTable;
  outbox_instances: OutboxInstancesTable;
  uploads: UploadsTable;
  recent_recipients: RecentRecipientsTable;
  spam_filter_installed: SpamFilterInstalledTable;
  mailbox_accounts: MailboxAccountsTable;
  snoozes: SnoozesTable;
  account_security: AccountSecurityTable;
  known_browsers: KnownBrowsersTable;
  recovery_codes: RecoveryCodesTable;
  app_passwords: AppPasswordsTable;
  webauthn_users: WebauthnUsersTable;
  passkeys: PasskeysTable;
  passkey_challenges: PasskeyChallengesTable;
}
