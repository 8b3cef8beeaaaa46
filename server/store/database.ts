import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
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

function createStore(database: Config['database']): Store {
  if (database.kind === 'postgres') {
    const client = new pg.Pool({ connectionString: database.url, max: 10 });
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
