import { afterEach, describe, expect, it } from 'vitest';
import type { FolderList } from '../../shared/api/folders';
import { ERROR_TEXTS } from '../../shared/errors';
import { ApiClient } from '../support/api-client';
import { startBff, tempSqlitePath, type RunningBff } from '../support/bff';
import { freshPostgresUrl } from '../support/postgres';
import { createTestUser, restartImapServer, runStack } from '../support/stack';

describe('a session outlives its BFF process', () => {
  const running: RunningBff[] = [];
  const start = async (env: Record<string, string>) => {
    const bff = await startBff(env);
    running.push(bff);
    return bff;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((bff) => bff.close()));
  });

  it('survives a BFF restart on the same SQLite store', async () => {
    const user = await createTestUser('restart');
    const database = { TERN_SQLITE_PATH: tempSqlitePath() };
    const first = await start(database);
    const api = new ApiClient(first.url);
    expect((await api.signIn(user.email, user.password)).status).toBe(200);
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await start(database);
    api.baseUrl = second.url;
    const list = await api.json<FolderList>('GET', '/api/folders');
    expect(list.folders[0]?.name).toBe('Inbox');
  });

  it('is accepted by a second instance sharing PostgreSQL, and signing out on one ends it on both', async () => {
    const user = await createTestUser('twoinstances');
    const database = { DATABASE_URL: await freshPostgresUrl() };
    const [a, b] = [await start(database), await start(database)];
    const onA = new ApiClient(a.url);
    expect((await onA.signIn(user.email, user.password)).status).toBe(200);
    const onB = new ApiClient(b.url);
    onB.cookie = onA.cookie;
    onB.csrfToken = onA.csrfToken;
    expect((await onB.request('GET', '/api/folders')).status).toBe(200);
    expect((await onB.request('DELETE', '/api/session')).status).toBe(204);
    expect((await onA.request('GET', '/api/folders')).status).toBe(401);
  });

  it('keeps working after the IMAP server restarts mid-session', async () => {
    const user = await createTestUser('imaprestart');
    const bff = await start({});
    const api = new ApiClient(bff.url);
    await api.signIn(user.email, user.password);
    expect((await api.request('GET', '/api/folders')).status).toBe(200);
    expect(bff.deps.imap.connectionCount(user.email)).toBeGreaterThan(0);

    await restartImapServer();

    const after = await api.request('GET', '/api/folders');
    expect(after.status).toBe(200);
    expect(((await after.json()) as FolderList).folders[0]?.name).toBe('Inbox');
  });

  it('keeps IMAP connections per user within the limit under concurrent requests', async () => {
    const user = await createTestUser('bounded');
    const bff = await start({ TERN_IMAP_MAX_CONNECTIONS_PER_USER: '2' });
    const api = new ApiClient(bff.url);
    await api.signIn(user.email, user.password);
    const responses = await Promise.all(Array.from({ length: 12 }, () => api.request('GET', '/api/messages?folder=INBOX')));
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(200));
    expect(bff.deps.imap.connectionCount(user.email)).toBeLessThanOrEqual(2);
  });
});

describe('PostgreSQL restarting under two instances', () => {
  const running: RunningBff[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((bff) => bff.close()));
  });

  it('keeps the sessions; requests meanwhile fail with a clear 503; both instances recover by themselves', async () => {
    const user = await createTestUser('pgrestart');
    const database = { DATABASE_URL: await freshPostgresUrl() };
    const [a, b] = [await startBff(database), await startBff(database)];
    running.push(a, b);
    const onA = new ApiClient(a.url);
    expect((await onA.signIn(user.email, user.password)).status).toBe(200);
    const onB = new ApiClient(b.url);
    onB.cookie = onA.cookie;
    onB.csrfToken = onA.csrfToken;
    expect((await onB.request('GET', '/api/folders')).status).toBe(200);

    let restarted = false;
    const restart = runStack('restart', 'postgres').finally(() => (restarted = true));
    const during: Array<{ status: number; body: unknown }> = [];
    while (!restarted) {
      for (const api of [onA, onB]) {
        const response = await api.request('GET', '/api/session');
        during.push({ status: response.status, body: await response.json() });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await restart;
    const failures = during.filter((answer) => answer.status !== 200);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(failure).toEqual({ status: 503, body: { code: 'store_unavailable', message: ERROR_TEXTS.storeUnavailable } });

    // No restart of Tern: each instance's next requests find the database again, and the session is still there.
    for (const api of [onA, onB]) {
      let status = 0;
      for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
        status = (await api.request('GET', '/api/folders')).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(status).toBe(200);
    }
    expect((await new ApiClient(b.url).signIn(user.email, user.password)).status).toBe(200);
    expect((await onB.request('DELETE', '/api/session')).status).toBe(204);
    expect((await onA.request('GET', '/api/folders')).status).toBe(401);
  });
});
