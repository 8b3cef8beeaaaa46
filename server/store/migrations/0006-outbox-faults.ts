import type { Kysely } from 'kysely';

/**
 * Sending that survives faults (issue 13, item 5): what the outbox knows of
 * each SMTP transaction (`stage`, the server's answer), retries of temporary
 * failures until `retry_until`, which instance holds a row it is sending
 * (`claimed_by`, with that instance's heartbeat in `outbox_instances`), the
 * subject for the outbox notice and when the user dismissed it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const [name, type] of [
    ['stage', 'varchar(16)'],
    ['smtp_response', 'text'],
    ['subject', 'text'],
    ['claimed_by', 'varchar(36)'],
  ] as const) {
    await db.schema.alterTable('outbox').addColumn(name, type).execute();
  }
  await db.schema.alterTable('outbox').addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('outbox').addColumn('retry_until', 'bigint').execute();
  await db.schema.alterTable('outbox').addColumn('dismissed_at', 'bigint').execute();
  await db.schema.createIndex('outbox_email_status').on('outbox').columns(['email', 'status']).execute();

  await db.schema
    .createTable('outbox_instances')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('seen_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox_instances').execute();
  await db.schema.dropIndex('outbox_email_status').execute();
  for (const column of ['dismissed_at', 'retry_until', 'attempts', 'claimed_by', 'subject', 'smtp_response', 'stage']) {
    await db.schema.alterTable('outbox').dropColumn(column).execute();
  }
}
