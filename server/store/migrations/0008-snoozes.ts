import type { Kysely } from 'kysely';

/**
 * Snooze (issue 17, item 3): a message moved to "Snoozed" comes back to the
 * Inbox at `return_at`, whoever is signed in, by the outbox's worker. One row
 * per snoozed message of a mailbox account, found again by its Message-ID;
 * the login and its password sealed for this row let any instance reach the
 * mailbox while nobody is signed in. A row goes when its message is back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('snoozes')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('account', 'varchar(320)', (col) => col.notNull())
    .addColumn('login', 'varchar(320)', (col) => col.notNull())
    .addColumn('message_id', 'varchar(998)', (col) => col.notNull())
    .addColumn('folder_uid', 'integer')
    .addColumn('return_at', 'bigint', (col) => col.notNull())
    .addColumn('due_at', 'bigint', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('claimed_by', 'varchar(36)')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('password_sealed', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('snoozes_message', ['account', 'message_id'])
    .execute();
  await db.schema.createIndex('snoozes_due').on('snoozes').columns(['status', 'due_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('snoozes').execute();
}
