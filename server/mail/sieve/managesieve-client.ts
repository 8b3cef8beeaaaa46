import net from 'node:net';
import tls from 'node:tls';

/*
 * A small ManageSieve client (RFC 5804), hand-written because npm has no
 * maintained one: the packages that exist are unmaintained for years, untyped
 * or bound to other runtimes. It speaks exactly what Tern needs — STARTTLS,
 * AUTHENTICATE PLAIN, LISTSCRIPTS, GETSCRIPT, CHECKSCRIPT, PUTSCRIPT,
 * SETACTIVE, DELETESCRIPT, LOGOUT — and is tested against Dovecot's
 * managesieve (tests/integration/managesieve-client.test.ts).
 */

export type SieveSecurity = 'tls' | 'starttls' | 'none';

export interface SieveConnectOptions {
  host: string;
  port: number;
  security: SieveSecurity;
  user: string;
  password: string;
  timeoutMs?: number;
}

export interface SieveScriptInfo {
  name: string;
  active: boolean;
}

/** A NO or BYE from the server; `code` is the response code (AUTH-TOO-WEAK, NONEXISTENT, …) if any. */
export class ManageSieveError extends Error {
  constructor(
    readonly command: string,
    readonly status: 'NO' | 'BYE',
    readonly code: string | undefined,
    readonly serverMessage: string,
  ) {
    super(`ManageSieve ${command}: ${status}${code ? ` (${code})` : ''} ${serverMessage}`.trim());
    this.name = 'ManageSieveError';
  }
}

/** The connection broke, timed out or the server said something that is not ManageSieve. */
export class ManageSieveConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManageSieveConnectionError';
  }
}

type Token = { kind: 'atom' | 'string' | 'code'; value: string };

interface Response {
  lines: Token[][];
  status: 'OK' | 'NO' | 'BYE';
  code: string | undefined;
  message: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export class ManageSieveClient {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private socket: net.Socket) {
    this.attach(socket);
  }

  static async connect(options: SieveConnectOptions): Promise<ManageSieveClient> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const socket = await openSocket(options, timeoutMs);
    const client = new ManageSieveClient(socket);
    try {
      await client.expectOk('greeting', await client.readResponse());
      if (options.security === 'starttls') await client.startTls(options.host, timeoutMs);
      const auth = Buffer.from(`\0${options.user}\0${options.password}`, 'utf8').toString('base64');
      await client.run('AUTHENTICATE', `AUTHENTICATE "PLAIN" ${quoted(auth)}`);
      return client;
    } catch (err) {
      client.socket.destroy();
      throw err;
    }
  }

  async listScripts(): Promise<SieveScriptInfo[]> {
    const response = await this.run('LISTSCRIPTS', 'LISTSCRIPTS');
    return response.lines.flatMap(([name, flag]) =>
      name?.kind === 'string' ? [{ name: name.value, active: flag?.kind === 'atom' && flag.value.toUpperCase() === 'ACTIVE' }] : [],
    );
  }

  async getScript(name: string): Promise<string> {
    const response = await this.run('GETSCRIPT', `GETSCRIPT ${quoted(name)}`);
    const content = response.lines[0]?.[0];
    if (content?.kind !== 'string') throw new ManageSieveConnectionError('GETSCRIPT answered without the script');
    return content.value;
  }

  /** Compiles the script on the server without storing it; throws ManageSieveError with the server's reason. */
  async checkScript(content: string): Promise<void> {
    await this.run('CHECKSCRIPT', `CHECKSCRIPT ${literal(content)}`);
  }

  async putScript(name: string, content: string): Promise<void> {
    await this.run('PUTSCRIPT', `PUTSCRIPT ${quoted(name)} ${literal(content)}`);
  }

  /** An empty name deactivates every script. */
  async setActive(name: string): Promise<void> {
    await this.run('SETACTIVE', `SETACTIVE ${quoted(name)}`);
  }

  async deleteScript(name: string): Promise<void> {
    await this.run('DELETESCRIPT', `DELETESCRIPT ${quoted(name)}`);
  }

  /** Ends the session politely; never throws (the socket is gone either way). */
  async logout(): Promise<void> {
    try {
      if (!this.failure) await this.run('LOGOUT', 'LOGOUT');
    } catch {
      // A server that already hung up has logged us out.
    } finally {
      this.socket.destroy();
    }
  }

  private async startTls(host: string, timeoutMs: number): Promise<void> {
    await this.run('STARTTLS', 'STARTTLS');
    this.socket.removeAllListeners('data');
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const upgraded = tls.connect({ socket: this.socket, servername: net.isIP(host) ? undefined : host }, () => resolve(upgraded));
      upgraded.once('error', reject);
    });
    secure.setTimeout(timeoutMs);
    this.socket = secure;
    this.buffer = Buffer.alloc(0);
    this.attach(secure);
    // RFC 5804 §2.2: the server sends its capabilities again after the handshake.
    await this.expectOk('STARTTLS', await this.readResponse());
  }

  private attach(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.wake();
    };
    socket.on('error', (err) => fail(new ManageSieveConnectionError(`ManageSieve connection failed: ${err.message}`)));
    socket.on('close', () => fail(new ManageSieveConnectionError('The ManageSieve server closed the connection')));
    socket.on('timeout', () => {
      fail(new ManageSieveConnectionError('The ManageSieve server did not answer in time'));
      socket.destroy();
    });
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  /** One command at a time: ManageSieve has no tags, answers come in order. */
  private run(command: string, line: string): Promise<Response> {
    const result = this.queue.then(async () => {
      if (this.failure) throw this.failure;
      this.socket.write(`${line}\r\n`);
      return this.expectOk(command, await this.readResponse());
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private expectOk(command: string, response: Response): Response {
    if (response.status !== 'OK') throw new ManageSieveError(command, response.status, response.code, response.message);
    return response;
  }

  private async readResponse(): Promise<Response> {
    const lines: Token[][] = [];
    for (;;) {
      const tokens = await this.readLine();
      const first = tokens[0];
      const status = first?.kind === 'atom' ? first.value.toUpperCase() : '';
      if (status === 'OK' || status === 'NO' || status === 'BYE') {
        const rest = tokens.slice(1);
        const code = rest.find((token) => token.kind === 'code')?.value;
        const message = rest.find((token) => token.kind === 'string')?.value ?? '';
        return { lines, status, code, message };
      }
      lines.push(tokens);
    }
  }

  private async readLine(): Promise<Token[]> {
    for (;;) {
      const parsed = parseLine(this.buffer);
      if (parsed) {
        this.buffer = this.buffer.subarray(parsed.consumed);
        return parsed.tokens;
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }
}

function openSocket(options: SieveConnectOptions, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(new ManageSieveConnectionError(`Cannot reach the ManageSieve server: ${err.message}`));
    const socket =
      options.security === 'tls'
        ? tls.connect({ host: options.host, port: options.port, servername: net.isIP(options.host) ? undefined : options.host }, () => resolve(socket))
        : net.connect({ host: options.host, port: options.port }, () => resolve(socket));
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      onError(new Error('timed out'));
    });
    socket.once('error', onError);
  });
}

