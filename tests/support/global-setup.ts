// Vitest globalSetup for the integration and e2e projects: make sure the test
// mail stack (Dovecot, Postfix, SpamAssassin, PostgreSQL under .runtime/test,
// port base 20000) is running, and hand its addresses to the tests through
// process.env (TERN_IMAP_PORT, TERN_SMTP_PORT, TERN_TEST_DATABASE_URL, ...).
//
// A stack that was already running (a developer's `npm run stack` with the
// test env, or another test run) is used as is and left running afterwards;
// a stack this setup started is stopped again in the teardown.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseStackEnv, STACK_SCRIPT, testStackProcessEnv } from './stack';

const execFileAsync = promisify(execFile);

async function stack(...args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync('bash', [STACK_SCRIPT, ...args], {
      env: testStackProcessEnv(),
      encoding: 'utf8',
      // A fresh machine installs Debian packages first.
      timeout: 15 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { ok: true, stdout, stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr || e.message };
  }
}

function explainFailure(what: string, output: string): string {
  const env = testStackProcessEnv();
  const rule = '='.repeat(78);
  return [
    '',
    rule,
    `Tern test setup: ${what}`,
    rule,
    output.trim(),
    '',
    'To reproduce and debug by hand:',
    `  TERN_STACK_DIR=${env.TERN_STACK_DIR} TERN_PORT_BASE=${env.TERN_PORT_BASE} bash scripts/stack/stack.sh up --with-postgres`,
    `Logs: ${env.TERN_STACK_DIR}/log/ (dovecot.log, postfix.log, spamd.log, postgres.log)`,
    'The stack needs root (it installs Debian packages and starts daemons).',
    rule,
    '',
  ].join('\n');
}

export default async function setup(): Promise<() => Promise<void>> {
  const before = await stack('status', '--with-postgres');
  // Anything already running means someone else owns this stack.
  const preexisting = /\brunning\b/.test(before.stdout);
  let startedHere = false;

  if (!before.ok) {
    const up = await stack('up', '--with-postgres');
    if (!up.ok) {
      const message = explainFailure('the mail stack did not start', `${up.stdout}\n${up.stderr}`);
      console.error(message);
      // Do not leave a half-started stack behind (unless it was someone else's).
      if (!preexisting) await stack('down');
      throw new Error(`the test mail stack did not start (details above): ${up.stderr.trim().split('\n').pop() ?? ''}`);
    }
    startedHere = !preexisting;
  }

  const env = await stack('env');
  const vars = parseStackEnv(env.stdout);
  if (!env.ok || !vars.TERN_IMAP_PORT || !vars.TERN_TEST_DATABASE_URL) {
    const message = explainFailure('could not read the stack environment', `${env.stdout}\n${env.stderr}`);
    console.error(message);
    throw new Error('stack.sh env did not report the test stack (details above)');
  }
  // Test workers start after this and inherit process.env.
  Object.assign(process.env, vars);

  return async () => {
    if (!startedHere) return;
    const down = await stack('down');
    if (!down.ok) console.error(explainFailure('stopping the mail stack failed', down.stderr));
  };
}
