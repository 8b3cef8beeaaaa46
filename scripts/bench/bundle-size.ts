import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { REPO_DIR } from './bench-stack';

/**
 * The JavaScript a browser must download before the SPA can render: the
 * scripts of dist/web/index.html (the entry module, the classic boot script)
 * and every module it preloads, each
 * gzipped at level 9 (what a static server with precompressed files sends).
 */

export interface BundleFile {
  file: string;
  rawBytes: number;
  gzipBytes: number;
  /** The .br copy the BFF sends (scripts/build/precompress.ts); the file itself where there is none. */
  brotliBytes: number;
}

export interface BundleReport {
  built: boolean;
  files: BundleFile[];
  totalGzipBytes: number;
  totalBrotliBytes: number;
}

const DIST = path.join(REPO_DIR, 'dist/web');
/** Sources whose change makes dist/web stale. */
const SOURCES = ['web', 'shared', 'vite.config.ts', 'package-lock.json'];

export function initialJs(log: (line: string) => void): BundleReport {
  const index = path.join(DIST, 'index.html');
  let built = false;
  const stale = !fs.existsSync(index) || newestMtime(SOURCES.map((s) => path.join(REPO_DIR, s))) > fs.statSync(index).mtimeMs;
  if (stale) {
    log('dist/web is missing or older than the sources: npx vite build');
    const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: REPO_DIR, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
    built = true;
  }
  const html = fs.readFileSync(index, 'utf8');
  const urls = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = /\bsrc=["']([^"']+)["']/.exec(tag)?.[1];
    if (src) urls.add(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    if (/\brel=["']?modulepreload/.test(tag)) {
      const href = /\bhref=["']([^"']+)["']/.exec(tag)?.[1];
      if (href) urls.add(href);
    }
  }
  if (urls.size === 0) throw new Error('dist/web/index.html names no script');
  const files = [...urls].map((url) => {
    const file = path.join(DIST, url.replace(/^\//, ''));
    const content = fs.readFileSync(file);
    return {
      file: url,
      rawBytes: content.length,
      gzipBytes: zlib.gzipSync(content, { level: 9 }).length,
      brotliBytes: fs.existsSync(`${file}.br`) ? fs.statSync(`${file}.br`).size : content.length,
    };
  });
  return {
    built,
    files,
    totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    totalBrotliBytes: files.reduce((sum, f) => sum + f.brotliBytes, 0),
  };
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) if (entry !== 'node_modules') visit(path.join(p, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}
