import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionService } from '../../server/auth/session-service';
import { createSignInThrottle } from '../../server/auth/sign-in-throttle';
import type { Config } from '../../server/config';
import { openStore, type Store } from '../../server/store/database';
import { SessionRepository } from '../../server/store/session-repository';
import { freshPostgresUrl } from '../support/postgres';
import { tempSqlitePath } from '../support/bff';

/** The same suite on both stores: SQLite for one instance, PostgreSQL for several. */
const stores: Array<[string, () => Promise<Config['database']>]> = [
  ['SQLite', async () => ({ kind: 'sqlite', path: tempSqlitePath() })],
  ['PostgreSQL', async () => ({ kind: 'postgres', url: await freshPostgresUrl() })],
];

describe.each(stores)('store on %s', (_name, database) => {
  let location: Config['database'];
  let first: Store;
  let second: Store;
  const secret = randomBytes(32);

  beforeAll(async () => {
    location = await database();
    first = await openStore(location);
    // A second instance on the same database: migrations are already applied and must not fail.
    second = await openStore(location);
  });
  afterAll(async () => {
    await first?.db.destroy();
    await second?.db.destroy();
  });

  const lifetimes = { idleMs: 60_000, maxMs: 3_600_000 };

  it('shares a session between two instances and forgets it after sign-out', async () => {
    const one = new SessionService(new SessionRepository(first.db), secret, lifetimes);
    const two = new SessionService(new SessionRepository(second.db), secret, lifetimes);
    const { token, session } = await one.create('joy@mt-example.com', 'pässword', 'joy@mt-example.com');
    const seen = await two.lookup(token, 'request');
    expect(seen.active && seen.session).toEqual(session);
    await two.destroy(session.id);
    expect(await one.lookup(token, 'request')).toEqual({ active: false, reason: 'ended' });
  });

  it('stores the password sealed, not readable from the database', async () => {
    const sessions = new SessionService(new SessionRepository(first.db), secret, lifetimes);
    const { session } = await sessions.create('sam@mt-example.com', 'Plain-Text-1', 'sam@mt-example.com');
    const row = await first.db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('Plain-Text-1');
  });

  it('ends a session idle for longer than the limit, and the sweep removes it', async () => {
    let now = 1_000_000;
    const sessions = new SessionService(new SessionRepository(first.db), secret, lifetimes, () => now);
    const { token } = await sessions.create('idle@mt-example.com', 'x', 'idle@mt-example.com');
    now += 61_000;
    expect((await sessions.lookup(token, 'request')).active).toBe(false);
    const { session: stale } = await sessions.create('idle2@mt-example.com', 'x', 'idle2@mt-example.com');
    now += 61_000;
    expect(await sessions.sweepExpired()).toBeGreaterThanOrEqual(1);
    expect(await new SessionRepository(first.db).find(stale.id)).toBeUndefined();
  });

  it('keeps a session alive through requests, not through watching, and never past its absolute lifetime', async () => {
    let now = 5_000_000;
    const sessions = new SessionService(new SessionRepository(first.db), secret, lifetimes, () => now);
    const { token: watched } = await sessions.create('watch@mt-example.com', 'x', 'watch@mt-example.com');
    const { token: busy, session } = await sessions.create('busy@mt-example.com', 'x', 'busy@mt-example.com');
    for (let minute = 0; minute < 59; minute++) {
      now += 50_000;
      expect((await sessions.lookup(busy, 'request')).active).toBe(true);
      if (minute === 0) expect((await sessions.lookup(watched, 'watch')).active).toBe(true);
    }
    // Watched every 50 s at first, but never used: it ended at its idle time.
    expect((await sessions.lookup(watched, 'watch')).active).toBe(false);
    now = 5_000_000 + lifetimes.maxMs;
    expect(await sessions.lookup(busy, 'request')).toEqual({ active: false, reason: 'ended' });
    expect(await new SessionRepository(first.db).find(session.id)).toBeUndefined();
  });

  it('reserves attempts across instances, blocks the account after five failures whatever its spelling, and refunds a success', async () => {
    const one = await createSignInThrottle(first);
    const two = await createSignInThrottle(second);
    const account = `victim-${randomBytes(4).toString('hex')}@mt-example.com`;
    const right = await one.reserve(account, '203.0.113.9');
    expect(right.allowed).toBe(true);
    if (right.allowed) await right.refund();
    const spellings = [account, account.toUpperCase(), ` ${account}`, account.replace('v', 'V'), account];
    for (const [attempt, spelling] of spellings.entries()) {
      expect((await (attempt % 2 ? one : two).reserve(spelling, `198.51.100.${attempt}`)).allowed).toBe(true);
    }
    const verdict = await one.reserve(account, '203.0.113.9');
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.retryAfterSeconds).toBeGreaterThan(60);
    // The refused attempt took nothing from its address.
    const other = await two.reserve(`other-${account}`, '203.0.113.9');
    expect(other.allowed).toBe(true);
  });
});
