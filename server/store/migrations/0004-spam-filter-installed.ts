import type { Kysely } from 'kysely';

/** Users whose mail server already has Tern's spam filter: installed once, at their first sign-in. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('spam_filter_installed')
    .addColumn('email', 'varchar(320)', (col) => col.primaryKey())
    .addColumn('installed_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('spam_filter_installed').execute();
}
