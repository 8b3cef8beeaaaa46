import type { Kysely } from 'kysely';
import type { Database, SessionsTable } from './schema';

export type StoredSession = SessionsTable;

/** Sessions in the store, so any BFF instance can serve any request (SPEC §1). */
export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(session: StoredSession): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  async find(id: string): Promise<StoredSession | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    // PostgreSQL returns bigint as a string.
    return row && { ...row, created_at: Number(row.created_at), last_seen_at: Number(row.last_seen_at) };
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  async updatePasswordSealed(id: string, passwordSealed: string): Promise<void> {
    await this.db.updateTable('sessions').set({ password_sealed: passwordSealed }).where('id', '=', id).execute();
  }

  /** The user's other sessions (other browsers, devices); returns how many ended. */
  async deleteOthersOf(email: string, keepId: string): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('email', '=', email).where('id', '!=', keepId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteIdleSince(cutoff: number): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('last_seen_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
