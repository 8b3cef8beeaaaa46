import type { Kysely } from 'kysely';

/** Which account name a mailbox has (server/identity/mailbox-accounts.ts): the key of everything Tern keeps per user. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mailbox_accounts')
    .addColumn('mailbox', 'varchar(200)', (col) => col.primaryKey())
    .addColumn('account', 'varchar(320)', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mailbox_accounts').execute();
}
