import { sql, type Kysely } from 'kysely';

/**
 * Sessions learn their mailbox account (server/identity/mailbox-accounts.ts), so
 * a password change ends the sessions of every address of that mailbox, and
 * keep why they ended (shown on the sign-in page of every tab of that session).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('account', 'varchar(320)').execute();
  await db.schema.alterTable('sessions').addColumn('ended_reason', 'varchar(40)').execute();
  // Sessions from before: their login is the best account they have.
  await sql`UPDATE sessions SET account = lower(email)`.execute(db);
  await db.schema.createIndex('sessions_account').on('sessions').column('account').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_account').execute();
  await db.schema.alterTable('sessions').dropColumn('ended_reason').execute();
  await db.schema.alterTable('sessions').dropColumn('account').execute();
}
