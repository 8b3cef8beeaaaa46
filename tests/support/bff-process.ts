import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { SendCheckpoint } from '../../server/compose/outbox';
import type { SnoozeCheckpoint } from '../../server/mail/imap/snooze-mail';
import { TEST_SESSION_SECRET } from './bff';
import { REPO_DIR } from './stack';

export interface BffProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has ended (by SIGKILL at its checkpoint, or kill()). */
  exited: Promise<NodeJS.Signals | number | null>;
  /** SIGKILL: the process ends at once, as in a crash or an OOM kill. */
  kill(): Promise<void>;
}

/**
 * Starts a BFF as a separate Node process on the given SQLite file (shared
 * with the next process, as a restarted server would find it), with the test
 * run's session secret so sessions and sealed passwords carry over.
 */
export async function startBffProcess(sqlitePath: string, options: { killAt?: SendCheckpoint | SnoozeCheckpoint; env?: Record<string, string> } = {}): Promise<BffProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_DIR, 'tests/support/bff-child.ts')], {
    cwd: REPO_DIR,
    env: {
      ...process.env,
      ...options.env,
      TERN_SESSION_SECRET: TEST_SESSION_SECRET,
      TERN_SQLITE_PATH: sqlitePath,
      ...(options.killAt && { TERN_TEST_KILL_AT: options.killAt }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    void exited.then((how) => reject(new Error(`the BFF process ended before it started (${String(how)})`)));
  });
  return {
    url,
    child,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
