/**
 * The BFF's own cost on two reads, for a CPU profile
 * (`node --cpu-prof --import tsx scripts/bench/profile-reads.ts`), without the
 * full bench. Uses the bench stack (.runtime/bench) as `npm run bench` seeded
 * it and stops it again if it started it. Prints medians of GET /api/session
 * (no IMAP) and of opening the ~60 KB HTML message of Bench1k.
 *
 * Environment: PROFILE_RUNS (500).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MessageWindow } from '../../shared/api/messages';
import { ApiClient } from '../../tests/support/api-client';
import { startBff } from '../../tests/support/bff';
import { REPO_DIR, stackDown, stackUp } from './bench-stack';
import { formatMs } from './measure';

const STACK = { dir: path.join(REPO_DIR, '.runtime/bench'), portBase: 30000 };
const RUNS = Number(process.env.PROFILE_RUNS ?? 500);
const FOLDER = 'Bench1k';

async function medianMs(api: ApiClient, pathAndQuery: string): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await api.json('GET', pathAndQuery);
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b)[ms.length >> 1]!;
}

const stack = stackUp(STACK);
try {
  process.env.TERN_IMAP_HOST = stack.imapHost;
  process.env.TERN_IMAP_PORT = String(stack.imapPort);
  if (stack.env.TERN_SIEVE_PORT) process.env.TERN_SIEVE_PORT = stack.env.TERN_SIEVE_PORT;
  const bff = await startBff({ TERN_PORT: '8080' });
  try {
    const api = new ApiClient(bff.url);
    await api.signIn('bench@tern-test.example', 'Tern-bench-1');
    const newest = await api.json<MessageWindow>('GET', `/api/messages?folder=${FOLDER}&offset=0&limit=50&sort=date&order=desc`);
    // The seeded newsletter is the 12th newest and by far the largest.
    const html = newest.items.reduce((a, b) => (b.size > a.size ? b : a));
    console.log(`GET /api/session: median ${formatMs(await medianMs(api, '/api/session'))} ms (${RUNS} runs)`);
    console.log(`GET /api/messages/${html.uid} (${html.size} bytes): median ${formatMs(await medianMs(api, `/api/messages/${html.uid}?folder=${FOLDER}`))} ms`);
  } finally {
    await bff.close();
  }
} finally {
  if (stack.startedHere) stackDown(STACK);
}
