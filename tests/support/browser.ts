import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (a test tool's own browser download cannot work here), with
 * flags that work headless as root. Playwright gives every launch a fresh profile.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
