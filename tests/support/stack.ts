// Helpers for tests that talk to the real mail stack (scripts/stack/stack.sh).
//
// The test stack lives in <repo>/.runtime/test on port base 20000 (override
// with TERN_TEST_PORT_BASE, and the directory with TERN_TEST_STACK_DIR), so it
// never collides with the demo stack. tests/support/global-setup.ts starts it;
// these helpers only use it.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';

const execFileAsync = promisify(execFile);

export const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STACK_SCRIPT = path.join(REPO_DIR, 'scripts/stack/stack.sh');

/** Domain for throw-away test users (one of the stack's mail domains). */
export const TEST_DOMAIN = 'tern-test.example';
/** Second stack domain, used for alias addresses of test users. */
export const TEST_ALIAS_DOMAIN = 'mt-example.org';

export interface StackEnv {
  stackDir: string;
  portBase: number;
  imapHost: string;
  imapPort: number;
  /** Submission (SMTP AUTH) host and port: what the app sends through. */
  smtpHost: string;
  smtpPort: number;
  sievePort: number;
  /** The "port 25" listener: accepts mail for the stack's domains without auth. */
  inboundSmtpPort: number;
  /** Set when the stack's PostgreSQL is running. */
  databaseUrl?: string;
  /** Radicale (CardDAV/CalDAV); it trusts an `X-Remote-User: <address>` header, as from the BFF. */
  davUrl: string;
  /** The KEY=VALUE lines printed by `stack.sh env`, ready for process.env. */
  vars: Record<string, string>;
}

export interface TestUser {
  email: string;
  password: string;
  /** Further addresses that deliver to, and log in to, the same mailbox. */
  aliases: string[];
}

/** Environment that points stack.sh at the test stack (not the demo one). */
export function testStackProcessEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TERN_STACK_DIR: process.env.TERN_TEST_STACK_DIR ?? path.join(REPO_DIR, '.runtime/test'),
    TERN_PORT_BASE: process.env.TERN_TEST_PORT_BASE ?? '20000',
  };
}

/** Parse `stack.sh env` output (KEY=VALUE lines). */
export function parseStackEnv(output: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) vars[match[1]] = match[2];
  }
  return vars;
}

function requireVar(vars: Record<string, string>, name: string): string {
  const value = vars[name];
  if (value === undefined) throw new Error(`stack.sh env did not print ${name}`);
  return value;
}

export function stackEnvFromVars(vars: Record<string, string>, portBase: number): StackEnv {
  return {
    stackDir: requireVar(vars, 'TERN_STACK_DIR'),
    portBase,
    imapHost: requireVar(vars, 'TERN_IMAP_HOST'),
    imapPort: Number(requireVar(vars, 'TERN_IMAP_PORT')),
    smtpHost: requireVar(vars, 'TERN_SMTP_HOST'),
    smtpPort: Number(requireVar(vars, 'TERN_SMTP_PORT')),
    sievePort: Number(requireVar(vars, 'TERN_SIEVE_PORT')),
    inboundSmtpPort: Number(requireVar(vars, 'TERN_STACK_INBOUND_SMTP_PORT')),
    databaseUrl: vars.TERN_TEST_DATABASE_URL,
    davUrl: requireVar(vars, 'TERN_DAV_URL'),
    vars,
  };
}

let cachedEnv: StackEnv | undefined;

/**
 * Hosts, ports and database URL of the test stack, as `stack.sh env` reports
 * them. Read once per process; pass `refresh` after starting PostgreSQL.
 */
export function testStackEnv(refresh = false): StackEnv {
  if (cachedEnv && !refresh) return cachedEnv;
  const env = testStackProcessEnv();
  const output = execFileSync('bash', [STACK_SCRIPT, 'env'], { env, encoding: 'utf8' });
  cachedEnv = stackEnvFromVars(parseStackEnv(output), Number(env.TERN_PORT_BASE));
  return cachedEnv;
}

