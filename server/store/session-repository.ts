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
    return row && withNumericTimes(row);
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  async updatePasswordSealed(id: string, passwordSealed: string): Promise<void> {
    await this.db.updateTable('sessions').set({ password_sealed: passwordSealed }).where('id', '=', id).execute();
  }

  /** Ends a session but keeps its row (without the password) so its tabs learn why. */
  async end(id: string, reason: string): Promise<void> {
    await this.db.updateTable('sessions').set({ ended_reason: reason, password_sealed: '' }).where('id', '=', id).execute();
  }

  /** Ends the mailbox's other sessions (other browsers, devices, addresses); returns their ids. */
  async endOthersOfAccount(account: string, keepId: string, reason: string): Promise<string[]> {
    const ended = await this.db
      .updateTable('sessions')
      .set({ ended_reason: reason, password_sealed: '' })
      .where('account', '=', account)
      .where('id', '!=', keepId)
      .where('ended_reason', 'is', null)
      .returning('id')
      .execute();
    return ended.map((row) => row.id);
  }

  /** The account's sessions not ended for a reason (the caller leaves out those past their lifetimes). */
  async listOfAccount(account: string): Promise<StoredSession[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where('account', '=', account).where('ended_reason', 'is', null).execute();
    return rows.map(withNumericTimes);
  }

  /** Ends one session, only if it belongs to the account; false when there was none such. */
  async endOfAccount(account: string, id: string, reason: string): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ ended_reason: reason, password_sealed: '' })
      .where('id', '=', id)
      .where('account', '=', account)
      .where('ended_reason', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Sessions unused since `idleCutoff` or created before `createdCutoff`; half signed-in ones created before `halfSignedInCutoff`. */
  async deleteExpired(idleCutoff: number, createdCutoff: number, halfSignedInCutoff: number): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([eb('last_seen_at', '<', idleCutoff), eb('created_at', '<', createdCutoff), eb.and([eb('stage', '!=', 'signed-in'), eb('created_at', '<', halfSignedInCutoff)])]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** PostgreSQL returns bigint as a string. */
function withNumericTimes(row: StoredSession): StoredSession {
  return { ...row, created_at: Number(row.created_at), last_seen_at: Number(row.last_seen_at) };
}
