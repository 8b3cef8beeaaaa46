import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ERROR_TEXTS } from '../../shared/errors';
import type { Config } from '../config';
import { DomainError } from '../domain-error';
import { migrations } from './migrations';
import type { Database } from './schema';

/**
 * The store and the raw client under it: the sign-in throttle keeps its
 * counters in the same database through rate-limiter-flexible, which takes
 * the driver's own client.
 */
export type Store =
  | { kind: 'sqlite'; db: Kysely<Database>; client: BetterSqlite3.Database }
  | { kind: 'postgres'; db: Kysely<Database>; client: pg.Pool };

export async function openStore(database: Config['database']): Promise<Store> {
  const store = createStore(database);
  const { error } = await new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) {
    await store.db.destroy();
    throw error;
  }
  return store;
}

/**
 * The store did not answer (PostgreSQL restarting, unreachable): a 503 the
 * user can act on ("try again in a moment") instead of a 500, the cause kept for the log.
 */
export function storeUnavailable(cause: unknown): DomainError {
  const error = new DomainError('store_unavailable', ERROR_TEXTS.storeUnavailable);
  error.cause = cause;
  return error;
}

function createStore(database: Config['database']): Store {
  if (database.kind === 'postgres') {
    const client = new pg.Pool({ connectionString: database.url, max: 10 });
    // A connection the server closes (a PostgreSQL restart) emits 'error': from the pool
    // while idle, from the client itself while checked out between queries. Unheard,
    // either would end the process. The query under way fails with it, the pool drops
    // the broken connection and opens a new one when next asked: the BFF recovers by itself.
    const report = (err: Error) => console.error(`a PostgreSQL connection failed (${err.message}); it will be replaced`);
    client.on('error', report);
    client.on('connect', (connection) => connection.on('error', report));
    return { kind: 'postgres', client, db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: client }) }) };
  }
  if (database.path !== ':memory:') fs.mkdirSync(path.dirname(database.path), { recursive: true });
  const client = new BetterSqlite3(database.path);
  // WAL lets a second BFF process on the same file read while one writes.
  client.pragma('journal_mode = WAL');
  // In WAL mode NORMAL cannot corrupt the file; a power cut may forget the last
  // sessions written, which only means signing in again. FULL costs an fsync per sign-in.
  client.pragma('synchronous = NORMAL');
  client.pragma('busy_timeout = 5000');
  return { kind: 'sqlite', client, db: new Kysely<Database>({ dialect: new SqliteDialect({ database: client }) }) };
}
