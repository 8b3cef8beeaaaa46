import type { Kysely } from 'kysely';

/**
 * Passkeys (issue 18): WebAuthn credentials as a second step after the
 * password. Each account has one random user handle (what authenticators file
 * its passkeys under), its passkeys (the public key is no secret) and the
 * challenges handed out, one per session and purpose, taken once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webauthn_users')
    .addColumn('account', 'varchar(320)', (col) => col.primaryKey())
    .addColumn('user_handle', 'varchar(100)', (col) => col.notNull().unique())
    .execute();
  await db.schema
    .createTable('passkeys')
    .addColumn('id', 'varchar(1400)', (col) => col.primaryKey())
    .addColumn('account', 'varchar(320)', (col) => col.notNull())
    .addColumn('name', 'varchar(100)', (col) => col.notNull())
    .addColumn('public_key', 'text', (col) => col.notNull())
    .addColumn('counter', 'bigint', (col) => col.notNull())
    .addColumn('transports', 'varchar(200)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('passkeys_account').on('passkeys').column('account').execute();
  await db.schema
    .createTable('passkey_challenges')
    .addColumn('session_id', 'varchar(100)', (col) => col.notNull())
    .addColumn('purpose', 'varchar(20)', (col) => col.notNull())
    .addColumn('challenge', 'varchar(200)', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('passkey_challenges_pk', ['session_id', 'purpose'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('passkey_challenges').execute();
  await db.schema.dropTable('passkeys').execute();
  await db.schema.dropTable('webauthn_users').execute();
}
