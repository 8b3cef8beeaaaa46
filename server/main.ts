import { serve } from '@hono/node-server';
import { createApp } from './app';
import { startOutboxWorker } from './compose/compose-services';
import { ConfigError, loadConfig } from './config';
import { createDeps } from './create-deps';

const SWEEP_INTERVAL_MS = 10 * 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const deps = await createDeps(config);
  const { sessions, live, imap, store } = deps;
  const outboxWorker = startOutboxWorker(deps.compose, undefined, [() => deps.snoozes.returnDue()]);
  const app = createApp(deps);

  const sweep = setInterval(() => void sessions.sweepExpired().catch((err) => console.error('session sweep failed', err)), SWEEP_INTERVAL_MS);
  sweep.unref();

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    console.log(`Tern is listening on http://${info.address}:${info.port} (open ${config.publicUrl.href})`);
  });

  const shutdown = () => {
    clearInterval(sweep);
    server.close();
    void outboxWorker
      .stop()
      .then(() => Promise.allSettled([live.closeAll(), imap.closeAll(), store.db.destroy()]))
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
