// npm run bench:load: many users on one BFF (issue 13 item 10, issue 14).
//
// BENCH_LOAD_USERS users (default 200) of the bench stack, who have each
// signed in once before (untimed, 4 at a time: the first sign-in ever also
// installs the default spam filter), each sign in within 20 s, open
// the live stream, then list, open and search a 200-message folder with a few
// seconds' pause in between, for BENCH_LOAD_MINUTES (default 10). The BFF runs
// in its own process (`npm start`), so its RSS is its own. Prints sign-in,
// list, open and search p50/p95/p99, errors, the BFF's RSS over time and the
// most IMAP connections any user held (Dovecot's `doveadm who`, sampled).
// Each user comes from an address of its own, as users do (the BFF trusts the
// bench's X-Forwarded-For): the sign-in throttle's per-address limit counts
// one office, not the whole bench.
// BENCH_PORT_BASE moves the bench stack's ports (default 30000); BENCH_LOAD_CPU_PROFILE=<dir> profiles the BFF.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MessageWindow } from '../../shared/api/messages';
import { ApiClient } from '../../tests/support/api-client';
import { addUser, doveadm, REPO_DIR, stackDown, stackUp, type BenchStack, type StackOptions } from './bench-stack';
import { formatMs, percentile, renderTable } from './measure';
import { RARE_WORDS, seedFolders, type SeededFolder } from './seed-maildir';

const USERS = positiveInt(process.env.BENCH_LOAD_USERS, 200);
const MINUTES = Number(process.env.BENCH_LOAD_MINUTES ?? 10);
const STACK: StackOptions = { dir: path.join(REPO_DIR, '.runtime/bench'), portBase: positiveInt(process.env.BENCH_PORT_BASE, 30000) };
const FOLDER = { name: 'Load', count: 200 };
/** Users start within this window: a morning's arrival compressed, not one instant. */
const RAMP_MS = 20_000;
const SAMPLE_MS = 10_000;
const LIMIT = 2;

type Operation = 'sign-in' | 'list' | 'open' | 'search';

interface Results {
  ms: Record<Operation, number[]>;
  errors: Map<string, number>;
}

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

