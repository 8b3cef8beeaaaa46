import type { Kysely } from 'kysely';

/** One row per user and settings section, the section's value as JSON (validated on read). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('preferences')
    .addColumn('email', 'varchar(320)', (col) => col.notNull())
    .addColumn('section', 'varchar(32)', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('preferences_pk', ['email', 'section'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('preferences').execute();
}
