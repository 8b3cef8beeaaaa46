import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { MoveResult } from '../../shared/api/actions';
import { ApiClient } from '../../tests/support/api-client';
import { BareImap, quote } from './bare-imap';
import type { BenchStack } from './bench-stack';
import { compare, formatMs, renderTable, summarize, type Samples } from './measure';

export interface ExtraRow {
  id: string;
  title: string;
  bff: Samples;
  floor: Samples;
  /** What the floor is, in a few words. */
  floorIs: string;
}

interface User {
  email: string;
  password: string;
}

const MOVE_COUNT = 1000;
const MOVE_A = 'BenchMoveA';
const MOVE_B = 'BenchMoveB';

/**
 * (e) Moving 1,000 selected messages between two folders: the BFF's move
 * (selection check, MOVE, COPYUID for undo) against a bare `UID MOVE` on a warm
 * connection. Each side moves its own 1,000 messages back and forth, copied
 * from a seeded folder into scratch folders so the seeded ones stay intact.
 */
export async function measureMove(bffUrl: string, stack: BenchStack, user: User, source: string, reps: number): Promise<ExtraRow> {
  const floor = await BareImap.connect(stack.imapHost, stack.imapPort);
  await floor.login(user.email, user.password);
  for (const name of [MOVE_A, MOVE_B]) await floor.send(`DELETE ${quote(name)}`);
  for (const name of [MOVE_A, MOVE_B]) await floor.command(`CREATE ${quote(name)}`);
  await floor.select(source);
  await floor.command(`UID COPY 1:${2 * MOVE_COUNT} ${quote(MOVE_A)}`);
  await floor.select(MOVE_A);
  // After the copy MOVE_A holds UIDs 1..2000: the BFF moves the first half, the floor the second.
  let bffSide = { at: MOVE_A, uids: range(1, MOVE_COUNT) };
  let floorSide = { at: MOVE_A, uids: range(MOVE_COUNT + 1, 2 * MOVE_COUNT) };
  const other = (folder: string) => (folder === MOVE_A ? MOVE_B : MOVE_A);

  const api = new ApiClient(bffUrl);
  const signedIn = await api.signIn(user.email, user.password);
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.status}`);
  try {
    const result = await compare(
      async () => {
        const to = other(bffSide.at);
        const moved = await api.json<MoveResult>('POST', '/api/messages/move', { selection: { folder: bffSide.at, uids: bffSide.uids }, to });
        if (moved.count !== MOVE_COUNT || !moved.uids) throw new Error(`BFF moved ${moved.count}`);
        bffSide = { at: to, uids: moved.uids };
      },
      async () => {
        const to = other(floorSide.at);
        await floor.select(floorSide.at);
        const response = await floor.command(`UID MOVE ${floorSide.uids.join(',')} ${quote(to)}`);
        const uids = copyUidDestination(response.text, response.untagged);
        if (uids.length !== MOVE_COUNT) throw new Error(`floor moved ${uids.length}`);
        floorSide = { at: to, uids };
      },
      { warmups: 1, reps },
    );
    return { id: 'e', title: `move ${MOVE_COUNT.toLocaleString('en')} selected messages`, ...result, floorIs: 'SELECT + UID MOVE, warm connection' };
  } finally {
    await floor.send('UNSELECT');
    for (const name of [MOVE_A, MOVE_B]) await floor.send(`DELETE ${quote(name)}`);
    await floor.logout();
  }
}

/**
 * (f) From handing a message to SMTP until the page hears of it: the BFF's
 * event stream (IDLE watcher → Server-Sent Events) against an IMAP client
 * IDLEing on INBOX itself (imapflow's `exists` event), both waiting at once.
 * Mail goes through Postfix, the spam scanner and LMTP, as real mail does.
 */
export async function measureDeliveryToEvent(bffUrl: string, stack: BenchStack, user: User, reps: number): Promise<ExtraRow> {
  const api = new ApiClient(bffUrl);
  await api.signIn(user.email, user.password);
  const events = await openEventStream(bffUrl, api.cookie ?? '');
  const idler = new ImapFlow({ host: stack.imapHost, port: stack.imapPort, secure: false, auth: { user: user.email, pass: user.password }, logger: false });
  idler.on('error', () => undefined);
  await idler.connect();
  await idler.mailboxOpen('INBOX');
  const existsWaiters: Array<() => void> = [];
  idler.on('exists', () => existsWaiters.splice(0).forEach((resolve) => resolve()));
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: Number(stack.env.TERN_STACK_INBOUND_SMTP_PORT), secure: false, ignoreTLS: true });
  let n = 0;
  const send = () =>
    smtp.sendMail({ from: 'live@example.com', to: user.email, subject: `Live ${++n}`, text: 'Arriving now.' }).then(() => undefined);
  try {
    // Both sides see every delivery; each measured run waits for its own side only.
    const result = await compare(
      async () => {
        const heard = events.next();
        await send();
        await heard;
      },
      async () => {
        const heard = new Promise<void>((resolve) => existsWaiters.push(resolve));
        await send();
        await heard;
      },
      { warmups: 1, reps, beforeEach: () => new Promise((resolve) => setTimeout(resolve, 400)) },
    );
    return { id: 'f', title: 'SMTP delivery → event on the page', ...result, floorIs: 'imapflow IDLE on INBOX, EXISTS' };
  } finally {
    events.close();
    await idler.logout();
    smtp.close();
  }
}

/** The BFF's SSE stream, read frame by frame; next() resolves at the next folders-changed for INBOX. */
async function openEventStream(bffUrl: string, cookie: string): Promise<{ next: () => Promise<void>; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${bffUrl}/api/events`, { headers: { cookie }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`event stream: ${response.status}`);
  const waiters: Array<() => void> = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: folders-changed$/m.test(frame) && frame.includes('INBOX')) waiters.splice(0).forEach((resolve) => resolve());
      }
    }
  })();
  return {
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => controller.abort(),
  };
}

/** The destination UIDs of a MOVE, from COPYUID (RFC 4315) in an untagged OK or the tagged answer. */
function copyUidDestination(tagged: string, untagged: Buffer[]): number[] {
  const texts = [tagged, ...untagged.map((line) => line.toString('latin1'))];
  for (const text of texts) {
    const match = /\[COPYUID \d+ [\d:,]+ ([\d:,]+)\]/i.exec(text);
    if (match) return match[1]!.split(',').flatMap((item) => {
      const [a = 0, b = a] = item.split(':').map(Number);
      return range(Math.min(a, b), Math.max(a, b));
    });
  }
  return [];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

export function printExtraRows(rows: ExtraRow[], heading = 'Mailbox actions and live updates (issue 4)'): void {
  const table = rows.map((row) => {
    const b = summarize(row.bff);
    const f = summarize(row.floor);
    return [row.id, row.title, String(b.runs), formatMs(b.median), formatMs(b.p90), formatMs(f.median), formatMs(f.p90), (b.median / f.median).toFixed(2), row.floorIs];
  });
  console.log(`\n${heading}`);
  console.log(renderTable(['', 'measure', 'n', 'BFF ms', 'p90', 'floor ms', 'p90', 'ratio', 'floor'], table, new Set([2, 3, 4, 5, 6, 7])));
}
