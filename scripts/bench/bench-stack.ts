import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The benchmark's own mail stack (scripts/stack/stack.sh with its own
 * directory and ports), so measurements never share a Dovecot with the demo
 * or a test run.
 */

export const REPO_DIR = path.resolve(import.meta.dirname, '../..');
const STACK_SH = path.join(REPO_DIR, 'scripts/stack/stack.sh');

export interface BenchStack {
  dir: string;
  portBase: number;
  imapHost: string;
  imapPort: number;
  /** Everything `stack.sh env` prints. */
  env: Record<string, string>;
  dovecotConf: string;
  /** False when the stack was already running: then the bench leaves it running. */
  startedHere: boolean;
}

export interface StackOptions {
  dir: string;
  portBase: number;
}

function stackSh(options: StackOptions, args: string[], quiet = false): string {
  const result = spawnSync('bash', [STACK_SH, ...args], {
    env: { ...process.env, TERN_STACK_DIR: options.dir, TERN_PORT_BASE: String(options.portBase) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`stack.sh ${args.join(' ')} failed (exit ${result.status})${quiet ? `\n${result.stderr}` : ''}`);
  }
  return result.stdout;
}

function isUp(options: StackOptions): boolean {
  const result = spawnSync('bash', [STACK_SH, 'status'], {
    env: { ...process.env, TERN_STACK_DIR: options.dir, TERN_PORT_BASE: String(options.portBase) },
    encoding: 'utf8',
  });
  return result.status === 0;
}

export function stackUp(options: StackOptions): BenchStack {
  const startedHere = !isUp(options);
  stackSh(options, ['up']);
  const env: Record<string, string> = {};
  for (const line of stackSh(options, ['env']).split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  const dir = env.TERN_STACK_DIR ?? path.resolve(options.dir);
  return {
    dir,
    portBase: options.portBase,
    imapHost: env.TERN_IMAP_HOST ?? '127.0.0.1',
    imapPort: Number(env.TERN_IMAP_PORT ?? options.portBase + 143),
    env,
    dovecotConf: path.join(dir, 'etc/dovecot/dovecot.conf'),
    startedHere,
  };
}

export function stackDown(options: StackOptions): void {
  stackSh(options, ['down']);
}

export function addUser(options: StackOptions, email: string, password: string): void {
  stackSh(options, ['adduser', email, password], true);
}

/** doveadm against the stack's own config (never the system's /etc/dovecot). */
export function doveadm(stack: BenchStack, args: string[]): string {
  const result = spawnSync('doveadm', ['-c', stack.dovecotConf, ...args], { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`doveadm ${args.join(' ')} failed (exit ${result.status}): ${result.stderr.trim()}`);
  return result.stdout;
}

/** Home of a virtual user, as scripts/stack/users.sh lays it out: <stack>/mail/<domain>/<local part>. */
export function userMaildir(stack: BenchStack, email: string): string {
  const [local, domain] = email.toLowerCase().split('@');
  return path.join(stack.dir, 'mail', domain!, local!, 'Maildir');
}