function log(line: string): void {
  console.log(`[bench:load] ${line}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The BFF as deployed: its own process, configured by the environment. */
async function startBffProcess(stack: BenchStack): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_LOAD_CPU_PROFILE=<dir>: the BFF writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_LOAD_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_LOAD_CPU_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_DIR,
    env: {
      ...process.env,
      TERN_PORT: String(port),
      TERN_TRUST_PROXY: 'true',
      TERN_SESSION_SECRET: randomBytes(32).toString('hex'),
      TERN_IMAP_HOST: stack.imapHost,
      TERN_IMAP_PORT: String(stack.imapPort),
      TERN_IMAP_SECURITY: 'none',
      TERN_IMAP_MAX_CONNECTIONS_PER_USER: String(LIMIT),
      TERN_SMTP_HOST: stack.env.TERN_SMTP_HOST,
      TERN_SMTP_PORT: stack.env.TERN_SMTP_PORT,
      TERN_SMTP_SECURITY: 'none',
      TERN_SIEVE_PORT: stack.env.TERN_SIEVE_PORT,
      TERN_SIEVE_SECURITY: 'none',
      TERN_DAV_URL: stack.env.TERN_DAV_URL,
      TERN_SQLITE_PATH: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tern-load-')), 'tern.sqlite'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; waited < 30_000; waited += 200) {
    if (await fetch(`${url}/api/session`).then(() => true, () => false)) return { url, child };
    await sleep(200);
  }
  child.kill();
  throw new Error('the BFF did not start within 30 s');
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** IMAP sessions per user as Dovecot counts them (its ManageSieve sessions, the spam filter's, are not IMAP). */
function connectionsPerUser(stack: BenchStack): Map<string, number> {
  const perUser = new Map<string, number>();
  for (const line of doveadm(stack, ['who', '-1']).split('\n').slice(1)) {
    const [user, proto] = line.split(/\s+/);
    if (user && proto === 'imap') perUser.set(user, (perUser.get(user) ?? 0) + 1);
  }
  return perUser;
}

/** The answer's body once it has all arrived (what the user waits for), or null on an error. */
async function timed(results: Results, operation: Operation, request: () => Promise<Response>): Promise<string | null> {
  const started = performance.now();
  try {
    const response = await request();
    const body = await response.text();
    if (!response.ok) {
      const key = `${operation} ${response.status}`;
      results.errors.set(key, (results.errors.get(key) ?? 0) + 1);
      return null;
    }
    results.ms[operation].push(performance.now() - started);
    return body;
  } catch (err) {
    const key = `${operation} ${(err as Error).message}`;
    results.errors.set(key, (results.errors.get(key) ?? 0) + 1);
    return null;
  }
}

/** Each user's own client address: the per-address sign-in limit is not what is measured. */
function forwardedFor(index: number): string {
  return `198.51.${100 + Math.floor(index / 250)}.${(index % 250) + 1}`;
}

/** One user's session: sign in, hold the live stream, then list, open and search until the end. */
async function simulateUser(url: string, user: { email: string; password: string }, index: number, folder: SeededFolder, endAt: number, results: Results, streams: AbortController[]): Promise<void> {
  await sleep(Math.random() * RAMP_MS);
  const api = new ApiClient(url, { 'x-forwarded-for': forwardedFor(index) });
  if (!(await timed(results, 'sign-in', () => api.signIn(user.email, user.password)))) return;
  const stream = new AbortController();
  streams.push(stream);
  void fetch(`${url}/api/events`, { headers: { accept: 'text/event-stream', cookie: api.cookie ?? '' }, signal: stream.signal })
    .then((response) => response.body?.pipeTo(new WritableStream()))
    .catch(() => undefined);
  const query = `folder=${encodeURIComponent(folder.name)}&offset=0&limit=50`;
  let round = 0;
  while (Date.now() < endAt) {
    const list = await timed(results, 'list', () => api.request('GET', `/api/messages?${query}`));
    const window = list ? (JSON.parse(list) as MessageWindow) : null;
    const uid = window?.items[round % Math.max(1, window.items.length)]?.uid ?? folder.htmlUid;
    await timed(results, 'open', () => api.request('GET', `/api/messages/${uid}?folder=${encodeURIComponent(folder.name)}`));
    const word = RARE_WORDS[round % RARE_WORDS.length]!;
    await timed(results, 'search', () => api.request('GET', `/api/messages?${query}&search=${encodeURIComponent(word)}`));
    round++;
    await sleep(2_000 + Math.random() * 3_000);
  }
}

async function main(): Promise<void> {
  log(`starting the bench stack (${path.relative(REPO_DIR, STACK.dir)}, port base ${STACK.portBase})`);
  const stack = stackUp(STACK);
  let bff: ChildProcess | undefined;
  const streams: AbortController[] = [];
  try {
    const users = Array.from({ length: USERS }, (_, i) => ({ email: `load-${i}@tern-test.example`, password: `Tern-load-${i}` }));
    let folder: SeededFolder | undefined;
    for (const [i, user] of users.entries()) {
      addUser(STACK, user.email, user.password);
      [folder] = await seedFolders(stack, user, [FOLDER], () => undefined);
      if ((i + 1) % 50 === 0) log(`${i + 1} users ready`);
    }
    const started = await startBffProcess(stack);
    bff = started.child;
    const pid = bff.pid!;
    log(`BFF pid ${pid} on ${started.url}; ${USERS} users for ${MINUTES} min; load average ${os.loadavg()[0]!.toFixed(2)}`);

    // A morning's rush is of users who have used Tern before: each user's first sign-in ever
    // (the default spam filter installed over ManageSieve, once per mailbox) comes first, four
    // at a time and untimed in the table, then a sign-out, so the timed burst starts with no
    // IMAP connection held, as the next morning would.
    const firstSignIns: number[] = [];
    for (let next = 0; next < users.length; ) {
      const batch = users.slice(next, next + 4).map(async (user, offset) => {
        const api = new ApiClient(started.url, { 'x-forwarded-for': forwardedFor(next + offset) });
        const t0 = performance.now();
        await api.signIn(user.email, user.password);
        firstSignIns.push(performance.now() - t0);
        await api.request('DELETE', '/api/session');
      });
      await Promise.all(batch);
      next += batch.length;
    }
    await sleep(5_000);
    log(`first sign-ins ever, 4 at a time: p50 ${formatMs(percentile(firstSignIns, 50))} ms, p95 ${formatMs(percentile(firstSignIns, 95))} ms; load average ${os.loadavg()[0]!.toFixed(2)}`);

    const results: Results = { ms: { 'sign-in': [], list: [], open: [], search: [] }, errors: new Map() };
    const rss: Array<[number, number]> = [];
    let maxPerUser = 0;
    const usersAboveLimit = new Set<string>();
    const begin = Date.now();
    const endAt = begin + MINUTES * 60_000;
    const sampler = setInterval(() => {
      rss.push([(Date.now() - begin) / 1000, rssMb(pid)]);
      for (const [user, count] of connectionsPerUser(stack)) {
        if (!user.startsWith('load-')) continue;
        maxPerUser = Math.max(maxPerUser, count);
        if (count > LIMIT) usersAboveLimit.add(user);
      }
    }, SAMPLE_MS);
    await Promise.all(users.map((user, index) => simulateUser(started.url, user, index, folder!, endAt, results, streams)));
    clearInterval(sampler);

    const rows = (Object.keys(results.ms) as Operation[]).map((operation) => {
      const samples = results.ms[operation];
      return [operation, String(samples.length), ...[50, 95, 99].map((p) => formatMs(percentile(samples, p)))];
    });
    console.log(`\n${USERS} users, ${MINUTES} min, one BFF (2 cores shared with the stack and this driver); load average at end ${os.loadavg()[0]!.toFixed(2)}\n`);
    console.log(renderTable(['operation', 'count', 'p50 ms', 'p95 ms', 'p99 ms'], rows, new Set([1, 2, 3, 4])));
    const errors = [...results.errors].map(([what, count]) => `${what}: ${count}`);
    console.log(`\nerrors: ${errors.length === 0 ? 0 : errors.join(', ')}`);
    console.log(`BFF RSS (MB) every ${SAMPLE_MS / 1000} s: ${rss.map(([, mb]) => mb.toFixed(0)).join(' ')}`);
    console.log(`IMAP connections per user (doveadm who, sampled): max ${maxPerUser} (limit ${LIMIT}); users above the limit: ${usersAboveLimit.size}`);
  } finally {
    for (const stream of streams) stream.abort();
    // Waited for: it closes its connections (and writes its CPU profile) on the way out.
    const stopping = bff;
    if (stopping) {
      await new Promise((resolve) => {
        stopping.once('exit', resolve);
        stopping.kill('SIGTERM');
        setTimeout(resolve, 10_000);
      });
    }
    if (stack.startedHere && process.env.BENCH_KEEP_STACK !== '1') stackDown(STACK);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
