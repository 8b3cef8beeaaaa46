import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTISPAM_CHANGED_TEXT, type AntispamResponse, type AntispamSettings } from '../../shared/api/antispam';
import { ManageSieveClient, ManageSieveError } from '../../server/mail/sieve/managesieve-client';
import { installScript } from '../../server/mail/sieve/script-installer';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, deliver, imapClient, testStackEnv, type TestUser } from '../support/stack';

// Mail goes through the real stack: inbound SMTP → spamass-milter (SpamAssassin
// scores it) → LMTP → Sieve (the script Tern installed over ManageSieve).
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
// Test-only SpamAssassin rules (scripts/stack/templates/spamassassin-local.cf)
// add exactly 4.9 / 5.0; loopback mail also gets ALL_TRUSTED (-1.0), so these
// score 3.9 and 4.0: just below and exactly at a sensitivity of 4.
const SCORE_3_9 = 'TERN-TEST-PLUS-4-9';
const SCORE_4_0 = 'TERN-TEST-PLUS-5-0';

const custom = (overrides: Partial<AntispamSettings>): AntispamSettings => ({
  mode: 'custom',
  sensitivity: 5,
  handling: 'mark',
  whitelist: [],
  blacklist: [],
  ...overrides,
});

let bff: RunningBff;

beforeAll(async () => {
  // Operator defaults unlike the built-in ones, so "Global Site Settings" visibly follows them.
  bff = await startBff({ TERN_SPAM_SENSITIVITY: '4', TERN_SPAM_HANDLING: 'mark' });
});
afterAll(async () => {
  await bff?.close();
});

async function signIn(user: TestUser): Promise<ApiClient> {
  const api = new ApiClient(bff.url);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
  return api;
}

async function save(api: ApiClient, settings: AntispamSettings): Promise<AntispamResponse> {
  return api.json<AntispamResponse>('PUT', '/api/settings/antispam', settings);
}

async function flagsOf(user: TestUser, mailbox: string, uid: number): Promise<Set<string>> {
  const client = await imapClient(user);
  try {
    await client.mailboxOpen(mailbox, { readOnly: true });
    const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
    if (!message) throw new Error(`no message ${uid} in ${mailbox}`);
    return message.flags ?? new Set();
  } finally {
    await client.logout();
  }
}

async function spamScoreOf(user: TestUser, mailbox: string, uid: number): Promise<string> {
  const client = await imapClient(user);
  try {
    await client.mailboxOpen(mailbox, { readOnly: true });
    const message = await client.fetchOne(String(uid), { headers: ['x-spam-score'] }, { uid: true });
    return /X-Spam-Score:\s*(\S+)/i.exec(message ? message.headers?.toString() ?? '' : '')?.[1] ?? '';
  } finally {
    await client.logout();
  }
}

async function countWithMessageId(user: TestUser, mailbox: string, messageId: string): Promise<number> {
  const client = await imapClient(user);
  try {
    await client.mailboxOpen(mailbox, { readOnly: true });
    return ((await client.search({ header: { 'message-id': messageId } }, { uid: true })) || []).length;
  } finally {
    await client.logout();
  }
}

async function sieveClient(user: TestUser): Promise<ManageSieveClient> {
  return ManageSieveClient.connect({ host: '127.0.0.1', port: testStackEnv().sievePort, security: 'none', user: user.email, password: user.password });
}

