import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../server/app';
import { startOutboxWorker } from '../../server/compose/compose-services';
import { loadConfig, type Config } from '../../server/config';
import { createDeps, type DepsOverrides } from '../../server/create-deps';
import type { Deps } from '../../server/deps';
import type { Store } from '../../server/store/database';

export interface RunningBff {
  url: string;
  deps: Deps;
  store: Store;
  /** This instance's outbox worker (each instance runs one, as in production). */
  outboxWorker: { stop(): Promise<void> };
  close(): Promise<void>;
}

export interface BffOptions extends DepsOverrides {
  outboxPollMs?: number;
}

/** One secret per test run: instances started with it share sessions, like a real deployment. */
export const TEST_SESSION_SECRET = randomBytes(32).toString('hex');

/** A fresh SQLite file per call unless the test names a database (several instances share one). */
export function tempSqlitePath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tern-store-')), 'tern.sqlite');
}

/**
 * A real BFF on an ephemeral loopback port, talking to the test mail stack
 * whose addresses the global setup put into process.env.
 */
export async function startBff(env: Record<string, string> = {}, options: BffOptions = {}): Promise<RunningBff> {
  const config: Config = loadConfig({
    TERN_SESSION_SECRET: TEST_SESSION_SECRET,
    TERN_IMAP_HOST: process.env.TERN_IMAP_HOST ?? '127.0.0.1',
    TERN_IMAP_PORT: process.env.TERN_IMAP_PORT,
    TERN_IMAP_SECURITY: 'none',
    TERN_SMTP_HOST: process.env.TERN_SMTP_HOST ?? '127.0.0.1',
    TERN_SMTP_PORT: process.env.TERN_SMTP_PORT,
    TERN_SMTP_SECURITY: 'none',
    TERN_SIEVE_PORT: process.env.TERN_SIEVE_PORT,
    TERN_SIEVE_SECURITY: 'none',
    TERN_PASSWORD_DRIVER: process.env.TERN_PASSWORD_DRIVER,
    TERN_STACK_DIR: process.env.TERN_STACK_DIR,
    TERN_DAV_URL: process.env.TERN_DAV_URL,
    TERN_MAIL_RECEIVED_BY: process.env.TERN_MAIL_RECEIVED_BY,
    TERN_SQLITE_PATH: tempSqlitePath(),
    // Several working copies building at once each build into their own directory.
    TERN_STATIC_DIR: process.env.TERN_TEST_STATIC_DIR ?? 'dist/web',
    ...env,
  });
  const deps = await createDeps(config, options);
  const { store, imap, compose } = deps;
  const app = createApp(deps);
  const outboxWorker = startOutboxWorker(compose, options.outboxPollMs ?? 250, [() => deps.snoozes.returnDue()]);
  const server: ServerType = await new Promise((resolve) => {
    // An ephemeral port unless the test names one (a public URL on a host name must say the port: passkeys).
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: env.TERN_PORT ? config.port : 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    store,
    outboxWorker,
    async close() {
      await outboxWorker.stop();
      // Open event streams would keep server.close() waiting.
      await deps.live.closeAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await imap.closeAll();
      await store.db.destroy();
    },
  };
}
