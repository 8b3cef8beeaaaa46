import { performance } from 'node:perf_hooks';
import { ImapFlow } from 'imapflow';

/**
 * Records the IMAP work of the BFF's imapflow clients while a trace is open:
 * every command (send → tagged answer, response parsing included) and every
 * connect() (TCP, greeting and the whole login handshake). Wraps
 * ImapFlow.prototype.exec and .connect; the wrappers cost a closure and two
 * clock reads each.
 */

export interface TracedCommand {
  /** An IMAP command name, or CONNECT for a whole connect(). */
  command: string;
  ms: number;
}

/** Commands imapflow sends inside connect(): already counted in CONNECT. */
const HANDSHAKE = new Set(['CAPABILITY', 'ID', 'LOGIN', 'AUTHENTICATE', 'NAMESPACE', 'ENABLE', 'COMPRESS', 'STARTTLS']);

type Method = (this: unknown, ...args: unknown[]) => Promise<unknown>;

let current: TracedCommand[] | null = null;
let installed = false;

function wrap(proto: Record<string, unknown>, method: string, nameOf: (args: unknown[]) => string): void {
  const original = proto[method] as Method;
  proto[method] = function traced(this: unknown, ...args: unknown[]) {
    const trace = current;
    const started = performance.now();
    const result = original.apply(this, args);
    if (!trace) return result;
    const record = () => void trace.push({ command: nameOf(args), ms: performance.now() - started });
    return result.then(
      (value) => {
        record();
        return value;
      },
      (err: unknown) => {
        record();
        throw err;
      },
    );
  };
}

export function installImapTrace(): void {
  if (installed) return;
  installed = true;
  const proto = ImapFlow.prototype as unknown as Record<string, unknown>;
  wrap(proto, 'exec', (args) => String(args[0]));
  wrap(proto, 'connect', () => 'CONNECT');
}

/** Runs `run` with a fresh trace and returns what it sent; LOGOUTs of connections the pool retires are left out. */
export async function traced(run: () => Promise<void>): Promise<TracedCommand[]> {
  const trace: TracedCommand[] = [];
  current = trace;
  try {
    await run();
  } finally {
    current = null;
  }
  return trace.filter((entry) => entry.command !== 'LOGOUT');
}

/** Time spent waiting for IMAP: connects plus the commands outside them. */
export function imapMs(trace: readonly TracedCommand[]): number {
  return trace.reduce((sum, entry) => sum + (HANDSHAKE.has(entry.command) ? 0 : entry.ms), 0);
}

/** "connect(5 cmds), LIST, SELECT, UID SORT, UID FETCH": entries are recorded as they finish, so CONNECT follows its commands. */
export function describe(trace: readonly TracedCommand[]): string {
  const parts: string[] = [];
  let handshake = 0;
  for (const { command } of trace) {
    if (HANDSHAKE.has(command)) handshake++;
    else if (command === 'CONNECT') {
      parts.push(`connect(${handshake} cmds)`);
      handshake = 0;
    } else parts.push(command);
  }
  return parts.join(', ') || '(none)';
}
