// The built web app as the BFF serves it (issue 14): the compressed copy the
// browser accepts, written once at build, and caching that never serves a
// stale index.html but never asks again for a hashed file.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCompressedCopies } from '../../scripts/build/precompress';
import { startBff, type RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that leaves the body as sent (fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('static files', () => {
  let bff: RunningBff;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tern-static-'));
  const script = `export const rows = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `message ${i}`))};\n`;
  const scriptPath = '/assets/index-Ab12Cd34.js';

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>Tern</title><script type="module" src="${scriptPath}"></script>`);
    fs.writeFileSync(path.join(dir, scriptPath), script);
    fs.writeFileSync(path.join(dir, 'assets/logo-Ef56Gh78.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await writeCompressedCopies(dir, ['index.html', scriptPath.slice(1), 'assets/logo-Ef56Gh78.png']);
    bff = await startBff({ TERN_STATIC_DIR: dir });
  });
  afterAll(async () => {
    await bff?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends a hashed script brotli-compressed to a browser that accepts it, cached for good', async () => {
    const response = await rawGet(bff.url + scriptPath, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers.vary).toMatch(/Accept-Encoding/i);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body.length).toBeLessThan(script.length / 3);
    expect(zlib.brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it('sends gzip where brotli is not accepted, and the file itself where nothing is', async () => {
    const gzipped = await rawGet(bff.url + scriptPath, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzipped.body).toString()).toBe(script);

    const plain = await rawGet(bff.url + scriptPath, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves files that do not compress as they are', async () => {
    const image = await rawGet(`${bff.url}/assets/logo-Ef56Gh78.png`, { 'accept-encoding': 'br, gzip' });
    expect(image.status).toBe(200);
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'assets/logo-Ef56Gh78.png.br'))).toBe(false);
  });

  it('has the browser check index.html every time, at / and at an app address', async () => {
    for (const address of ['/', '/mail', '/index.html']) {
      const response = await rawGet(bff.url + address, { 'accept-encoding': 'br, gzip' });
      expect(response.status, address).toBe(200);
      expect(response.headers['cache-control'], address).toBe('no-cache');
      expect(response.headers['content-type'], address).toMatch(/text\/html/);
    }
  });

  it('sends a sign-in posted without scripts back to the sign-in page (303), reading nothing of it', async () => {
    const posted = await fetch(`${bff.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=joy%40mt-example.com&password=secret',
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/sign-in');
  });

  it('answers 404 for a missing asset, neither the app nor cached for good', async () => {
    const missing = await rawGet(`${bff.url}/assets/gone-00000000.js`, { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/text\/html/);
    expect(missing.headers['cache-control'] ?? '').not.toMatch(/immutable/);
  });
});

describe('API answers on the wire', () => {
  it('sends a message list gzipped to a browser that accepts it, and as it is to one that does not', async () => {
    const { bff, api, imap } = await signedInUser('wire');
    try {
      for (let i = 0; i < 20; i++) {
        await imap.append('INBOX', `From: Ada <ada@mt-example.com>\r\nSubject: Report number ${i}\r\nMessage-ID: <wire-${i}-${Date.now()}@tern.test>\r\n\r\nHello.\r\n`);
      }
      const path = '/api/messages?folder=INBOX&offset=0&limit=50&sort=date&order=desc';
      const gzipped = await rawGet(bff.url + path, { cookie: api.cookie!, 'accept-encoding': 'gzip, deflate, br' });
      const plain = await rawGet(bff.url + path, { cookie: api.cookie!, 'accept-encoding': 'identity' });
      expect(gzipped.status).toBe(200);
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
      expect(JSON.parse(zlib.gunzipSync(gzipped.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    } finally {
      await imap.logout();
      await bff.close();
    }
  });
});