/** Run a stack.sh command against the test stack; rejects with its stderr. */
export async function runStack(...args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync('bash', [STACK_SCRIPT, ...args], {
      env: testStackProcessEnv(),
      encoding: 'utf8',
      timeout: 300_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`stack.sh ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

// Users created in this process, by every address they have, so deliver()
// can log in to see the message arrive.
const knownUsers = new Map<string, TestUser>();

/**
 * A new mailbox with a unique address in tern-test.example and a random
 * password. `aliases: 1` (or more) adds alias addresses in mt-example.org
 * that reach the same mailbox.
 */
export async function createTestUser(prefix = 'user', options: { aliases?: number } = {}): Promise<TestUser> {
  const slug = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'user';
  const local = `${slug}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const email = `${local}@${TEST_DOMAIN}`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const aliases = Array.from({ length: options.aliases ?? 0 }, (_, i) =>
    i === 0 ? `${local}@${TEST_ALIAS_DOMAIN}` : `${local}-${i}@${TEST_ALIAS_DOMAIN}`,
  );
  await runStack('adduser', email, password, ...aliases);
  const user: TestUser = { email, password, aliases };
  for (const address of [email, ...aliases]) knownUsers.set(address, user);
  return user;
}

/** A connected imapflow client (plain IMAP on loopback). Call logout() when done. */
export async function imapClient(user: { email: string; password: string }, login = user.email): Promise<ImapFlow> {
  const env = testStackEnv();
  const client = new ImapFlow({
    host: env.imapHost,
    port: env.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: login, pass: user.password },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
  return client;
}

/** Transport to the inbound ("port 25") listener: no auth, stack domains only. */
export function inboundTransport(): Transporter {
  const env = testStackEnv();
  return nodemailer.createTransport({ host: env.imapHost, port: env.inboundSmtpPort, secure: false, ignoreTLS: true });
}

/** Transport to the submission listener, authenticated as the user. */
export function submissionTransport(user: { email: string; password: string }): Transporter {
  const env = testStackEnv();
  return nodemailer.createTransport({
    host: env.smtpHost,
    port: env.smtpPort,
    secure: false,
    ignoreTLS: true,
    auth: { user: user.email, pass: user.password },
  });
}

export interface Delivered {
  /** Message-ID as found in the delivered message (with angle brackets). */
  messageId: string;
  mailbox: string;
  uid: number;
}

export interface DeliverOptions {
  /** Envelope sender (default: the From address, else sender@example.net). */
  from?: string;
  /** Where to look for the message (default INBOX; Sieve may file elsewhere). */
  mailbox?: string;
  /** How long to wait for it to land (default 30 s). */
  timeoutMs?: number;
  /** Do not wait for delivery (e.g. for addresses not created by createTestUser). */
  noWait?: boolean;
  /** Submit through the submission listener, logged in as this user (default: the inbound listener, no auth). */
  submitAs?: TestUser;
}

function newMessageId(): string {
  return `<${Date.now().toString(36)}.${randomBytes(6).toString('hex')}@tern-test.example>`;
}

/** Ensure a raw message has a Message-ID header; return both. */
function withMessageId(raw: string | Buffer): { raw: Buffer; messageId: string } {
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
  const text = buf.toString('latin1');
  const headerEnd = text.search(/\r?\n\r?\n/);
  const headers = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const match = /^message-id:\s*(<[^>\r\n]+>)/im.exec(headers);
  if (match?.[1]) return { raw: buf, messageId: match[1] };
  const messageId = newMessageId();
  return { raw: Buffer.concat([Buffer.from(`Message-ID: ${messageId}\r\n`, 'latin1'), buf]), messageId };
}

function addressOf(value: SendMailOptions['from']): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return /<([^>]+)>/.exec(value)?.[1] ?? value.trim();
  if (Array.isArray(value)) return undefined;
  return value.address;
}

/**
 * Deliver a message to `to` through the inbound SMTP port (so spamd and Sieve
 * see it) and wait until it is in the recipient's mailbox. `message` is raw
 * RFC 5322 text or nodemailer message options (To defaults to `to`).
 */
export async function deliver(
  to: string | TestUser,
  message: string | Buffer | SendMailOptions,
  options: DeliverOptions = {},
): Promise<Delivered> {
  const rcpt = typeof to === 'string' ? to.toLowerCase() : to.email;
  const user = typeof to === 'string' ? knownUsers.get(rcpt) : to;
  if (!user && !options.noWait) {
    throw new Error(`deliver(): ${rcpt} was not created by createTestUser() in this process; pass the TestUser or { noWait: true }`);
  }

  let mail: SendMailOptions;
  let messageId: string;
  if (typeof message === 'string' || Buffer.isBuffer(message)) {
    const prepared = withMessageId(message);
    messageId = prepared.messageId;
    mail = { raw: prepared.raw, envelope: { from: options.from ?? 'sender@example.net', to: [rcpt] } };
  } else {
    messageId = message.messageId ?? newMessageId();
    mail = {
      to: rcpt,
      ...message,
      messageId,
      envelope: { from: options.from ?? addressOf(message.from) ?? 'sender@example.net', to: [rcpt] },
    };
  }

  const transport = options.submitAs ? submissionTransport(options.submitAs) : inboundTransport();
  try {
    await transport.sendMail(mail);
  } finally {
    transport.close();
  }
  const mailbox = options.mailbox ?? 'INBOX';
  if (options.noWait || !user) return { messageId, mailbox, uid: 0 };
  const uid = await waitForMessage(user, messageId, { mailbox, timeoutMs: options.timeoutMs });
  return { messageId, mailbox, uid };
}

/** Poll the mailbox until a message with this Message-ID is there; returns its UID. */
export async function waitForMessage(
  user: { email: string; password: string },
  messageId: string,
  options: { mailbox?: string; timeoutMs?: number } = {},
): Promise<number> {
  const mailbox = options.mailbox ?? 'INBOX';
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const client = await imapClient(user);
  try {
    await client.mailboxOpen(mailbox, { readOnly: true });
    for (;;) {
      // NOOP makes the server report messages that arrived since the SELECT.
      await client.noop();
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      const uid = uids ? uids[0] : undefined;
      if (uid !== undefined) return uid;
      if (Date.now() > deadline) {
        const env = testStackEnv();
        throw new Error(
          `message ${messageId} did not arrive in ${user.email}/${mailbox} within ${options.timeoutMs ?? 30_000} ms; ` +
            `see ${env.stackDir}/log/postfix.log and dovecot.log`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** Restart the test stack's Dovecot (IMAP, LMTP, ManageSieve) and wait for it. */
export async function restartImapServer(): Promise<void> {
  await runStack('restart', 'dovecot');
}
