import type { Kysely } from 'kysely';

/**
 * Two-step sign-in (issue 18): a session may be half signed in (the password
 * was right, the second step is still to come); an account may have a TOTP
 * key (sealed, server/auth/session-crypto.ts), the last time step it accepted
 * (a code is never taken twice) and one-time recovery codes (SHA-256 digests).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('stage', 'varchar(20)', (col) => col.notNull().defaultTo('signed-in')).execute();
  await db.schema.alterTable('account_security').addColumn('totp_sealed', 'text').execute();
  await db.schema.alterTable('account_security').addColumn('totp_pending_sealed', 'text').execute();
  await db.schema.alterTable('account_security').addColumn('totp_last_step', 'bigint').execute();
  await db.schema
    .createTable('recovery_codes')
    .addColumn('account', 'varchar(320)', (col) => col.notNull())
    .addColumn('code_hash', 'varchar(64)', (col) => col.notNull())
    .addPrimaryKeyConstraint('recovery_codes_pk', ['account', 'code_hash'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recovery_codes').execute();
  await db.schema.alterTable('account_security').dropColumn('totp_last_step').execute();
  await db.schema.alterTable('account_security').dropColumn('totp_pending_sealed').execute();
  await db.schema.alterTable('account_security').dropColumn('totp_sealed').execute();
  await db.schema.alterTable('sessions').dropColumn('stage').execute();
}
