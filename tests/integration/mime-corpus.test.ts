import fs from 'node:fs';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageDetailSchema, messageWindowSchema, type MessageWindow } from '../../shared/api/messages';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, imapClient } from '../support/stack';

const CORPUS = path.resolve(__dirname, '../../../shared/corpora/mime');
const corpusPresent = fs.existsSync(CORPUS);

function corpusFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return corpusFiles(full);
    return entry.name === 'SOURCE.md' || entry.name.endsWith('.json') ? [] : [full];
  });
}

const title = corpusPresent
  ? 'every message of the MIME corpus renders or degrades without a 5xx'
  : 'MIME corpus SKIPPED: ../shared/corpora/mime is absent (a fresh clone has no ../shared; CI has it)';

describe.skipIf(!corpusPresent)(title, () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;
  const appended: string[] = [];

  beforeAll(async () => {
    bff = await startBff();
    const user = await createTestUser('corpus');
    api = new ApiClient(bff.url);
    await api.signIn(user.email, user.password);
    imap = await imapClient(user);
    await imap.mailboxCreate('Corpus');
    for (const file of corpusFiles(CORPUS)) {
      try {
        await imap.append('Corpus', fs.readFileSync(file));
        appended.push(file);
      } catch {
        // The IMAP server refused it (e.g. NUL bytes): nothing of Tern's to test for that file.
      }
    }
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  it('lists the folder and opens each message and its first attachment', async () => {
    expect(appended.length).toBeGreaterThan(100);
    const window = messageWindowSchema.parse(await api.json<MessageWindow>('GET', '/api/messages?folder=Corpus&offset=0&limit=200'));
    expect(window.total).toBe(appended.length);
    const failures: string[] = [];
    for (const item of window.items) {
      const response = await api.request('GET', `/api/messages/${item.uid}?folder=Corpus`);
      if (response.status !== 200) {
        failures.push(`uid ${item.uid} (${item.subject}): ${response.status}`);
        continue;
      }
      // Whatever the message's state, the answer keeps the API contract the client relies on.
      const detail = messageDetailSchema.safeParse(await response.json());
      if (!detail.success) {
        failures.push(`uid ${item.uid} (${item.subject}): ${detail.error.message}`);
        continue;
      }
      const first = detail.data.attachments[0];
      if (first) {
        const download = await api.request('GET', `/api/messages/${item.uid}/attachments/${first.part}?folder=Corpus`);
        if (download.status >= 500) failures.push(`uid ${item.uid} attachment ${first.part}: ${download.status}`);
        await download.arrayBuffer();
      }
    }
    expect(failures).toEqual([]);
  });
});

