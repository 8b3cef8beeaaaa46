import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from './app-env';

/**
 * The built SPA. Hashed assets are cached for good; every other path that is
 * not an API address gets index.html, so a reload on /mail works.
 */
export function staticFiles(root: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const indexPath = path.join(root, 'index.html');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root }));
  app.get('*', (c) => {
    if (!fs.existsSync(indexPath)) return c.text('The web app is not built: run `npm run build`.', 503);
    c.header('Cache-Control', 'no-cache');
    return c.html(fs.readFileSync(indexPath, 'utf8'));
  });
  return app;
}
