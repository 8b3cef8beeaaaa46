/**
 * npm run bench: Tern's BFF against the bare IMAP floor on folders of 1,000,
 * 10,000 and 100,000 messages, plus the SPA's initial JavaScript.
 *
 * Starts its own mail stack (.runtime/bench, ports 30000+), seeds it once by
 * writing Maildir files, starts a BFF in-process and measures, for each
 * folder, the same user-visible steps through the BFF (HTTP, as the SPA sends
 * them) and through a bare socket sending the same IMAP commands (the least
 * any client could do). Everything it started is stopped at the end, also on
 * errors and Ctrl-C.
 *
 * Environment: BENCH_REPS (15), BENCH_WARMUPS (2), BENCH_FOLDERS ("1000,10000,100000"),
 * BENCH_KEEP_STACK=1 leaves the stack running for the next run, BENCH_DEBUG=1 prints every floor run's steps,
 * BENCH_ONLY=mailbox measures only the folder reads (a–d) and the HTTP baseline; BENCH_ONLY=threads only conversations
 * against the flat list (t1–t3, issue 17); BENCH_ONLY=browser only
 * what a user waits for in Chromium (sign-in form, sign-in → rows, open, quick search, first-load bytes),
 * BENCH_BROWSER_RUNS (5) after one warm-up, on users whose Inbox holds each folder size.
 * BENCH_PORT_BASE (30000) moves the bench stack's ports. BENCH_SEED_FTS=0 seeds without building the full-text
 * index (the first body search builds it): enough for BENCH_ONLY=threads, minutes faster at 100k.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MessageDetail, MessageWindow } from '../../shared/api/messages';
import { ApiClient } from '../../tests/support/api-client';
import { startBff, type RunningBff } from '../../tests/support/bff';
import { appendCommand, appendUid, BareImap, lastSortedUids, quote } from './bare-imap';
import { measureBrowser, STEP_TITLES, THINK_MS, type BrowserResult, type BrowserSize, type BrowserStep } from './browser-measures';
import { measureCalendar } from './calendar-measures';
import { measureContacts } from './contacts-measures';
import { measureDeliveryToEvent, measureMove, printExtraRows, type ExtraRow } from './mailbox-measures';
import { measureSend } from './send-measures';
import { measureThreads } from './thread-measures';
import { addUser, REPO_DIR, stackDown, stackUp, type BenchStack, type StackOptions } from './bench-stack';
import { initialJs, type BundleReport } from './bundle-size';
import { describe, imapMs, installImapTrace, traced, type TracedCommand } from './imap-trace';
import { compare, formatMs, median, percentile, renderTable, repeat, summarize, type Samples } from './measure';
import { NEWSLETTER_SUBJECT, quickSearchKeys, RARE_WORDS, SEED_VERSION, seedFolders, type FolderSpec, type SeededFolder } from './seed-maildir';

const STACK: StackOptions = { dir: path.join(REPO_DIR, '.runtime/bench'), portBase: positiveInt(process.env.BENCH_PORT_BASE, 30000) };
const USER = { email: 'bench@tern-test.example', password: 'Tern-bench-1' };
const REPS = positiveInt(process.env.BENCH_REPS, 15);
const WARMUPS = positiveInt(process.env.BENCH_WARMUPS, 2);
/** Measures whose warm-up round (BFF + floor) takes under FAST_BELOW_MS get FAST_FACTOR × the runs: cheap, and noisier. */
const FAST_BELOW_MS = 40;
const FAST_FACTOR = 3;
const FOLDERS: FolderSpec[] = (process.env.BENCH_FOLDERS ?? '1000,10000,100000').split(',').map((n) => ({
  name: `Bench${Number(n) % 1000 === 0 ? `${Number(n) / 1000}k` : n}`,
  count: Number(n),
}));
const WINDOW = 50;
/** BENCH_ONLY=mailbox, =browser or =mailbox,browser: only those parts (and the HTTP baseline, the bundle). */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const RUN_MAILBOX = ONLY.size === 0 || ONLY.has('mailbox');
const RUN_BROWSER = ONLY.size === 0 || ONLY.has('browser');
const RUN_THREADS = ONLY.size === 0 || ONLY.has('threads');
const RUN_EXTRAS = ONLY.size === 0;
const BROWSER_RUNS = positiveInt(process.env.BENCH_BROWSER_RUNS, 5);

