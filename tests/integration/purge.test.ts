import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { imapDate, purgeCutoff } from '../../server/mail/imap/purge';
import { atom, esearchAll, runRawCommand } from '../../server/mail/imap/raw-command';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, imapClient, testStackEnv, type TestUser } from '../support/stack';

const execFileAsync = promisify(execFile);

// Old save dates, for real. Dovecot (2.3, Maildir) takes a message's save date
// from its cache file, where the save wrote the clock time, else from the
// file's ctime, which nothing but the clock can set. So the old messages are
// saved by `doveadm save` running under a clock set back: a preloaded shim
// shifts CLOCK_REALTIME, and a wrapper config lets the shim's variables through
// Dovecot's environment cleaning (import_environment). The save date is cached
// only where the cache wants the field, so each folder is told to keep it
// ("mailbox cache decision"). The test then checks with SAVEDBEFORE over IMAP
// that the server really sees the dates it set, before relying on them.
const CLOCK_SHIM = String.raw`
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
static long shift(void) { const char *v = getenv("TERN_FAKE_TIME_OFFSET"); return v ? atol(v) : 0; }
int clock_gettime(clockid_t id, struct timespec *ts) {
  static int (*real)(clockid_t, struct timespec *);
  if (!real) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
  int r = real(id, ts);
  if (r == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) ts->tv_sec += shift();
  return r;
}
int gettimeofday(struct timeval *tv, void *tz) {
  struct timespec ts;
  int r = clock_gettime(CLOCK_REALTIME, &ts);
  if (r == 0 && tv) { tv->tv_sec = ts.tv_sec; tv->tv_usec = ts.tv_nsec / 1000; }
  return r;
}
time_t time(time_t *t) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (t) *t = ts.tv_sec;
  return ts.tv_sec;
}
`;

const DAY_SECONDS = 86_400;

