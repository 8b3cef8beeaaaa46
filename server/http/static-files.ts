import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from './app-env';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The built SPA. Hashed assets are cached for good; index.html and the other
 * unhashed files are checked every time (`no-cache`), so a new build is seen
 * at once. `vite build` writes a brotli and a gzip copy of every text file
 * (vite.config.ts); the one the browser accepts is sent as it is, never
 * compressed per request. Every other path that is not an API address gets
 * index.html, so a reload on /mail works.
 */
export function staticFiles(root: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const indexPath = path.join(root, 'index.html');
  app.use('*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', c.req.path.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
  });
  app.use('*', serveStatic({ root, precompressed: true }));
  // A hashed file that is not there (a tab left open across a deploy) is missing, not the app.
  app.get('/assets/*', (c) => c.notFound());
  // The static sign-in form posts here only when the page's scripts are off (boot.js keeps the
  // submit otherwise): back to the page, which says Tern needs JavaScript; the password is never read.
  app.post('/sign-in', (c) => c.redirect('/sign-in', 303));
  app.get('*', (c) => {
    if (!fs.existsSync(indexPath)) return c.text('The web app is not built: run `npm run build`.', 503);
    return c.html(fs.readFileSync(indexPath, 'utf8'));
  });
  return app;
}
