// The mail stack itself (scripts/stack): what the rest of the test suite and
// the demo rely on. Runs against the test stack that global-setup starts.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it, expect, vi } from 'vitest';
import type { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import pg from 'pg';
import {
  createTestUser,
  deliver,
  imapClient,
  inboundTransport,
  submissionTransport,
  TEST_DOMAIN,
  testStackEnv,
  waitForMessage,
} from '../support/stack';

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

async function headersOf(client: ImapFlow, mailbox: string, uid: number): Promise<string> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    const msg = await client.fetchOne(String(uid), { headers: true }, { uid: true });
    if (!msg || !msg.headers) throw new Error(`no message with UID ${uid} in ${mailbox}`);
    return msg.headers.toString('utf8');
  } finally {
    lock.release();
  }
}

function headerValue(headers: string, name: string): string | undefined {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim();
}

/** Minimal ManageSieve (RFC 5804) client: enough to read capabilities and upload a script. */
class ManageSieve {
  private buffer = '';
  private waiters: (() => void)[] = [];
  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(port: number): Promise<{ client: ManageSieve; greeting: string }> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new ManageSieve(socket);
    return { client, greeting: await client.response() };
  }

  /** Everything up to and including the next OK/NO/BYE line. */
  async response(): Promise<string> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const match = /(^|\r\n)(OK|NO|BYE)\b[^\r\n]*\r\n/.exec(this.buffer);
      if (match) {
        const end = match.index + match[0].length;
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end);
        return text;
      }
      if (Date.now() > deadline) throw new Error(`ManageSieve: no response, got ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    const text = await this.response();
    if (!/(^|\r\n)OK\b/.test(text)) throw new Error(`ManageSieve: ${line.split(' ')[0]} failed: ${text}`);
    return text;
  }

  close(): void {
    this.socket.end('LOGOUT\r\n');
  }
}

describe('the test mail stack', () => {
  it('is described to the tests through process.env, including PostgreSQL', async () => {
    const env = testStackEnv();
    expect(process.env.TERN_IMAP_HOST).toBe('127.0.0.1');
    expect(process.env.TERN_IMAP_PORT).toBe(String(env.imapPort));
    expect(process.env.TERN_SMTP_PORT).toBe(String(env.smtpPort));
    expect(process.env.TERN_SIEVE_PORT).toBe(String(env.sievePort));
    expect(process.env.TERN_STACK_INBOUND_SMTP_PORT).toBe(String(env.inboundSmtpPort));
    const url = process.env.TERN_TEST_DATABASE_URL;
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/tern$/);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const result = await db.query<{ one: number }>('SELECT 1 AS one');
      expect(result.rows[0]?.one).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('advertises the IMAP extensions Tern relies on', async () => {
    const user = await createTestUser('caps');
    const client = await imapClient(user);
    try {
      for (const cap of ['SORT', 'ESORT', 'LIST-STATUS', 'SPECIAL-USE', 'QUOTA', 'CONDSTORE', 'QRESYNC', 'MOVE', 'SAVEDATE']) {
        expect(client.capabilities.has(cap), cap).toBe(true);
      }
    } finally {
      await client.logout();
    }
  });

  it('lets an alias user sign in with either address and see one INBOX', async () => {
    const user = await createTestUser('alias', { aliases: 1 });
    const alias = user.aliases[0];
    if (alias === undefined) throw new Error('no alias created');
    expect(alias).toMatch(/@mt-example\.org$/);

    await deliver(user.email, { from: 'Ada <ada@example.net>', subject: 'to the canonical address', text: 'one' });
    await deliver(alias, { from: 'Ada <ada@example.net>', subject: 'to the alias', text: 'two' });

    const viaCanonical = await imapClient(user);
    const viaAlias = await imapClient(user, alias);
    try {
      const a = await viaCanonical.status('INBOX', { messages: true, uidValidity: true, uidNext: true });
      const b = await viaAlias.status('INBOX', { messages: true, uidValidity: true, uidNext: true });
      expect(a && a.messages).toBe(2);
      expect(b).toEqual(a);
      const lock = await viaAlias.getMailboxLock('INBOX');
      try {
        const subjects: string[] = [];
        for await (const msg of viaAlias.fetch('1:*', { envelope: true })) subjects.push(msg.envelope?.subject ?? '');
        expect(subjects.sort()).toEqual(['to the alias', 'to the canonical address']);
      } finally {
        lock.release();
      }
    } finally {
      await viaCanonical.logout();
      await viaAlias.logout();
    }
  });

  it('has the special-use folders, subscribed and flagged', async () => {
    const user = await createTestUser('folders');
    const client = await imapClient(user);
    try {
      const list = await client.list();
      const byPath = new Map(list.map((mailbox) => [mailbox.path, mailbox]));
      for (const [path, flag] of [
        ['Drafts', '\\Drafts'],
        ['Sent', '\\Sent'],
        ['Junk', '\\Junk'],
        ['Trash', '\\Trash'],
      ] as const) {
        const mailbox = byPath.get(path);
        expect(mailbox, path).toBeDefined();
        expect(mailbox?.flags.has(flag), `${path} has ${flag}`).toBe(true);
        expect(mailbox?.subscribed, `${path} is subscribed`).toBe(true);
      }
      expect(byPath.has('INBOX')).toBe(true);
    } finally {
      await client.logout();
    }
  });

  it('scores GTUBE as spam (>= 5) and a normal message as ham (< 5), in INBOX', async () => {
    const user = await createTestUser('spam');
    const spam = await deliver(user.email, { from: 'Prizes <win@example.net>', subject: 'You won', text: `Claim now!\n\n${GTUBE}\n` });
    // A forged score header must not survive: the stack derives it from the scanner's verdict.
    const ham = await deliver(user.email, {
      from: 'Ada <ada@example.net>',
      subject: 'Minutes of Monday',
      text: 'Hi, the minutes are below. Nothing urgent.\n',
      headers: { 'X-Spam-Score': '-99.0' },
    });

    const client = await imapClient(user);
    try {
      const spamHeaders = await headersOf(client, 'INBOX', spam.uid);
      expect(Number(headerValue(spamHeaders, 'X-Spam-Score'))).toBeGreaterThanOrEqual(5);
      expect(headerValue(spamHeaders, 'X-Spam-Status')).toMatch(/^Yes, score=\d/);
      expect(headerValue(spamHeaders, 'X-Spam-Status')).toContain('GTUBE');

      const hamHeaders = await headersOf(client, 'INBOX', ham.uid);
      const hamScores = [...hamHeaders.matchAll(/^X-Spam-Score:\s*(\S+)/gim)].map((m) => Number(m[1]));
      expect(hamScores).toHaveLength(1);
      expect(hamScores[0]).toBeLessThan(5);
      expect(hamScores[0]).not.toBe(-99);
      expect(headerValue(hamHeaders, 'X-Spam-Status')).toMatch(/^No, score=/);
    } finally {
      await client.logout();
    }
  });

  it('relays submission mail only with AUTH, and delivers it to another user', async () => {
    const sender = await createTestUser('sender');
    const recipient = await createTestUser('recipient');
    const messageId = `<submission-${randomBytes(6).toString('hex')}@tern-test.example>`;

    // Without AUTH the submission port refuses every recipient.
    const env = testStackEnv();
    const noAuth = nodemailer.createTransport({ host: env.smtpHost, port: env.smtpPort, secure: false, ignoreTLS: true });
    try {
      await expect(noAuth.sendMail({ from: sender.email, to: recipient.email, subject: 'no auth', text: 'x' })).rejects.toMatchObject({
        responseCode: 554,
      });
    } finally {
      noAuth.close();
    }

    const transport = submissionTransport(sender);
    try {
      const info = await transport.sendMail({ from: sender.email, to: recipient.email, subject: 'Sent with AUTH', text: 'Hello!', messageId });
      expect(info.accepted).toEqual([recipient.email]);
    } finally {
      transport.close();
    }
    const uid = await waitForMessage(recipient, messageId);
    const client = await imapClient(recipient);
    try {
      const headers = await headersOf(client, 'INBOX', uid);
      expect(headerValue(headers, 'From')).toBe(sender.email);
      // Submission mail goes through the scanner too.
      expect(headerValue(headers, 'X-Spam-Status')).toMatch(/^No, score=/);
    } finally {
      await client.logout();
    }
  });

  it('refuses a 26 MB message (limit 25 MB)', async () => {
    const user = await createTestUser('big');
    const line = `${'x'.repeat(76)}\r\n`;
    const body = line.repeat(Math.ceil((26 * 1024 * 1024) / line.length));
    const raw = `From: big@example.net\r\nTo: ${user.email}\r\nSubject: too big\r\n\r\n${body}`;
    const transport = inboundTransport();
    try {
      await expect(
        transport.sendMail({ raw, envelope: { from: 'big@example.net', to: [user.email] } }),
      ).rejects.toMatchObject({ responseCode: 552 });
    } finally {
      transport.close();
    }
  });

  it('answers ManageSieve with IMPLEMENTATION and the spamtest and vacation extensions', async () => {
    const { client, greeting } = await ManageSieve.connect(testStackEnv().sievePort);
    try {
      expect(greeting).toMatch(/^"IMPLEMENTATION" "[^"]+"/m);
      const sieve = /^"SIEVE" "([^"]*)"/m.exec(greeting)?.[1]?.split(' ') ?? [];
      for (const ext of ['spamtest', 'spamtestplus', 'vacation', 'relational', 'comparator-i;ascii-numeric', 'fileinto', 'imap4flags', 'envelope']) {
        expect(sieve, ext).toContain(ext);
      }
    } finally {
      client.close();
    }
  });

  it('lets a Sieve spamtest rule ("score >= 5") file GTUBE into Junk', async () => {
    const user = await createTestUser('sieve');
    const { client } = await ManageSieve.connect(testStackEnv().sievePort);
    try {
      const auth = Buffer.from(`\0${user.email}\0${user.password}`).toString('base64');
      await client.command(`AUTHENTICATE "PLAIN" "${auth}"`);
      // spamtest :percent is 10 x the SpamAssassin score (sieve_spamtest_max_value = 10).
      const script =
        'require ["spamtestplus", "relational", "comparator-i;ascii-numeric", "fileinto"];\r\n' +
        'if spamtest :percent :value "ge" :comparator "i;ascii-numeric" "50" { fileinto "Junk"; stop; }\r\n';
      await client.command(`PUTSCRIPT "spam" {${Buffer.byteLength(script)}+}\r\n${script}`);
      await client.command('SETACTIVE "spam"');
    } finally {
      client.close();
    }
    await deliver(user.email, { subject: 'gtube', from: 'x@example.net', text: GTUBE }, { mailbox: 'Junk' });
    await deliver(user.email, { subject: 'ham', from: 'x@example.net', text: 'Just a normal note.' }, { mailbox: 'INBOX' });
  });

  it('reports a 1 GB quota through GETQUOTAROOT', async () => {
    const user = await createTestUser('quota');
    const client = await imapClient(user);
    try {
      const quota = await client.getQuota('INBOX');
      if (!quota) throw new Error('no quota reported');
      expect(quota.storage?.limit).toBe(1024 ** 3);
    } finally {
      await client.logout();
    }
  });

  it('indexes mail for full-text search as it is delivered, and body search uses the index', async () => {
    const user = await createTestUser('fts');
    const rare = `quokka${randomBytes(4).toString('hex')}`;
    await deliver(user.email, { subject: 'field notes', from: 'x@example.net', text: `We saw a ${rare} near the river.` }, { noWait: true });
    await deliver(user.email, { subject: 'other notes', from: 'x@example.net', text: 'Nothing unusual today.' }, { noWait: true });
    // Watch the files, not IMAP: any SEARCH (even the Message-ID one deliver()
    // waits with) would build the index itself and prove nothing.
    const maildir = path.join(testStackEnv().stackDir, 'mail', TEST_DOMAIN, user.email.split('@')[0] ?? '', 'Maildir');
    const indexed = () => fs.existsSync(path.join(maildir, 'xapian-indexes')) && fs.readdirSync(path.join(maildir, 'xapian-indexes')).some((name) => name.startsWith('db_'));
    const arrived = () => fs.existsSync(path.join(maildir, 'new')) && fs.readdirSync(path.join(maildir, 'new')).length === 2;
    await vi.waitFor(() => expect(arrived() && indexed()).toBe(true), { timeout: 20_000, interval: 100 });

    const client = await imapClient(user);
    try {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const hits = await client.search({ body: rare }, { uid: true });
      expect(hits).toHaveLength(1);
      // Word parts (3+ characters) match too, like IMAP's substring search.
      expect(await client.search({ body: rare.slice(0, 9) }, { uid: true })).toHaveLength(1);
      expect(await client.search({ body: 'wombat' }, { uid: true })).toHaveLength(0);
    } finally {
      await client.logout();
    }
  });
});
