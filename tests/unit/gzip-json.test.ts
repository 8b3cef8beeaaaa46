// API answers on the wire: JSON gzipped when the browser accepts it and it is
// worth it; everything else untouched (server/http/gzip-json.ts).
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { gzipJson } from '../../server/http/gzip-json';

const rows = Array.from({ length: 50 }, (_, index) => ({ uid: index + 1, subject: `Quarterly report ${index}`, from: 'ada@mt-example.com' }));

const app = new Hono()
  .use(gzipJson)
  .get('/list', (c) => c.json({ items: rows }, 200, { 'cache-control': 'no-store', 'set-cookie': 'a=1' }))
  .get('/small', (c) => c.json({ ok: true }))
  .get('/refused', (c) => c.json({ message: 'x'.repeat(2000) }, 422))
  .get('/events', (c) => c.body('data: '.padEnd(3000, 'x'), 200, { 'content-type': 'text/event-stream' }));

const get = (path: string, acceptEncoding?: string) => app.request(path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('gzipped JSON answers', () => {
  it('gzips a message list for a browser that accepts gzip, keeping its status and headers', async () => {
    const response = await get('/list', 'gzip, deflate, br, zstd');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('set-cookie')).toBe('a=1');
    const wire = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(wire.length);
    expect(JSON.parse(gunzipSync(wire).toString())).toEqual({ items: rows });
    expect(wire.length).toBeLessThan(JSON.stringify({ items: rows }).length / 3);
  });

  it('gzips an error answer too', async () => {
    const response = await get('/refused', 'gzip');
    expect(response.status).toBe(422);
    expect(JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).message).toHaveLength(2000);
  });

  it('sends JSON as it is to a client that does not accept gzip, or refuses it by weight', async () => {
    for (const acceptEncoding of [undefined, 'br', 'gzip;q=0', 'gzip;q=0, *', 'identity']) {
      const response = await get('/list', acceptEncoding);
      expect(response.headers.get('content-encoding'), String(acceptEncoding)).toBeNull();
      expect(await response.json()).toEqual({ items: rows });
    }
    expect((await get('/list', '*')).headers.get('content-encoding')).toBe('gzip');
  });

  it('leaves a small answer and the event stream uncompressed', async () => {
    const small = await get('/small', 'gzip');
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: true });
    const events = await get('/events', 'gzip');
    expect(events.headers.get('content-encoding')).toBeNull();
    expect((await events.text()).length).toBe(3000);
  });
});