/** The BFF's own cost (issue 14): BFF − floor ≤ 3 ms where the floor is under 10 ms, else BFF / floor ≤ 1.15. */
const OWN_COST_MS = 3;
const OWN_COST_FLOOR_MS = 10;
const RATIO_TARGET = 1.15;
const BUNDLE_TARGET_KB = 100;
const WIRE_TARGET_KB = 170;

/** Roundcube 1.6 on this machine kind, the same mailboxes, one run (issue 14; SPEC §13), ms at 1k / 10k / 100k. */
const ROUNDCUBE: Partial<Record<BrowserStep, number[]>> = { signin: [549, 495, 701], open: [274, 320, 630], search: [113, 177, 653] };
/** A third of Roundcube's (SPEC §13), ms at 1k / 10k / 100k; the sign-in form at any size. */
const BROWSER_TARGETS: Record<BrowserStep, number[]> = { form: [150, 150, 150], signin: [180, 180, 250], open: [90, 90, 160], search: [40, 40, 220] };

/**
 * The floor sends what the BFF sends (server/mail/imap/message-window.ts, message-detail.ts);
 * the "sent" lines of the report show the BFF's side. Change these with the server.
 */
// The BFF sorts ascending and reads newest-first windows from the end (see server/mail/imap/message-window.ts).
const SORT_NEWEST = 'UID SORT RETURN (ALL) (DATE) UTF-8';
const SUMMARY_ITEMS = '(UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE INTERNALDATE)';
const DETAIL_ITEMS = '(UID FLAGS ENVELOPE BODYSTRUCTURE INTERNALDATE BODY.PEEK[])';

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : fallback;
}

interface Row {
  folder: SeededFolder;
  id: string;
  title: string;
  bff: Samples;
  floor: Samples;
  /** IMAP work of the BFF in each measured run. */
  traces: TracedCommand[][];
  /** Steps of the floor in each measured run. */
  floorSteps: Array<Map<string, number>>;
}

const log = (line: string) => console.log(`[bench] ${line}`);

/** Step timer of the floor: lap('SELECT') closes the step that started at the previous lap. */
class Laps {
  steps = new Map<string, number>();
  private last = performance.now();
  lap(name: string): void {
    const now = performance.now();
    this.steps.set(name, (this.steps.get(name) ?? 0) + now - this.last);
    this.last = now;
  }
}

// --- the measures ------------------------------------------------------------

class Bench {
  readonly rows: Row[] = [];
  /** Floor connections kept open across runs (b, c) and for appends. */
  private readonly openClients: BareImap[] = [];

  constructor(
    private readonly stack: BenchStack,
    private readonly bff: RunningBff,
  ) {}

  async closeClients(): Promise<void> {
    await Promise.all(this.openClients.splice(0).map((client) => client.logout()));
  }

  private async floorClient(folder?: string): Promise<BareImap> {
    const client = await BareImap.connect(this.stack.imapHost, this.stack.imapPort);
    this.openClients.push(client);
    await client.login(USER.email, USER.password);
    if (folder) await client.select(folder);
    return client;
  }

