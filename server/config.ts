import { z } from 'zod';
import type { SpamDefaults } from '../shared/api/antispam';
import type { ReceivingServer } from './calendar/mail-origin';

const port = z.coerce.number().int().min(1).max(65_535);
const security = z.enum(['tls', 'starttls', 'none']);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const hostList = z
  .string()
  .transform((value) => value.split(',').map((name) => name.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be host names, comma-separated')));

/**
 * Everything the BFF reads from its environment, validated once at start.
 * A bad value stops the server with a message naming the variable (SPEC §14).
 */
const envSchema = z.object({
  TERN_HOST: z.string().default('127.0.0.1'),
  TERN_PORT: port.default(8080),
  /** Where users reach Tern. An https URL turns on Secure cookies and HSTS (SPEC §11). */
  TERN_PUBLIC_URL: z.url().default('http://127.0.0.1:8080'),
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  TERN_TRUST_PROXY: flag.default(false),
  /** Encrypts stored IMAP passwords: at least 32 random bytes, hex or base64. */
  TERN_SESSION_SECRET: z.string().min(43, 'must be at least 32 random bytes, hex or base64 encoded'),
  TERN_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(480),
  /** A session ends this long after sign-in however busy it is: a stolen cookie does not last for ever. */
  TERN_SESSION_MAX_DAYS: z.coerce.number().int().positive().max(365).default(30),
  /** Every user must sign in with a second step (an authenticator app); one without sets it up right after the password. */
  TERN_REQUIRE_2FA: flag.default(false),
  TERN_IMAP_HOST: z.string().min(1),
  TERN_IMAP_PORT: port.default(993),
  TERN_IMAP_SECURITY: security.default('tls'),
  // Every connection counts, the live-update watcher's too, and it leaves requests at least one: hence 2 at least.
  TERN_IMAP_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(2).max(10).default(2),
  TERN_IMAP_IDLE_CLOSE_SECONDS: z.coerce.number().int().positive().default(300),
  TERN_SMTP_HOST: z.string().min(1).optional(),
  TERN_SMTP_PORT: port.default(587),
  TERN_SMTP_SECURITY: security.default('starttls'),
  /** How long a message that met a temporary SMTP failure is retried (hours; an MTA's default). */
  TERN_SEND_RETRY_HOURS: z.coerce.number().positive().max(720).default(24),
  /** ManageSieve (RFC 5804) for the per-user filters; the host defaults to the IMAP host. */
  TERN_SIEVE_HOST: z.string().min(1).optional(),
  TERN_SIEVE_PORT: port.default(4190),
  TERN_SIEVE_SECURITY: security.default('starttls'),
  /** "Global Site Settings" (SPEC §7): the domain's spam defaults, as MailProtect recommends them. */
  TERN_SPAM_SENSITIVITY: z.coerce.number().int().min(1).max(10).default(5),
  TERN_SPAM_HANDLING: z.enum(['mark', 'move', 'purge']).default('move'),
  /**
   * How "Change Password" reaches the user database: `none` (not offered) or
   * `tern-stack` (the demo/test stack's Dovecot passwd-file in TERN_STACK_DIR).
   */
  TERN_PASSWORD_DRIVER: z.enum(['none', 'tern-stack']).default('none'),
  TERN_STACK_DIR: z.string().min(1).optional(),
  /** postgres://… selects PostgreSQL (several BFF instances); otherwise SQLite at TERN_SQLITE_PATH. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  TERN_SQLITE_PATH: z.string().default('.runtime/tern.sqlite'),
  /** The built SPA; absent in development, where Vite serves it. */
  TERN_STATIC_DIR: z.string().default('dist/web'),
  /** The CardDAV/CalDAV server behind contacts, calendar and the /dav/ proxy (Radicale's default port). */
  TERN_DAV_URL: z.url().default('http://127.0.0.1:5232'),
  /**
   * How the BFF tells the DAV server who the user is: `remote-user` names them in
   * TERN_DAV_USER_HEADER (a server that trusts the BFF, on loopback); `basic` sends
   * the user's own mail password (a server sharing the mail accounts: SOGo, Nextcloud).
   */
  TERN_DAV_AUTH: z.enum(['remote-user', 'basic']).default('remote-user'),
  TERN_DAV_USER_HEADER: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be an HTTP header name').default('X-Remote-User'),
  /** A DAV request that has not finished by then counts as "cannot be reached" (a hung server must not hang a page). */
  TERN_DAV_TIMEOUT_SECONDS: z.coerce.number().int().positive().max(600).default(30),
  /**
   * Host names the incoming mail server writes in its own Received lines ("by …"), comma-separated:
   * an invitation's change applies without a click only when that line vouches for the sender.
   */
  TERN_MAIL_RECEIVED_BY: hostList.default([]),
  /** The authserv-id of the Authentication-Results the incoming server adds (RFC 8601); the Received host names unless set. */
  TERN_MAIL_AUTHSERV_ID: hostList.optional(),
});

export type Config = {
  host: string;
  port: number;
  publicUrl: URL;
  secureTransport: boolean;
  trustProxy: boolean;
  requireTwoFactor: boolean;
  sessionSecret: Buffer;
  sessionIdleMs: number;
  sessionMaxMs: number;
  imap: { host: string; port: number; security: z.infer<typeof security>; maxConnectionsPerUser: number; idleCloseMs: number };
  smtp: { host: string; port: number; security: z.infer<typeof security> } | null;
  sendRetryMs: number;
  sieve: { host: string; port: number; security: z.infer<typeof security> };
  spamDefaults: SpamDefaults;
  password: { driver: 'none' } | { driver: 'tern-stack'; stackDir: string };
  database: { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string };
  staticDir: string;
  dav: { url: URL; auth: 'remote-user' | 'basic'; userHeader: string; timeoutMs: number };
  receivingServer: ReceivingServer;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Tern cannot start: bad configuration\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  const sessionSecret = decodeSecret(e.TERN_SESSION_SECRET);
  const publicUrl = new URL(e.TERN_PUBLIC_URL);
  return {
    host: e.TERN_HOST,
    port: e.TERN_PORT,
    publicUrl,
    secureTransport: publicUrl.protocol === 'https:',
    trustProxy: e.TERN_TRUST_PROXY,
    requireTwoFactor: e.TERN_REQUIRE_2FA,
    sessionSecret,
    sessionIdleMs: e.TERN_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.TERN_SESSION_MAX_DAYS * 24 * 60 * 60_000,
    imap: {
      host: e.TERN_IMAP_HOST,
      port: e.TERN_IMAP_PORT,
      security: e.TERN_IMAP_SECURITY,
      maxConnectionsPerUser: e.TERN_IMAP_MAX_CONNECTIONS_PER_USER,
      idleCloseMs: e.TERN_IMAP_IDLE_CLOSE_SECONDS * 1000,
    },
    smtp: e.TERN_SMTP_HOST ? { host: e.TERN_SMTP_HOST, port: e.TERN_SMTP_PORT, security: e.TERN_SMTP_SECURITY } : null,
    sendRetryMs: Math.round(e.TERN_SEND_RETRY_HOURS * 3_600_000),
    sieve: { host: e.TERN_SIEVE_HOST ?? e.TERN_IMAP_HOST, port: e.TERN_SIEVE_PORT, security: e.TERN_SIEVE_SECURITY },
    spamDefaults: { sensitivity: e.TERN_SPAM_SENSITIVITY, handling: e.TERN_SPAM_HANDLING },
    password: passwordDriverConfig(e.TERN_PASSWORD_DRIVER, e.TERN_STACK_DIR),
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'sqlite', path: e.TERN_SQLITE_PATH },
    staticDir: e.TERN_STATIC_DIR,
    dav: { url: new URL(e.TERN_DAV_URL), auth: e.TERN_DAV_AUTH, userHeader: e.TERN_DAV_USER_HEADER, timeoutMs: e.TERN_DAV_TIMEOUT_SECONDS * 1000 },
    receivingServer: { hostNames: e.TERN_MAIL_RECEIVED_BY, authservIds: e.TERN_MAIL_AUTHSERV_ID ?? e.TERN_MAIL_RECEIVED_BY },
  };
}

function passwordDriverConfig(driver: 'none' | 'tern-stack', stackDir: string | undefined): Config['password'] {
  if (driver === 'none') return { driver };
  if (!stackDir) throw new ConfigError('Tern cannot start: bad configuration\n  TERN_STACK_DIR: required when TERN_PASSWORD_DRIVER is tern-stack');
  return { driver, stackDir };
}

function decodeSecret(value: string): Buffer {
  const bytes = /^[0-9a-f]+$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (bytes.length < 32) {
    throw new ConfigError('Tern cannot start: bad configuration\n  TERN_SESSION_SECRET: must decode to at least 32 bytes');
  }
  return bytes;
}
