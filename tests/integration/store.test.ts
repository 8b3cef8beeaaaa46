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

  it('shares a session between two instances and forgets it after sign-out', async () => {
    const one = new SessionService(new SessionRepository(first.db), secret, 60_000);
    const two = new SessionService(new SessionRepository(second.db), secret, 60_000);
    const { token, session } = await one.create('joy@mt-example.com', 'pässword');
    const seen = await two.resolve(token);
    expect(seen).toEqual(session);
    await two.destroy(session.id);
    expect(await one.resolve(token)).toBeNull();
  });

  it('stores the password sealed, not readable from the database', async () => {
    const sessions = new SessionService(new SessionRepository(first.db), secret, 60_000);
    const { session } = await sessions.create('sam@mt-example.com', 'Plain-Text-1');
    const row = await first.db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('Plain-Text-1');
  });

  it('ends a session idle for longer than the limit, and the sweep removes it', async () => {
    let now = 1_000_000;
    const sessions = new SessionService(new SessionRepository(first.db), secret, 60_000, () => now);
    const { token } = await sessions.create('idle@mt-example.com', 'x');
    now += 61_000;
    expect(await sessions.resolve(token)).toBeNull();
    const { session: stale } = await sessions.create('idle2@mt-example.com', 'x');
    now += 61_000;
    expect(await sessions.sweepIdle()).toBeGreaterThanOrEqual(1);
    expect(await new SessionRepository(first.db).find(stale.id)).toBeUndefined();
  });

  it('counts failed sign-ins across instances and blocks the account after five', async () => {
    const one = await createSignInThrottle(first);
    const two = await createSignInThrottle(second);
    const account = `victim-${randomBytes(4).toString('hex')}@mt-example.com`;
    for (let attempt = 0; attempt < 4; attempt++) await (attempt % 2 ? one : two).recordFailure(account, `198.51.100.${attempt}`);
    expect(await one.check(account, '203.0.113.9')).toEqual({ allowed: true, accountHasFailures: true });
    await two.recordFailure(account, '198.51.100.99');
    const verdict = await one.check(account, '203.0.113.9');
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.retryAfterSeconds).toBeGreaterThan(60);
    await one.recordSuccess(account);
    expect(await two.check(account, '203.0.113.9')).toEqual({ allowed: true, accountHasFailures: false });
  });
});
