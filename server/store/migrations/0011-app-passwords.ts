import type { Kysely } from 'kysely';

/**
 * App passwords (issue 18): named passwords for CardDAV/CalDAV clients, which
 * /dav/ takes instead of the mail password once two-step sign-in is on.
 * Stored as scrypt hashes; `login` is the address they were made under.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('app_passwords')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('account', 'varchar(320)', (col) => col.notNull())
    .addColumn('login', 'varchar(320)', (col) => col.notNull())
    .addColumn('name', 'varchar(100)', (col) => col.notNull())
    .addColumn('password_hash', 'varchar(200)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('app_passwords_account').on('app_passwords').column('account').execute();
  await db.schema.createIndex('app_passwords_login').on('app_passwords').column('login').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('app_passwords').execute();
}
