import net from 'node:net';

/**
 * The floor of the benchmark: the least a client can do to get an answer from
 * the IMAP server. A plain TCP socket, one tagged command at a time, responses
 * split into lines with {n} literals skipped over as bytes; nothing is parsed
 * beyond what the next command needs. No library.
 */

export interface ImapResponse {
  /** Untagged responses ("* ..."), literals included, without the final CRLF. */
  untagged: Buffer[];
  /** "OK", "NO" or "BAD". */
  status: string;
  /** The tagged line after the status. */
  text: string;
}

export class ImapCommandError extends Error {}

interface Pending {
  tag: string;
  untagged: Buffer[];
  resolve: (response: ImapResponse) => void;
  reject: (err: Error) => void;
}

const CRLF = Buffer.from('\r\n');
const LITERAL_AT_END = /\{(\d+)\+?\}$/;

export class BareImap {
  private buffer: Buffer = Buffer.alloc(0);
  /** Where the search for the next CRLF resumes inside `buffer` (the response so far starts at 0). */
  private scanFrom = 0;
  private literalLeft = 0;
  private tagCounter = 0;
  private pending: Pending | null = null;
  private greeting: { resolve: () => void; reject: (err: Error) => void } | null = null;
  private closedError: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('IMAP connection closed')));
  }

  /** Connects and waits for the server greeting. */
  static connect(host: string, port: number): Promise<BareImap> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const client = new BareImap(socket);
      client.greeting = { resolve: () => resolve(client), reject };
    });
  }

  /** Sends one command (without tag and CRLF) and waits for its tagged completion; NO/BAD reject. */
  async command(text: string | Buffer): Promise<ImapResponse> {
    const response = await this.send(text);
    if (response.status !== 'OK') throw new ImapCommandError(`${String(text).slice(0, 80)} → ${response.status} ${response.text}`);
    return response;
  }

  send(text: string | Buffer): Promise<ImapResponse> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.pending) return Promise.reject(new Error('BareImap runs one command at a time'));
    const tag = `b${++this.tagCounter}`;
    return new Promise((resolve, reject) => {
      this.pending = { tag, untagged: [], resolve, reject };
      this.socket.write(Buffer.concat([Buffer.from(`${tag} `), typeof text === 'string' ? Buffer.from(text) : text, CRLF]));
    });
  }

  async login(user: string, password: string): Promise<void> {
    await this.command(`LOGIN ${quote(user)} ${quote(password)}`);
  }

  async select(mailbox: string): Promise<ImapResponse> {
    return this.command(`SELECT ${quote(mailbox)}`);
  }

  /** LOGOUT, then the socket closes; errors are ignored (the server may have gone). */
  async logout(): Promise<void> {
    try {
      await this.send('LOGOUT');
    } catch {
      // closed before the tagged OK arrived: that is fine for a logout
    }
    this.socket.destroy();
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.literalLeft > 0) {
        const available = this.buffer.length - this.scanFrom;
        const take = Math.min(available, this.literalLeft);
        this.scanFrom += take;
        this.literalLeft -= take;
        if (this.literalLeft > 0) return;
      }
      const end = this.buffer.indexOf(CRLF, this.scanFrom);
      if (end < 0) return;
      // A line ending in {n} continues after n literal bytes.
      const tail = this.buffer.toString('latin1', Math.max(this.scanFrom, end - 24), end);
      const literal = LITERAL_AT_END.exec(tail);
      if (literal) {
        this.literalLeft = Number(literal[1]);
        this.scanFrom = end + 2;
        continue;
      }
      const response = this.buffer.subarray(0, end);
      this.buffer = this.buffer.subarray(end + 2);
      this.scanFrom = 0;
      this.dispatch(response);
    }
  }

  private dispatch(response: Buffer): void {
    if (this.greeting) {
      const greeting = this.greeting;
      this.greeting = null;
      if (response.toString('latin1', 0, 4) === '* OK' || response.toString('latin1', 0, 9) === '* PREAUTH') greeting.resolve();
      else greeting.reject(new Error(`unexpected greeting: ${response.toString('utf8', 0, 200)}`));
      return;
    }
    const pending = this.pending;
    if (!pending) return; // unsolicited (e.g. BYE at shutdown)
    if (response[0] === 0x2a /* * */ || response[0] === 0x2b /* + */) {
      pending.untagged.push(response);
      return;
    }
    const head = response.toString('latin1', 0, Math.min(response.length, pending.tag.length + 1));
    if (head !== `${pending.tag} `) return;
    const rest = response.toString('utf8', pending.tag.length + 1);
    const space = rest.indexOf(' ');
    this.pending = null;
    pending.resolve({
      untagged: pending.untagged,
      status: (space < 0 ? rest : rest.slice(0, space)).toUpperCase(),
      text: space < 0 ? '' : rest.slice(space + 1),
    });
  }

  private fail(err: Error): void {
    if (this.closedError) return;
    this.closedError = err;
    this.greeting?.reject(err);
    this.greeting = null;
    this.pending?.reject(err);
    this.pending = null;
  }
}

/** An IMAP quoted string (the bench only quotes mailbox names, addresses and plain words). */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const ESEARCH = Buffer.from('* ESEARCH ');
const ALL = Buffer.from(' ALL ');

/**
 * The last `limit` UIDs of the "ALL" sequence set of an ESEARCH response, last
 * first: the newest messages of an ascending sort, as the BFF reads them.
 * Scans from the end of the set and stops after `limit` UIDs.
 */
export function lastSortedUids(response: ImapResponse, limit: number): number[] {
  for (const line of response.untagged) {
    if (!line.subarray(0, ESEARCH.length).equals(ESEARCH)) continue;
    const all = line.indexOf(ALL);
    if (all < 0) continue;
    const set = line.subarray(all + ALL.length).toString('latin1').trim();
    const uids: number[] = [];
    let end = set.length;
    while (uids.length < limit && end > 0) {
      const start = set.lastIndexOf(',', end - 1) + 1;
      const [first = 0, last = first] = set.slice(start, end).split(':').map(Number);
      const step = last >= first ? -1 : 1;
      for (let uid = last; uids.length < limit; uid += step) {
        uids.push(uid);
        if (uid === first) break;
      }
      end = start - 1;
    }
    return uids;
  }
  return [];
}

/** APPENDUID [uidvalidity uid] of an APPEND's tagged OK (UIDPLUS). */
export function appendUid(response: ImapResponse): number | null {
  const match = /\[APPENDUID \d+ (\d+)\]/i.exec(response.text);
  return match ? Number(match[1]) : null;
}

/** APPEND with a non-synchronising literal (LITERAL+): one write, no continuation round trip. */
export function appendCommand(mailbox: string, message: Buffer, flags = '(\\Seen)'): Buffer {
  return Buffer.concat([Buffer.from(`APPEND ${quote(mailbox)} ${flags} {${message.length}+}\r\n`), message]);
}
