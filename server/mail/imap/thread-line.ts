import type { ImapFlow } from 'imapflow';
import { atom, runRawCommand, type RawAttribute } from './raw-command';
import { parseThreadResponse } from './thread-order';

const PREFIX = Buffer.from('* THREAD');
const OPEN = 0x28;
const CLOSE = 0x29;
const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * The threads of one `* THREAD` line (RFC 5256 §4), read from its bytes, or
 * null when the line is something else or holds what the grammar does not
 * (the general parser then takes it). Hand-written because no IMAP library
 * reads this answer cheaply: at 100,000 messages Dovecot's answer is one line
 * of about 700 KB, which imapflow's general parser turns into a token tree in
 * 300–700 ms on this machine kind; this reads it in a few. The grammar is only
 * numbers, spaces and parentheses; every number inside a top-level list is a
 * message of that thread, whether or not the root is missing (`((7)(8))`).
 */
export function threadsOfLine(line: Buffer): number[][] | null {
  if (line.length < PREFIX.length || !line.subarray(0, PREFIX.length).equals(PREFIX)) return null;
  if (line.length > PREFIX.length && line[PREFIX.length] !== SPACE) return null;
  const threads: number[][] = [];
  let thread: number[] = [];
  let depth = 0;
  let number = -1;
  for (let index = PREFIX.length; index < line.length; index++) {
    const byte = line[index]!;
    if (byte >= ZERO && byte <= NINE) {
      if (depth === 0) return null;
      number = (number < 0 ? 0 : number * 10) + (byte - ZERO);
      if (number > Number.MAX_SAFE_INTEGER) return null;
      continue;
    }
    if (number > 0) thread.push(number);
    number = -1;
    if (byte === OPEN) {
      depth++;
    } else if (byte === CLOSE) {
      if (depth === 0) return null;
      depth--;
      if (depth === 0) {
        if (thread.length > 0) threads.push(thread);
        thread = [];
      }
    } else if (byte !== SPACE) {
      return null;
    }
  }
  return depth === 0 && number < 0 ? threads : null;
}

interface ResponseData {
  payload: Buffer;
}

/** imapflow's per-line hook (@internal): every server line goes through it, parsed there. */
interface ResponseHandling {
  handleResponse(data: ResponseData): Promise<boolean>;
}

/** What the general parser is handed in place of a line read here: the same answer, without its numbers. */
const EMPTY_THREAD_LINE = PREFIX;

/**
 * `UID THREAD <algorithm> UTF-8 ALL` on a selected folder. The answer's lines
 * are read by `threadsOfLine` on their way in; imapflow still sees every line
 * (a THREAD line without its numbers), so its bookkeeping is untouched. Should
 * an imapflow version stop calling the hook, the answer comes through its
 * general parser as before: slower, never wrong.
 */
export async function runThreadCommand(client: ImapFlow, algorithm: string): Promise<number[][]> {
  const handling = client as unknown as ResponseHandling;
  const general = handling.handleResponse;
  const ownHook = Object.prototype.hasOwnProperty.call(handling, 'handleResponse');
  const read: number[][] = [];
  let readHere = false;
  handling.handleResponse = function (this: ResponseHandling, data: ResponseData) {
    const threads = threadsOfLine(data.payload);
    if (!threads) return general.call(this, data);
    readHere = true;
    for (const thread of threads) read.push(thread);
    return general.call(this, { ...data, payload: EMPTY_THREAD_LINE });
  };
  let parsed: RawAttribute[][];
  try {
    parsed = await runRawCommand(client, 'UID THREAD', [atom(algorithm), atom('UTF-8'), atom('ALL')], 'THREAD');
  } finally {
    if (ownHook) handling.handleResponse = general;
    else delete (handling as Partial<ResponseHandling>).handleResponse;
  }
  return readHere ? read : parseThreadResponse(parsed);
}
