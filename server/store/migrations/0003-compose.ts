import type { Kysely } from 'kysely';

/**
 * Compose: the outbox (undo send, send later, exactly-once), uploaded
 * attachments waiting to be sent, and the addresses a user wrote to
 * (recipient autocomplete).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('email', 'varchar(320)', (col) => col.notNull())
    .addColumn('idempotency_key', 'varchar(36)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('due_at', 'bigint', (col) => col.notNull())
    .addColumn('message_id', 'varchar(255)', (col) => col.notNull())
    .addColumn('envelope', 'text', (col) => col.notNull())
    .addColumn('raw', 'text', (col) => col.notNull())
    .addColumn('followup', 'text', (col) => col.notNull())
    .addColumn('password_sealed', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('outbox_idempotency', ['email', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'due_at']).execute();

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('email', 'varchar(320)', (col) => col.notNull())
    .addColumn('filename', 'varchar(255)', (col) => col.notNull())
    .addColumn('content_type', 'varchar(255)', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('content_base64', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('uploads_email').on('uploads').column('email').execute();

  await db.schema
    .createTable('recent_recipients')
    .addColumn('email', 'varchar(320)', (col) => col.notNull())
    .addColumn('address', 'varchar(320)', (col) => col.notNull())
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('used_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('recent_recipients_pk', ['email', 'address'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recent_recipients').execute();
  await db.schema.dropTable('uploads').execute();
  await db.schema.dropTable('outbox').execute();
}
