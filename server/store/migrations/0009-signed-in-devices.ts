import type { Kysely } from 'kysely';

/**
 * Signed-in devices (issue 18): each session keeps the browser's user agent and
 * the address it signed in from; each account its security choices (the
 * new-browser notice) and the browsers it has signed in with, so a sign-in from
 * a new one can be told to the user.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('user_agent', 'varchar(512)').execute();
  await db.schema.alterTable('sessions').addColumn('client_address', 'varchar(64)').execute();
  await db.schema
    .createTable('account_security')
    .addColumn('account', 'varchar(320)', (col) => col.primaryKey())
    .addColumn('sign_in_notice', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('known_browsers')
    .addColumn('account', 'varchar(320)', (col) => col.notNull())
    .addColumn('fingerprint', 'varchar(64)', (col) => col.notNull())
    .addColumn('seen_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('known_browsers_pk', ['account', 'fingerprint'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('known_browsers').execute();
  await db.schema.dropTable('account_security').execute();
  await db.schema.alterTable('sessions').dropColumn('client_address').execute();
  await db.schema.alterTable('sessions').dropColumn('user_agent').execute();
}