describe('anti-spam enforced by the mail server', () => {
  it('"Move to Spam folder" with the user signed out: GTUBE in Spam, whitelisted address and domain in Inbox, a blacklisted domain always spam', async () => {
    const user = await createTestUser('spam-move');
    const api = await signIn(user);
    const saved = await save(api, custom({ handling: 'move', whitelist: ['Friend@Example.org', '@good.example'], blacklist: ['@bad.example'] }));
    expect(saved.settings.whitelist).toEqual(['friend@example.org', '@good.example']);
    expect((await api.request('DELETE', '/api/session')).status).toBe(204);

    await deliver(user, { subject: 'win', text: `Claim now\n${GTUBE}\n` }, { from: 'prizes@example.net', mailbox: 'Junk' });
    const friend = await deliver(user, { subject: 'joke', text: `A spammy joke\n${GTUBE}\n` }, { from: 'FRIEND@example.ORG' });
    expect(await flagsOf(user, 'INBOX', friend.uid)).not.toContain('$Junk');
    const goodDomain = await deliver(user, { subject: 'news', text: `${GTUBE}\n` }, { from: 'anyone@Good.Example' });
    expect(await flagsOf(user, 'INBOX', goodDomain.uid)).not.toContain('$Junk');
    await deliver(user, { subject: 'hello', text: 'A clean little note.\n' }, { from: 'someone@bad.example', mailbox: 'Junk' });
  });

  it('"Mark as Spam" keeps GTUBE in Inbox flagged $Junk; "Purge Message" deletes it at delivery; "Disable" leaves it alone', async () => {
    const user = await createTestUser('spam-modes');
    const api = await signIn(user);

    await save(api, custom({ handling: 'mark' }));
    const marked = await deliver(user, { subject: 'mark', text: `${GTUBE}\n` }, { from: 'x@example.net' });
    expect(await flagsOf(user, 'INBOX', marked.uid)).toContain('$Junk');

    await save(api, custom({ handling: 'purge' }));
    const purged = await deliver(user, { subject: 'purge', text: `${GTUBE}\n` }, { from: 'x@example.net', noWait: true });
    // The milter scans during the SMTP transaction, so once a later clean message is in, the GTUBE one was delivered (or not) before it.
    await deliver(user, { subject: 'after purge', text: 'Clean.\n' }, { from: 'x@example.net' });
    expect(await countWithMessageId(user, 'INBOX', purged.messageId)).toBe(0);
    expect(await countWithMessageId(user, 'Junk', purged.messageId)).toBe(0);

    await save(api, { ...custom({}), mode: 'disable' });
    const kept = await deliver(user, { subject: 'disabled', text: `${GTUBE}\n` }, { from: 'x@example.net' });
    expect(await flagsOf(user, 'INBOX', kept.uid)).not.toContain('$Junk');
  });

  it('"Global Site Settings" follows the configured defaults (here sensitivity 4, "Mark as Spam"), and its lists do not apply', async () => {
    const user = await createTestUser('spam-global');
    const api = await signIn(user);
    const saved = await save(api, { ...custom({ whitelist: ['@example.net'] }), mode: 'global' });
    expect(saved.globalDefaults).toEqual({ sensitivity: 4, handling: 'mark' });
    const atFour = await deliver(user, { subject: 'at four', text: `${SCORE_4_0}\n` }, { from: 'x@example.net' });
    expect(await spamScoreOf(user, 'INBOX', atFour.uid)).toBe('4.0');
    expect(await flagsOf(user, 'INBOX', atFour.uid)).toContain('$Junk');
  });

  it('"Global Site Settings" hold from the first sign-in, before the user ever saves, and once only', async () => {
    const user = await createTestUser('spam-first');
    const sieve = await sieveClient(user);
    try {
      expect(await sieve.listScripts()).toEqual([]);
      const api = await signIn(user);
      // The install follows the sign-in's answer; a settings save would wait for it.
      await bff.deps.spamFilterAtSignIn.settled(user.email);
      const installed = await sieve.listScripts();
      expect(installed).toEqual([{ name: expect.stringMatching(/^tern-/) as string, active: true }]);
      expect(await api.json<AntispamResponse>('GET', '/api/settings/antispam')).toMatchObject({ settings: { mode: 'global' }, inForce: true });
      expect((await api.request('DELETE', '/api/session')).status).toBe(204);

      const marked = await deliver(user, { subject: 'first', text: `${SCORE_4_0}\n` }, { from: 'x@example.net' });
      expect(await flagsOf(user, 'INBOX', marked.uid)).toContain('$Junk');

      // The user turned filtering off with another client: a later sign-in leaves that alone.
      await sieve.setActive('');
      await signIn(user);
      await bff.deps.spamFilterAtSignIn.settled(user.email);
      expect((await sieve.listScripts()).filter((script) => script.active)).toEqual([]);
    } finally {
      await sieve.logout();
    }
  });

  it('sensitivity N: a score just below N is not spam, a score of exactly N is', async () => {
    const user = await createTestUser('spam-boundary');
    const api = await signIn(user);
    await save(api, custom({ sensitivity: 4, handling: 'move' }));
    const below = await deliver(user, { subject: 'below', text: `${SCORE_3_9}\n` }, { from: 'x@example.net' });
    expect(await spamScoreOf(user, 'INBOX', below.uid)).toBe('3.9');
    const at = await deliver(user, { subject: 'at', text: `${SCORE_4_0}\n` }, { from: 'x@example.net', mailbox: 'Junk' });
    expect(await spamScoreOf(user, 'Junk', at.uid)).toBe('4.0');
  });
});

