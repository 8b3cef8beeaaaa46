import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A name only the tests' injected resolver knows; the certificate covers it. */
export const PINNED_TEST_HOST = 'pinned.tern-test.invalid';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  remoteAddress: string | undefined;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface HttpsTestServer {
  /** https://127.0.0.1:<port> */
  origin: string;
  port: number;
  /** PEM of the self-signed certificate: the CA the BFF under test is given. */
  ca: string;
  received: ReceivedRequest[];
  /** Answers for a path (exact, without the query); unknown paths get 404. */
  on(path: string, handler: Handler): void;
  close(): Promise<void>;
}

let certificate: { key: string; cert: string } | null = null;

/** One self-signed certificate per test process (openssl, as on every Debian machine). */
function testCertificate(): { key: string; cert: string } {
  if (certificate) return certificate;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tern-https-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', `subjectAltName=DNS:localhost,DNS:${PINNED_TEST_HOST},IP:127.0.0.1`,
    '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'ignore' });
  certificate = { key: fs.readFileSync(keyPath, 'utf8'), cert: fs.readFileSync(certPath, 'utf8') };
  fs.rmSync(dir, { recursive: true, force: true });
  return certificate;
}

/** A remote web site stand-in on loopback: records every request it receives. */
export async function startHttpsTestServer(): Promise<HttpsTestServer> {
  const { key, cert } = testCertificate();
  const handlers = new Map<string, Handler>();
  const received: ReceivedRequest[] = [];
  const server = https.createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const requestPath = (req.url ?? '/').split('?')[0] ?? '/';
      received.push({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body, remoteAddress: req.socket.remoteAddress });
      const handler = handlers.get(requestPath);
      if (handler) handler(req, res, body);
      else res.writeHead(404).end('not here');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    ca: cert,
    received,
    on: (handlerPath, handler) => void handlers.set(handlerPath, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A real 2×2 PNG (a browser must be able to draw it). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4nGOQj9//H4QZYAwASoII8Y2EeBAAAAAASUVORK5CYII=',
  'base64',
);
