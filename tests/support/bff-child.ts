// A BFF in a process of its own, for the fault tests (tests/support/bff-process.ts):
// it prints its address as one JSON line, and with TERN_TEST_KILL_AT set it
// kills itself (SIGKILL: no shutdown code runs) when a send reaches that point.
import type { SendCheckpoint } from '../../server/compose/outbox';
import type { SnoozeCheckpoint } from '../../server/mail/imap/snooze-mail';
import { startBff } from './bff';

const killAt = process.env.TERN_TEST_KILL_AT as SendCheckpoint | SnoozeCheckpoint | undefined;
const passed = ['TERN_SQLITE_PATH', 'TERN_SESSION_SECRET', 'TERN_SEND_RETRY_HOURS'].filter((name) => process.env[name] !== undefined);
const bff = await startBff(
  Object.fromEntries(passed.map((name) => [name, process.env[name]!])),
  {
    outboxPollMs: 250,
    checkpoint: (point) => {
      if (point === killAt) process.kill(process.pid, 'SIGKILL');
    },
  },
);
process.stdout.write(`${JSON.stringify({ url: bff.url })}\n`);
