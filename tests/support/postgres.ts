import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A new empty database on the test stack's PostgreSQL, so each test file starts clean. */
export async function freshPostgresUrl(): Promise<string> {
  const adminUrl = process.env.TERN_TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TERN_TEST_DATABASE_URL is not set: the test stack starts PostgreSQL (tests/support/global-setup.ts)');
  const name = `tern_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