describe('anti-spam settings', () => {
  let user: TestUser;
  let api: ApiClient;
  beforeAll(async () => {
    user = await createTestUser('spam-settings');
    api = await signIn(user);
  });

  it('refuses list entries that try to inject Sieve, naming the line, and changes nothing', async () => {
    const before = await save(api, custom({ blacklist: ['@bad.example'] }));
    expect(before.inForce).toBe(true);
    const response = await api.request('PUT', '/api/settings/antispam', custom({ whitelist: ['ok@example.org', 'x@y.com"; discard; #'] }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; details: { fields: Record<string, string> } };
    expect(body.message).toBe('Line 2: "x@y.com"; discard; #" is not an address (user@domain.com) or a domain (@domain.com).');
    expect(body.details.fields['whitelist.1']).toBe(body.message);
    expect(await api.json<AntispamResponse>('GET', '/api/settings/antispam')).toEqual(before);
  });

  it('a save based on settings that changed elsewhere since is refused and changes nothing; based on the current ones it goes through', async () => {
    const opened = await api.json<AntispamResponse>('GET', '/api/settings/antispam');
    const elsewhere = await save(api, custom({ whitelist: ['theirs@example.org'] }));
    const stale = await api.request('PUT', '/api/settings/antispam', custom({ whitelist: ['mine@example.org'] }), { 'if-match': `"${opened.version}"` });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { message: string }).message).toBe(ANTISPAM_CHANGED_TEXT);
    expect((await api.json<AntispamResponse>('GET', '/api/settings/antispam')).settings.whitelist).toEqual(['theirs@example.org']);
    const current = await api.request('PUT', '/api/settings/antispam', custom({ whitelist: ['mine@example.org'] }), { 'if-match': `"${elsewhere.version}"` });
    expect(current.status).toBe(200);
    expect((await api.json<AntispamResponse>('GET', '/api/settings/antispam')).settings.whitelist).toEqual(['mine@example.org']);
  });

  it("keeps the user's own active script running (included) and never deletes it", async () => {
    const sieve = await sieveClient(user);
    try {
      await sieve.putScript('my rules', 'require ["fileinto", "mailbox"];\nif header :contains "subject" "invoice" { fileinto :create "Invoices"; }\n');
      await sieve.setActive('my rules');
      await save(api, custom({ handling: 'move' }));
      const scripts = await sieve.listScripts();
      expect(scripts.find((script) => script.active)?.name).toMatch(/^tern-/);
      expect(scripts.map((script) => script.name)).toContain('my rules');
    } finally {
      await sieve.logout();
    }
    await deliver(user, { subject: 'Your invoice', text: 'Clean.\n' }, { from: 'billing@example.net', mailbox: 'Invoices' });
    // A later save keeps including it.
    await save(api, custom({ handling: 'mark' }));
    await deliver(user, { subject: 'Second invoice', text: 'Clean.\n' }, { from: 'billing@example.net', mailbox: 'Invoices' });
  });

  it('a script the server refuses is never activated: the previous one stays active', async () => {
    const saved = await save(api, custom({ handling: 'purge', sensitivity: 3 }));
    const sieve = await sieveClient(user);
    try {
      const activeBefore = (await sieve.listScripts()).find((script) => script.active)?.name;
      await expect(installScript(sieve, 'if nonsense { keep; }\n')).rejects.toBeInstanceOf(ManageSieveError);
      const after = await sieve.listScripts();
      expect(after.find((script) => script.active)?.name).toBe(activeBefore);
      expect(after).toHaveLength(2); // Tern's and "my rules": nothing half-installed left behind
    } finally {
      await sieve.logout();
    }
    expect(await api.json<AntispamResponse>('GET', '/api/settings/antispam')).toEqual(saved);
  });
});