/**
 * One response line: atoms, quoted strings, literals `{n}` and response codes
 * `(…)`, up to the CRLF that ends it. Null while the line is incomplete.
 * Works on bytes because literal lengths count octets, not characters.
 */
export function parseLine(buffer: Buffer): { tokens: Token[]; consumed: number } | null {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < buffer.length) {
    const byte = buffer[pos]!;
    if (byte === 0x20) {
      pos++;
    } else if (byte === 0x0d && buffer[pos + 1] === 0x0a) {
      return { tokens, consumed: pos + 2 };
    } else if (byte === 0x0d) {
      if (pos + 1 >= buffer.length) return null;
      pos++;
    } else if (byte === 0x22) {
      const end = quotedEnd(buffer, pos + 1);
      if (end < 0) return null;
      tokens.push({ kind: 'string', value: unquote(buffer.subarray(pos + 1, end).toString('utf8')) });
      pos = end + 1;
    } else if (byte === 0x7b) {
      const header = /^\{(\d+)\+?\}\r\n/.exec(buffer.subarray(pos, pos + 24).toString('latin1'));
      if (!header) {
        if (buffer.indexOf('\r\n', pos) < 0) return null;
        throw new ManageSieveConnectionError('The ManageSieve server sent a malformed literal');
      }
      const start = pos + header[0].length;
      const length = Number(header[1]);
      if (buffer.length < start + length) return null;
      tokens.push({ kind: 'string', value: buffer.subarray(start, start + length).toString('utf8') });
      pos = start + length;
    } else if (byte === 0x28) {
      const end = codeEnd(buffer, pos + 1);
      if (end < 0) return null;
      tokens.push({ kind: 'code', value: buffer.subarray(pos + 1, end).toString('utf8') });
      pos = end + 1;
    } else {
      let end = pos;
      while (end < buffer.length && ![0x20, 0x0d, 0x22, 0x28].includes(buffer[end]!)) end++;
      if (end >= buffer.length) return null;
      tokens.push({ kind: 'atom', value: buffer.subarray(pos, end).toString('utf8') });
      pos = end;
    }
  }
  return null;
}

function quotedEnd(buffer: Buffer, from: number): number {
  for (let i = from; i < buffer.length; i++) {
    if (buffer[i] === 0x5c) i++;
    else if (buffer[i] === 0x22) return i;
  }
  return -1;
}

function codeEnd(buffer: Buffer, from: number): number {
  for (let i = from; i < buffer.length; i++) {
    if (buffer[i] === 0x22) {
      i = quotedEnd(buffer, i + 1);
      if (i < 0) return -1;
    } else if (buffer[i] === 0x29) return i;
  }
  return -1;
}

function unquote(value: string): string {
  return value.replace(/\\([\\"])/g, '$1');
}

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** A non-synchronising literal (`{n+}`, required of every server by RFC 5804): any content, counted in octets. */
function literal(value: string): string {
  return `{${Buffer.byteLength(value, 'utf8')}+}\r\n${value}`;
}
