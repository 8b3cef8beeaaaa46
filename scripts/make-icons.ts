import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../tests/support/browser';
import { REPO_DIR } from '../tests/support/stack';

/**
 * Draws the installed app's icons (web/public/icons) from one SVG: the tern of
 * the application bar, white on Tern's blue. "Maskable" icons keep the bird
 * inside the middle 80 %, where every platform's mask leaves it whole.
 * Run after changing the drawing: node --import tsx scripts/make-icons.ts
 */
const BIRD = 'M2 13c5-1 8-4 10-9 1 4 4 7 10 8-6 1-8 3-9 8-1-4-5-6-11-7z';

function iconSvg(maskable: boolean): string {
  const corner = maskable ? 0 : 22;
  const scale = maskable ? 2.6 : 3.4;
  const offset = (100 - 24 * scale) / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">` +
    `<rect width="100" height="100" rx="${corner}" fill="#2563c9"/>` +
    `<path d="${BIRD}" fill="#fff" transform="translate(${offset} ${offset}) scale(${scale})"/></svg>`
  );
}

const OUT = path.join(REPO_DIR, 'web/public/icons');
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'icon.svg'), iconSvg(false));
const browser = await launchChromium();
const page = await browser.newPage();
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
] as const) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${iconSvg(maskable)}`);
  await page.screenshot({ path: path.join(OUT, name), omitBackground: true });
}
await browser.close();