describe('purge of Trash and Spam at sign-out (SPEC §1), with save dates set on the real server', () => {
  let bff: RunningBff;
  let user: TestUser;
  let imap: ImapFlow;
  let workDir: string;
  let shimPath: string;
  let doveconf: string;
  let fakeClockConf: string;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tern-purge-'));
    const source = path.join(workDir, 'clock-shim.c');
    shimPath = path.join(workDir, 'clock-shim.so');
    fs.writeFileSync(source, CLOCK_SHIM);
    try {
      execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-o', shimPath, source, '-ldl'], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`the purge test needs a C compiler (gcc) to save messages with old save dates: ${(err as Error).message}`);
    }
    doveconf = path.join(testStackEnv().stackDir, 'etc/dovecot/dovecot.conf');
    fakeClockConf = path.join(workDir, 'dovecot-fake-clock.conf');
    fs.writeFileSync(fakeClockConf, `!include ${doveconf}\nimport_environment = TZ LD_PRELOAD TERN_FAKE_TIME_OFFSET\n`);

    bff = await startBff();
    user = await createTestUser('purge');
    imap = await imapClient(user);
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const doveadm = (...args: string[]) => execFileAsync('doveadm', ['-c', doveconf, ...args]);
  const prepared = new Set<string>();

  /** Saves a message into the folder as if it happened `daysAgo` days ago (its save date and arrival date). */
  async function saveDaysAgo(folder: string, subject: string, daysAgo: number): Promise<void> {
    if (!prepared.has(folder)) {
      // The cache file must exist before a decision can be recorded in it.
      await doveadm('mailbox', 'cache', 'purge', '-u', user.email, folder);
      await doveadm('mailbox', 'cache', 'decision', '-u', user.email, '--fields', 'date.save', '--decision', 'yes', folder);
      prepared.add(folder);
    }
    const raw = `From: Old <old@mt-example.com>\r\nSubject: ${subject}\r\nMessage-ID: <${randomBytes(8).toString('hex')}@tern.test>\r\n\r\n${subject}\r\n`;
    await new Promise<void>((resolve, reject) => {
      const child = execFile(
        'doveadm',
        ['-c', fakeClockConf, 'save', '-u', user.email, '-m', folder],
        { env: { ...process.env, LD_PRELOAD: shimPath, TERN_FAKE_TIME_OFFSET: String(-daysAgo * DAY_SECONDS) } },
        (err) => (err ? reject(err) : resolve()),
      );
      child.stdin?.end(raw);
    });
  }

  async function subjectsIn(folder: string): Promise<string[]> {
    const mailbox = await imap.mailboxOpen(folder);
    if (mailbox.exists === 0) return [];
    const messages = await imap.fetchAll('1:*', { envelope: true });
    return messages.map((message) => message.envelope?.subject ?? '').sort();
  }

  async function savedBefore(folder: string, date: Date): Promise<string[]> {
    await imap.mailboxOpen(folder);
    const found = await runRawCommand(imap, 'UID SEARCH', [atom('RETURN'), [atom('ALL')], atom('SAVEDBEFORE'), atom(imapDate(date))], 'ESEARCH');
    const uids = esearchAll(found);
    if (!uids) return [];
    const messages = await imap.fetchAll(uids, { envelope: true }, { uid: true });
    return messages.map((message) => message.envelope?.subject ?? '').sort();
  }

  it('deletes exactly the messages saved into Trash and Spam more than 30 days ago', async () => {
    const tag = randomBytes(3).toString('hex');
    const name = (label: string) => `${label} ${tag}`;
    await imap.mailboxCreate('Keep');

    await saveDaysAgo('Trash', name('trash old'), 40);
    await saveDaysAgo('Trash', name('trash 31 days'), 32);
    await saveDaysAgo('Trash', name('trash recent'), 3);
    await saveDaysAgo('Junk', name('spam old'), 45);
    await saveDaysAgo('Junk', name('spam recent'), 1);
    await saveDaysAgo('INBOX', name('inbox old'), 90);
    await saveDaysAgo('Keep', name('keep old'), 90);
    // An old message moved to Trash just now: its age in Trash is what counts.
    const longAgo = new Date(Date.now() - 200 * DAY_SECONDS * 1000);
    await imap.append('Trash', `Subject: ${name('trash arrived long ago')}\r\n\r\nx\r\n`, [], longAgo);
    // Flagged \Deleted by another client but young: not the purge's to expunge.
    const bystander = await imap.append('Junk', `Subject: ${name('spam flagged deleted')}\r\n\r\nx\r\n`, ['\\Deleted']);
    expect(bystander && bystander.uid).toBeTruthy();

    // The server really holds those save dates (and so SAVEDBEFORE can find them).
    const cutoff = purgeCutoff(new Date());
    expect(await savedBefore('Trash', cutoff)).toEqual([name('trash 31 days'), name('trash old')].sort());
    expect(await savedBefore('Junk', cutoff)).toEqual([name('spam old')]);
    expect(await savedBefore('Keep', cutoff)).toEqual([name('keep old')]);

    const api = new ApiClient(bff.url);
    expect((await api.signIn(user.email, user.password)).status).toBe(200);
    expect((await api.request('DELETE', '/api/session')).status).toBe(204);

    expect(await subjectsIn('Trash')).toEqual([name('trash arrived long ago'), name('trash recent')].sort());
    expect(await subjectsIn('Junk')).toEqual([name('spam flagged deleted'), name('spam recent')].sort());
    expect(await subjectsIn('INBOX')).toEqual([name('inbox old')]);
    expect(await subjectsIn('Keep')).toEqual([name('keep old')]);
  });

  it('signs out even when the purge fails, and logs no message content', async () => {
    const api = new ApiClient(bff.url);
    expect((await api.signIn(user.email, user.password)).status).toBe(200);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const run = vi.spyOn(bff.deps.imap, 'run').mockRejectedValueOnce(
      Object.assign(new Error('Command failed'), { responseStatus: 'NO', responseText: 'Subject: secret plans' }),
    );
    let logged = '';
    try {
      expect((await api.request('DELETE', '/api/session')).status).toBe(204);
      logged = warn.mock.calls.flat().join(' ');
    } finally {
      run.mockRestore();
      warn.mockRestore();
    }
    expect((await api.request('GET', '/api/session')).status).toBe(401);
    expect(logged).toContain('purge');
    expect(logged).not.toContain('secret');
  });
});