  /** One row: BFF and floor interleaved; the BFF's IMAP work traced, the floor's steps timed. */
  private async row(
    folder: SeededFolder,
    id: string,
    title: string,
    bffRun: () => Promise<void>,
    floorRun: (laps: Laps) => Promise<void>,
    beforeEach?: (side: 'bff' | 'floor') => Promise<void>,
  ): Promise<Row> {
    const traces: TracedCommand[][] = [];
    const floorSteps: Array<Map<string, number>> = [];
    const result = await compare(
      async () => {
        traces.push(await traced(bffRun));
      },
      async () => {
        const laps = new Laps();
        await floorRun(laps);
        floorSteps.push(laps.steps);
        if (process.env.BENCH_DEBUG) log(`floor ${id}: ${[...laps.steps].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
      },
      { warmups: WARMUPS, reps: REPS, fastReps: REPS * FAST_FACTOR, fastBelowMs: FAST_BELOW_MS, beforeEach },
    );
    // Warm-ups ran first: the last n entries belong to the measured runs.
    const n = result.bff.ms.length;
    const row: Row = { folder, id, title, bff: result.bff, floor: result.floor, traces: traces.slice(-n), floorSteps: floorSteps.slice(-n) };
    this.rows.push(row);
    const b = summarize(row.bff);
    const f = summarize(row.floor);
    log(`${folder.name} ${id}: BFF ${formatMs(b.median)} ms, floor ${formatMs(f.median)} ms (${(b.median / f.median).toFixed(2)}×, ${n} runs)`);
    return row;
  }

  async folder(folder: SeededFolder): Promise<void> {
    const { imapHost, imapPort } = this.stack;
    const listPath = `/api/messages?folder=${encodeURIComponent(folder.name)}&offset=0&limit=${WINDOW}&sort=date&order=desc`;

    // (a) Sign in, then the newest 50 by date.
    const signInAndList = async () => {
      const api = new ApiClient(this.bff.url);
      const signedIn = await api.signIn(USER.email, USER.password);
      if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.status} ${await signedIn.text()}`);
      const window = await api.json<MessageWindow>('GET', listPath);
      if (window.items.length !== WINDOW || window.total < folder.count) throw new Error(`unexpected window: ${window.items.length} of ${window.total}`);
    };
    let floorToClose: BareImap | null = null;
    const floorSignInAndList = async (laps: Laps) => {
      const client = await BareImap.connect(imapHost, imapPort);
      floorToClose = client; // LOGOUT outside the clock: the BFF does not log out either
      await client.login(USER.email, USER.password);
      laps.lap('connect+LOGIN');
      await client.select(folder.name);
      laps.lap('SELECT');
      const sorted = await client.command(`${SORT_NEWEST} ALL`);
      const uids = lastSortedUids(sorted, WINDOW);
      laps.lap('UID SORT');
      const fetched = await client.command(`UID FETCH ${uids.join(',')} ${SUMMARY_ITEMS}`);
      laps.lap('UID FETCH');
      if (fetched.untagged.length < WINDOW) throw new Error(`floor fetched ${fetched.untagged.length} messages`);
    };
    const closeFloor = async () => {
      const client = floorToClose as BareImap | null;
      floorToClose = null;
      await client?.logout();
    };

    await this.row(folder, 'a', 'sign-in → newest 50, new IMAP connection', signInAndList, floorSignInAndList, async (side) => {
      await closeFloor();
      // Empty the pool: the list must run on the connection the sign-in opened, like a first visit.
      if (side === 'bff') await this.bff.deps.imap.closeUser(USER.email);
    });
    await this.row(folder, "a'", 'sign-in → newest 50, pooled connection', signInAndList, floorSignInAndList, closeFloor);
    const appender = await this.floorClient();
    const appended: number[] = [];
    await this.row(folder, 'a"', 'sign-in → newest 50, pooled, new mail since', signInAndList, floorSignInAndList, async () => {
      await closeFloor();
      const uid = appendUid(await appender.command(appendCommand(folder.name, arrivingMessage(appended.length))));
      if (uid) appended.push(uid);
    });
    await closeFloor();
    if (appended.length > 0) {
      await appender.select(folder.name);
      await appender.command(`UID STORE ${appended.join(',')} +FLAGS.SILENT (\\Deleted)`);
      await appender.command(`UID EXPUNGE ${appended.join(',')}`);
      await appender.command('UNSELECT');
    }

    // A signed-in tab with the folder open, and a warm floor connection with it selected.
    const api = new ApiClient(this.bff.url);
    await api.signIn(USER.email, USER.password);
    await api.json<MessageWindow>('GET', listPath);
    const warm = await this.floorClient(folder.name);

    // (b) Open the ~60 KB HTML newsletter.
    const detailPath = `/api/messages/${folder.htmlUid}?folder=${encodeURIComponent(folder.name)}`;
    await this.row(
      folder,
      'b',
      'open the 60 KB HTML message',
      async () => {
        const detail = await api.json<MessageDetail>('GET', detailPath);
        if (!detail.html || detail.html.length < 40_000) throw new Error('the newsletter came back without its HTML');
      },
      async (laps) => {
        const fetched = await warm.command(`UID FETCH ${folder.htmlUid} ${DETAIL_ITEMS}`);
        laps.lap('UID FETCH');
        if (fetched.untagged.length !== 1 || fetched.untagged[0]!.length < folder.htmlBytes) throw new Error('floor did not get the newsletter');
      },
    );

    // (c) Subject search. The word changes every run (10 words; the BFF caches 8 sort orders per
    // connection), so every BFF run must SORT like the floor. (c') repeats one word: cache hits.
    const searchPath = (word: string) =>
      `/api/messages?folder=${encodeURIComponent(folder.name)}&offset=0&limit=${WINDOW}&sort=date&order=desc&search=${encodeURIComponent(word)}&searchIn=subject`;
    const floorSearch = async (word: string, laps: Laps) => {
      const sorted = await warm.command(`${SORT_NEWEST} ${quickSearchKeys(word)}`);
      const uids = lastSortedUids(sorted, WINDOW);
      laps.lap('UID SORT');
      if (uids.length === 0) throw new Error(`floor search for ${word} found nothing`);
      await warm.command(`UID FETCH ${uids.join(',')} ${SUMMARY_ITEMS}`);
      laps.lap('UID FETCH');
    };
    const bffSearch = async (word: string) => {
      const window = await api.json<MessageWindow>('GET', searchPath(word));
      if (window.items.length === 0) throw new Error(`BFF search for ${word} found nothing`);
    };
    let bffWord = 0;
    let floorWord = 0;
    await this.row(
      folder,
      'c',
      'quick search (subject or from) → newest 50 hits',
      () => bffSearch(RARE_WORDS[bffWord++ % RARE_WORDS.length]!),
      (laps) => floorSearch(RARE_WORDS[floorWord++ % RARE_WORDS.length]!, laps),
    );
    await this.row(folder, "c'", 'quick search, same word again', () => bffSearch(RARE_WORDS[0]!), (laps) => floorSearch(RARE_WORDS[0]!, laps));

    // (d) Body search, answered by Dovecot's full-text index (fts-xapian): a rare word.
    const bodySearchPath = (word: string) => searchPath(word).replace('searchIn=subject', 'searchIn=body');
    let bffBodyWord = 0;
    let floorBodyWord = 0;
    await this.row(
      folder,
      'd',
      'body search (full-text index) → newest 50 hits',
      async () => {
        const word = RARE_WORDS[bffBodyWord++ % RARE_WORDS.length]!;
        const window = await api.json<MessageWindow>('GET', bodySearchPath(word));
        if (window.items.length === 0) throw new Error(`BFF body search for ${word} found nothing`);
      },
      async (laps) => {
        const word = RARE_WORDS[floorBodyWord++ % RARE_WORDS.length]!;
        const sorted = await warm.command(`${SORT_NEWEST} BODY ${quote(word)}`);
        const uids = lastSortedUids(sorted, WINDOW);
        laps.lap('UID SORT');
        if (uids.length === 0) throw new Error(`floor body search for ${word} found nothing`);
        await warm.command(`UID FETCH ${uids.join(',')} ${SUMMARY_ITEMS}`);
        laps.lap('UID FETCH');
      },
    );
  }

  /** What a request costs without any IMAP: fetch, HTTP, Hono, cookie, session lookup, JSON. */
  async httpBaseline(): Promise<Samples> {
    const api = new ApiClient(this.bff.url);
    await api.signIn(USER.email, USER.password);
    return repeat(() => api.json('GET', '/api/session'), 10, REPS * FAST_FACTOR);
  }
}

/** A small message as it would arrive while the user looks at the folder. */
function arrivingMessage(n: number): Buffer {
  return Buffer.from(
    [
      `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
      'From: "Late Arrival" <late.arrival@example.com>',
      'To: Bench User <bench@tern-test.example>',
      `Subject: Just arrived #${n}`,
      `Message-ID: <arrival-${Date.now()}-${n}@example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'This message arrived while the folder was open. '.repeat(40),
      '',
    ].join('\r\n'),
  );
}

// --- report --------------------------------------------------------------------

function verdict(bff: number, floor: number): string {
  if (!Number.isFinite(bff) || !Number.isFinite(floor)) return '-';
  if (floor < OWN_COST_FLOOR_MS) return bff - floor <= OWN_COST_MS ? 'met' : `MISS (> ${OWN_COST_MS} ms)`;
  return bff / floor <= RATIO_TARGET ? 'met' : `MISS (> ${RATIO_TARGET})`;
}

function sizeLabel(count: number): string {
  return count % 1000 === 0 ? `${count / 1000}k` : String(count);
}

function mostCommon(descriptions: string[]): string {
  const counts = new Map<string, number>();
  for (const d of descriptions) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([d, n]) => `${d} (${n}/${descriptions.length})`)
    .join(' | ');
}

/** Median per step over the runs ("UID SORT 120"), steps in first-seen order. */
function stepMedians(runs: Array<Map<string, number>>): string {
  const names: string[] = [];
  for (const run of runs) for (const name of run.keys()) if (!names.includes(name)) names.push(name);
  return names.map((name) => `${name} ${formatMs(median(runs.map((run) => run.get(name) ?? 0)))}`).join(', ');
}

function bffSteps(row: Row): string {
  const runs = row.traces.map((trace) => {
    const steps = new Map<string, number>();
    for (const entry of trace) {
      if (['CAPABILITY', 'ID', 'LOGIN', 'AUTHENTICATE', 'NAMESPACE', 'ENABLE', 'COMPRESS'].includes(entry.command)) continue;
      steps.set(entry.command, (steps.get(entry.command) ?? 0) + entry.ms);
    }
    return steps;
  });
  const other = median(row.traces.map((trace, i) => row.bff.ms[i]! - imapMs(trace)));
  return `${stepMedians(runs)}; not IMAP ${formatMs(other)}`;
}

function printReport(rows: Row[], bundle: BundleReport | Error, http: Samples, timings: { setupSeconds: number; totalSeconds: number }, folders: SeededFolder[], load: string): void {
  const table = rows.map((row) => {
    const b = summarize(row.bff);
    const f = summarize(row.floor);
    const ratio = b.median / f.median;
    return [
      sizeLabel(row.folder.count),
      `${row.id.padEnd(3)} ${row.title}`,
      String(b.runs),
      formatMs(b.median),
      formatMs(b.p90),
      formatMs(median(row.traces.map(imapMs))),
      formatMs(b.cpuMedian),
      formatMs(f.median),
      formatMs(f.p90),
      formatMs(f.cpuMedian),
      formatMs(b.median - f.median),
      ratio.toFixed(2),
      verdict(b.median, f.median),
    ];
  });
  console.log('');
  console.log(`Tern benchmark: medians of n runs after ${WARMUPS} warm-ups, BFF and floor interleaved.`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), load average ${load}`);
  console.log('');
  console.log(
    renderTable(
      ['size', 'measure', 'n', 'BFF ms', 'p90', 'in IMAP', 'node CPU', 'floor ms', 'p90', 'node CPU', 'BFF−floor', 'ratio', `own cost ≤ ${OWN_COST_MS} ms (floor < ${OWN_COST_FLOOR_MS} ms) / ≤ ${RATIO_TARGET}`],
      table,
      new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    ),
  );
  const h = summarize(http);
  console.log('');
  console.log('BFF−floor = BFF median − floor median, ratio = BFF median / floor median (wall clock). "in IMAP" = median time the BFF waited for imapflow (connect + commands, parsing');
  console.log('included). "node CPU" = CPU time of this Node process per run (BFF and HTTP client for the BFF side; Dovecot not included).');
  console.log('BFF = HTTP requests to the in-process BFF as the SPA sends them; floor = bare socket sending the same IMAP commands, responses');
  console.log('split into lines/literals but not parsed.');
  console.log('a   floor: connect, greeting, LOGIN, SELECT, UID SORT RETURN (ALL) (DATE) UTF-8 ALL, UID FETCH of the last 50 UIDs (newest first), as the BFF does.');
  console.log('    BFF: POST /api/session + GET /api/messages; the pool is emptied (untimed) before each run, so the list runs on the new');
  console.log('    connection. LOGOUT is counted on neither side.');
  console.log("a'  BFF as the pool really runs: sign-in logs in anew, but the list is served by the user's pooled connection (NOOP + cached order).");
  console.log('a"  as a\', but one message is APPENDed (untimed) before every run of either side: the cached order is stale, the BFF SORTs again.');
  console.log('b   floor: UID FETCH <uid> (UID FLAGS ENVELOPE BODYSTRUCTURE INTERNALDATE BODY.PEEK[]) on a warm connection with the folder selected.');
  console.log('c   floor: UID SORT … OR SUBJECT "<word>" FROM "<word>" + UID FETCH of the hits, warm selected connection; the word changes every run (10 words,');
  console.log('    5 hits each), so the BFF cannot answer from its sort cache.');
  console.log("c'  the same word every run: the BFF answers from its per-connection sort cache; the floor searches again.");
  console.log('d   as c, but BODY "<word>": Dovecot answers from its full-text index (fts-xapian) instead of reading every message.');
  console.log(`HTTP baseline, GET /api/session (no IMAP): median ${formatMs(h.median)} ms, p90 ${formatMs(h.p90)} ms, node CPU ${formatMs(h.cpuMedian)} ms.`);

  console.log('');
  console.log('Where the time goes (medians in ms):');
  for (const row of rows) {
    const label = `${sizeLabel(row.folder.count)} ${row.id}`.padEnd(9);
    console.log(`  ${label} BFF   ${bffSteps(row)}`);
    console.log(`  ${''.padEnd(9)} floor ${stepMedians(row.floorSteps)}`);
    console.log(`  ${''.padEnd(9)} sent  ${mostCommon(row.traces.map(describe))}`);
  }

  console.log('');
  if (bundle instanceof Error) {
    console.log(`(d) initial JS of the SPA: not measured: ${bundle.message}`);
  } else {
    const kb = bundle.totalGzipBytes / 1024;
    const flag = kb <= BUNDLE_TARGET_KB ? 'met' : 'MISS (over budget)';
    console.log(
      `(d) initial JS of the SPA (entry + modulepreloads: what the sign-in page runs): ${kb.toFixed(1)} KB gzip -9, ${(bundle.totalBrotliBytes / 1024).toFixed(1)} KB brotli as served; target ${BUNDLE_TARGET_KB} KB gzipped: ${flag}${bundle.built ? ' (built now)' : ''}`,
    );
    for (const file of bundle.files) {
      console.log(`    ${(file.gzipBytes / 1024).toFixed(1).padStart(7)} KB gz  ${(file.brotliBytes / 1024).toFixed(1).padStart(7)} KB br  ${(file.rawBytes / 1024).toFixed(1).padStart(7)} KB raw  ${file.file}`);
    }
  }

  console.log('');
  const seeded = folders.filter((f) => f.seededNow);
  console.log(
    `Seeding: ${seeded.length ? seeded.map((f) => `${f.name} ${f.seconds.toFixed(1)} s`).join(', ') : 'already seeded, skipped'}; stack up + seeding + Dovecot cache warm-up ${timings.setupSeconds.toFixed(1)} s. Whole run ${timings.totalSeconds.toFixed(1)} s.`,
  );
  const misses = rows.filter((row) => verdict(summarize(row.bff).median, summarize(row.floor).median).startsWith('MISS'));
  if (misses.length) console.log(`BFF's own cost over target: ${misses.map((r) => `${sizeLabel(r.folder.count)} ${r.id}`).join(', ')}`);
}

/** The mailbox row measuring the same IMAP work as a browser step (its floor is the bare client's time). */
const FLOOR_ROW: Partial<Record<BrowserStep, string>> = { signin: 'a', open: 'b', search: 'c' };

function printBrowserReport(results: BrowserResult[], rows: Row[]): void {
  const sizeIndex = (count: number) => Math.max(0, [1000, 10000, 100000].indexOf(count));
  const table: string[][] = [];
  for (const step of Object.keys(STEP_TITLES) as BrowserStep[]) {
    for (const result of results) {
      const samples = result.steps[step];
      const m = median(samples);
      const target = BROWSER_TARGETS[step][sizeIndex(result.count)]!;
      const anchor = ROUNDCUBE[step]?.[sizeIndex(result.count)];
      const floorRow = rows.find((row) => row.folder.count === result.count && row.id === FLOOR_ROW[step]);
      const floor = floorRow ? summarize(floorRow.floor).median : Number.NaN;
      table.push([
        STEP_TITLES[step],
        sizeLabel(result.count),
        String(samples.length),
        formatMs(m),
        formatMs(percentile(samples, 90)),
        anchor === undefined ? '-' : String(anchor),
        anchor === undefined ? '-' : (m / anchor).toFixed(2),
        formatMs(floor),
        Number.isFinite(floor) ? (m / floor).toFixed(1) : '-',
        String(target),
        m <= target ? 'met' : 'MISS',
      ]);
    }
  }
  console.log('');
  console.log(`What a user waits for, in Chromium (timed in the page, medians of ${BROWSER_RUNS} runs after 1 warm-up, fresh profile and IMAP connection per run, ${THINK_MS} ms between steps):`);
  console.log(
    renderTable(
      ['step', 'size', 'n', 'Tern ms', 'p90', 'Roundcube', '× RC', 'IMAP floor', '× floor', 'target', ''],
      table,
      new Set([2, 3, 4, 5, 6, 7, 8, 9]),
    ),
  );
  console.log('IMAP floor: the bare-socket client of rows a/b/c above for the same work (a fresh connection for sign-in); "-" when they did not run.');
  const types = new Set(results.flatMap((result) => result.wire.flatMap((run) => Object.keys(run))));
  for (const result of results) {
    const kb = (values: number[]) => `${(median(values) / 1024).toFixed(1)} KB`;
    const perType = [...types].sort().map((type) => `${type} ${kb(result.wire.map((run) => run[type] ?? 0))}`);
    const total = median(result.wire.map((run) => Object.values(run).reduce((sum, n) => sum + n, 0)));
    console.log(
      `First load on the wire until the first rows, ${sizeLabel(result.count)} (median): ${(total / 1024).toFixed(1)} KB (${perType.join(', ')}); target ${WIRE_TARGET_KB} KB: ${total / 1024 <= WIRE_TARGET_KB ? 'met' : 'MISS'}`,
    );
  }
}

/** One user per folder size whose Inbox holds that many messages: sign-in lands on it, as it would for a real user. */
async function seedBrowserUsers(stack: BenchStack): Promise<BrowserSize[]> {
  const sizes: BrowserSize[] = [];
  for (const spec of FOLDERS) {
    const user = { email: `bench-inbox-${sizeLabel(spec.count)}-v${SEED_VERSION}@tern-test.example`, password: USER.password };
    addUser(STACK, user.email, user.password);
    await seedFolders(stack, user, [{ name: 'INBOX', count: spec.count }], log);
    sizes.push({ count: spec.count, ...user, openSubject: NEWSLETTER_SUBJECT, searchWords: RARE_WORDS });
  }
  return sizes;
}

// --- orchestration -------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  let stack: BenchStack | null = null;
  let bff: RunningBff | null = null;
  let bench: Bench | null = null;
  let cleaning: Promise<void> | null = null;

  const cleanup = () => {
    cleaning ??= (async () => {
      await bench?.closeClients().catch(() => undefined);
      await bff?.close().catch((err: unknown) => log(`closing the BFF failed: ${String(err)}`));
      if (stack?.startedHere && process.env.BENCH_KEEP_STACK !== '1') {
        log('stopping the bench stack');
        try {
          stackDown(STACK);
        } catch (err) {
          log(`stack.sh down failed: ${String(err)}`);
        }
      }
    })();
    return cleaning;
  };
  // Ctrl-C reaches this process more than once (the terminal signals the whole process group and
  // npm forwards it again): the first starts the cleanup, later ones are ignored, the fourth forces.
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      log(`${signal}: stopping what the bench started`);
      void cleanup().finally(() => process.exit(130));
    } else if (signals >= 4) {
      log(`${signal} again: exiting without cleaning up; run: TERN_STACK_DIR=${STACK.dir} TERN_PORT_BASE=${STACK.portBase} bash scripts/stack/stack.sh down`);
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    let bundle: BundleReport | Error;
    try {
      bundle = initialJs(log);
    } catch (err) {
      bundle = err instanceof Error ? err : new Error(String(err));
      log(`bundle size not measured: ${bundle.message}`);
    }

    log(`starting the bench stack (${path.relative(REPO_DIR, STACK.dir)}, port base ${STACK.portBase})`);
    stack = stackUp(STACK);
    addUser(STACK, USER.email, USER.password);
    const folders = !RUN_MAILBOX && !RUN_THREADS ? [] : await seedFolders(stack, USER, FOLDERS, log);
    const browserSizes = !RUN_BROWSER ? [] : await seedBrowserUsers(stack);
    const setupSeconds = (performance.now() - started) / 1000;

    process.env.TERN_IMAP_HOST = stack.imapHost;
    process.env.TERN_IMAP_PORT = String(stack.imapPort);
    process.env.TERN_SMTP_HOST = stack.env.TERN_SMTP_HOST ?? '127.0.0.1';
    process.env.TERN_SMTP_PORT = stack.env.TERN_SMTP_PORT ?? String(STACK.portBase + 587);
    process.env.TERN_DAV_URL = stack.env.TERN_DAV_URL ?? `http://127.0.0.1:${STACK.portBase + 5232}`;
    // Without it every sign-in would try (and fail) to install the default spam filter on port 4190.
    process.env.TERN_SIEVE_PORT = stack.env.TERN_SIEVE_PORT ?? String(STACK.portBase + 419);
    installImapTrace();
    // startBff listens on an ephemeral port itself; TERN_PORT only has to pass config validation (which rejects 0).
    bff = await startBff({ TERN_PORT: '8080' });
    bench = new Bench(stack, bff);
    const loadBefore = os.loadavg()[0]!.toFixed(2);
    log(`BFF on ${bff.url}; ${REPS} runs (${REPS * FAST_FACTOR} for measures under ${FAST_BELOW_MS} ms) after ${WARMUPS} warm-ups; load average ${loadBefore}`);

    const http = await bench.httpBaseline();
    if (RUN_MAILBOX) for (const folder of folders) await bench.folder(folder);
    await bench.closeClients();
    const { imap } = bff.deps;
    const browser = !RUN_BROWSER
      ? []
      : await measureBrowser(bff.url, browserSizes, { runs: BROWSER_RUNS, warmups: 1, beforeRun: (size) => imap.closeUser(size.email), log });
    const moveSource = folders.find((folder) => folder.count >= 2_000) ?? folders[0]!;
    const extras = !RUN_EXTRAS
      ? []
      : [
          await measureMove(bff.url, stack, USER, moveSource.name, REPS),
          await measureDeliveryToEvent(bff.url, stack, USER, REPS),
          await measureSend(bff.url, stack, USER, REPS),
        ];
    const threadRows: ExtraRow[] = [];
    if (RUN_THREADS) {
      for (const folder of folders) {
        threadRows.push(...(await measureThreads(bff.url, stack, folder, USER, { reps: REPS, warmups: WARMUPS, closeUser: () => imap.closeUser(USER.email) })));
      }
    }
    const { addressBooks } = bff.deps;
    const contactRows = !RUN_EXTRAS ? [] : await measureContacts(bff.url, process.env.TERN_DAV_URL, USER, REPS, () => addressBooks.clear());
    const calendarRows = !RUN_EXTRAS ? [] : await measureCalendar(bff.url, process.env.TERN_DAV_URL, USER, REPS);

    const load = `${loadBefore} at start, ${os.loadavg()[0]!.toFixed(2)} at end (1 min)`;
    printReport(bench.rows, bundle, http, { setupSeconds, totalSeconds: (performance.now() - started) / 1000 }, folders, load);
    if (browser.length > 0) printBrowserReport(browser, bench.rows);
    if (threadRows.length > 0) printExtraRows(threadRows, 'Conversations against the flat list, both through the BFF (issue 17): "BFF" = conversations, "floor" = flat');
    if (RUN_EXTRAS) {
      printExtraRows(extras);
      printExtraRows(contactRows, 'Contacts on CardDAV (issue 7)');
      printExtraRows(calendarRows, 'Calendar on CalDAV (issue 8)');
    }
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
