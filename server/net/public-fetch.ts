import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { translatable } from '../../shared/translatable';

/**
 * Every request the BFF makes to an address taken from a message (one-click
 * unsubscribe, the image proxy) goes through here, because the address is
 * chosen by whoever sent the mail: without this guard a message could make
 * the BFF reach the mail stack, the database or a cloud metadata service on
 * its behalf (SSRF).
 *
 * The rules: only the schemes the caller names; the host is resolved here and
 * every address it resolves to must be public unicast (ipaddr.js `range()` is
 * "unicast": not loopback, private, link-local (169.254.169.254, the metadata
 * service, is link-local), unique-local, CGNAT, reserved, multicast, IPv4
 * embedded in IPv6 …); the connection goes to the address checked (a pinned
 * `lookup`, so a second DNS answer cannot swap it: DNS rebinding); each
 * redirect is a new request checked the same way; no cookies, no Referer, no
 * client address, a fixed User-Agent; connect and total time limits; the
 * answer is read up to a byte limit and the stream is cut past it.
 */

export type FetchRefusal = 'scheme' | 'address' | 'dns' | 'timeout' | 'too_large' | 'redirects' | 'network';

export class PublicFetchError extends Error {
  constructor(
    readonly reason: FetchRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface PublicFetchOptions {
  /**
   * CIDR ranges allowed besides public unicast. Only tests pass this (their
   * HTTPS server listens on 127.0.0.1); nothing in the configuration reaches
   * it, so a deployment can never allow private ranges.
   */
  testOnlyAllowedRanges?: string[];
  /** Host name → addresses. Default: the system resolver, every address. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Extra trusted CA (tests' self-signed server); default: Node's bundle. */
  ca?: string | Buffer;
}

export interface FetchRequest {
  method?: 'GET' | 'POST';
  /** Sent as is with its Content-Type (POST only). */
  body?: { contentType: string; data: string };
  accept: string;
  /** Schemes allowed, on the first request and on every redirect. */
  protocols: ReadonlyArray<'https:' | 'http:'>;
  maxBytes: number;
  /** 0: a redirect is an answer like any other, never followed. */
  maxRedirects: number;
  connectTimeoutMs: number;
  /** For the whole exchange, DNS and redirects included. */
  totalTimeoutMs: number;
}

export interface FetchAnswer {
  status: number;
  contentType: string | null;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
}

/** Says nothing about the user or Tern's version. */
export const PUBLIC_FETCH_USER_AGENT = 'Mozilla/5.0 (compatible; Tern mail fetcher)';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type ParsedAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** ::a.b.c.d, the deprecated IPv4-compatible form (RFC 4291 §2.5.5.1): ipaddr.js calls it unicast. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/** Public unicast only; an IPv4 address written as IPv6 (::ffff:a.b.c.d) is judged as the IPv4 it is. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) return false;
  return parsed.range() === 'unicast';
}

async function systemResolve(hostname: string): Promise<string[]> {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

export class PublicFetch {
  private readonly extraRanges: Array<[ParsedAddress, number]>;
  private readonly resolve: (hostname: string) => Promise<string[]>;
  private readonly ca: string | Buffer | undefined;

  constructor(options: PublicFetchOptions = {}) {
    this.extraRanges = (options.testOnlyAllowedRanges ?? []).map((cidr) => ipaddr.parseCIDR(cidr));
    this.resolve = options.resolve ?? systemResolve;
    this.ca = options.ca;
  }

  isAllowedAddress(address: string): boolean {
    if (isPublicAddress(address)) return true;
    if (!ipaddr.isValid(address)) return false;
    const parsed = ipaddr.process(address);
    return this.extraRanges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
  }

  async fetch(url: string, request: FetchRequest): Promise<FetchAnswer> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new PublicFetchError('timeout', 'The site did not answer in time.')), request.totalTimeoutMs);
    try {
      let target = url;
      let method = request.method ?? 'GET';
      let body = request.body;
      for (let hop = 0; ; hop++) {
        const answer = await this.once(target, { ...request, method, body }, deadline.signal);
        const location = answer.location;
        if (!REDIRECT_STATUSES.has(answer.status) || location === null || request.maxRedirects === 0) return answer;
        if (hop >= request.maxRedirects) throw new PublicFetchError('redirects', 'The site redirected too many times.');
        target = new URL(location, target).href;
        // As browsers do: 303 (and 301/302 after a POST) continue as a GET without the body.
        if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
      }
    } catch (error) {
      if (deadline.signal.aborted && deadline.signal.reason instanceof PublicFetchError) throw deadline.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Where a URL may be fetched from: the checked address to connect to, or a refusal. */
  async checkTarget(url: URL, protocols: FetchRequest['protocols']): Promise<string> {
    if (!(protocols as readonly string[]).includes(url.protocol)) {
      throw new PublicFetchError('scheme', `Only ${protocols.map((p) => p.replace(':', '')).join(' or ')} addresses are fetched.`);
    }
    if (url.username || url.password) throw new PublicFetchError('scheme', 'Addresses with a user name or password are not fetched.');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    if (ipaddr.isValid(host)) {
      addresses = [host];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch {
        throw new PublicFetchError('dns', `The name ${host} does not resolve.`);
      }
    }
    if (addresses.length === 0) throw new PublicFetchError('dns', `The name ${host} does not resolve.`);
    // Every answer must be public: a name that also resolves to an inside address is refused, whichever would be used.
    if (!addresses.every((address) => this.isAllowedAddress(address))) {
      throw new PublicFetchError('address', `${host} is not a public internet address.`);
    }
    return addresses[0] as string;
  }

  private async once(
    target: string,
    request: FetchRequest & { method: 'GET' | 'POST' },
    signal: AbortSignal,
  ): Promise<FetchAnswer & { location: string | null }> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new PublicFetchError('scheme', 'That is not a web address.');
    }
    const address = await this.checkTarget(url, request.protocols);
    signal.throwIfAborted();
    const family = ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4;
    // The connection goes to the address just checked, whatever DNS says by now.
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const isHttps = url.protocol === 'https:';
    const headers: Record<string, string> = {
      'User-Agent': PUBLIC_FETCH_USER_AGENT,
      Accept: request.accept,
      // No compressed answers: the byte limit counts what arrives, and nothing inflates it afterwards.
      'Accept-Encoding': 'identity',
      Connection: 'close',
    };
    if (request.body) {
      headers['Content-Type'] = request.body.contentType;
      headers['Content-Length'] = String(Buffer.byteLength(request.body.data));
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const options: https.RequestOptions = {
      protocol: url.protocol,
      hostname: host,
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers,
      lookup: pinned,
      agent: false,
      signal,
      ...(isHttps && { ca: this.ca, servername: ipaddr.isValid(host) ? undefined : host }),
    };

    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => reject(error instanceof PublicFetchError ? error : new PublicFetchError('network', networkMessage(error)));
      const req = (isHttps ? https : http).request(options, (res) => {
        const status = res.statusCode ?? 0;
        const location = REDIRECT_STATUSES.has(status) ? (res.headers.location ?? null) : null;
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > request.maxBytes) {
          res.destroy();
          reject(tooLarge(request.maxBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > request.maxBytes) {
            res.destroy(tooLarge(request.maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () =>
          resolve({ status, contentType: res.headers['content-type'] ?? null, body: Buffer.concat(chunks), url: url.href, location }),
        );
      });
      req.on('socket', (socket) => {
        const connectTimer = setTimeout(
          () => req.destroy(new PublicFetchError('timeout', 'The site did not accept a connection in time.')),
          request.connectTimeoutMs,
        );
        socket.once(isHttps ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
        socket.once('close', () => clearTimeout(connectTimer));
      });
      req.on('error', fail);
      req.end(request.body?.data);
    });
  }
}

function tooLarge(limit: number): PublicFetchError {
  return new PublicFetchError('too_large', `The site's answer is larger than ${limit} bytes.`);
}

function networkMessage(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return translatable('The site refused the connection.');
  if (typeof code === 'string' && (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT')) {
    return translatable('The site\'s certificate is not valid.');
  }
  return translatable('The site could not be reached.');
}
