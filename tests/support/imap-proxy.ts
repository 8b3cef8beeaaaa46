import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP relay in front of the test stack's Dovecot (plain IMAP), for a
 * BFF started with `TERN_IMAP_PORT` set to its port. It counts what the server
 * sees of the BFF: LOGINs, and connections in use at once. A connection stops
 * counting as soon as it is finished for the server (the client sent LOGOUT,
 * or the server refused its login), which happens before the BFF can learn of
 * it and open another: so `maxInUse` never overstates what the BFF held. It
 * can also drop a connection at the moment the server says something.
 */
export class ImapProxy {
  logins = 0;
  inUse = 0;
  maxInUse = 0;
  private dropWhen: RegExp | null = null;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.relay(client));
  }

  static async start(target: { host: string; port: number }): Promise<ImapProxy> {
    const proxy = new ImapProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The next server response matching `pattern` is not passed on: both sides of that connection are cut instead. */
  dropOnceServerSays(pattern: RegExp): void {
    this.dropWhen = pattern;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    let counted = true;
    let loginTag: string | null = null;
    this.inUse++;
    this.maxInUse = Math.max(this.maxInUse, this.inUse);
    const finished = () => {
      if (!counted) return;
      counted = false;
      this.inUse--;
    };

    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      const login = /^(\S+) (?:LOGIN|AUTHENTICATE) /im.exec(text);
      if (login) {
        this.logins++;
        loginTag = login[1]!;
      }
      if (/^\S+ LOGOUT\r?\n/im.test(text)) finished();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (this.dropWhen?.test(text)) {
        this.dropWhen = null;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (loginTag && new RegExp(`^${escapeRegExp(loginTag)} (?:NO|BAD) `, 'm').test(text)) finished();
      client.write(chunk);
    });
    const end = () => {
      finished();
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
