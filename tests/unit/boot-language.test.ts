// @vitest-environment jsdom
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * index.html's static sign-in form is drawn before any of the app's code: boot.js
 * translates it for a German or Arabic browser. Its few texts must be the session
 * catalog's (what the app's sign-in page shows a moment later), keyed by the
 * English that index.html holds.
 */

const ROOT = path.resolve(__dirname, '../..');
const indexHtml = fs.readFileSync(path.join(ROOT, 'web/index.html'), 'utf8');
const bootScript = fs.readFileSync(path.join(ROOT, 'web/public/boot.js'), 'utf8');
const staticForm = /<main class="sign-in" id="static-sign-in">[\s\S]*?<\/main>/.exec(indexHtml)![0];

function sessionCatalog(language: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'web/locales', language, 'session.json'), 'utf8')) as Record<string, string>;
}

/** The texts the static form shows once scripts run (the "needs JavaScript" line is hidden then). */
function shownTexts(): string[] {
  return [...document.querySelectorAll('#static-sign-in p:not(.static-sign-in-no-script), #static-sign-in label, #static-sign-in button')].map((element) => element.textContent!.trim());
}

/** boot.js as the browser runs it: in <head>, before the parser has reached the form. */
async function bootAndParse(): Promise<void> {
  document.body.innerHTML = '';
  new Function(bootScript)();
  document.body.innerHTML = staticForm;
  // The observer's callback: a microtask after the parser's insertion.
  await Promise.resolve();
}

const englishTexts = (() => {
  document.body.innerHTML = staticForm;
  return shownTexts();
})();

beforeEach(() => {
  window.history.replaceState(null, '', '/sign-in');
  vi.stubGlobal('matchMedia', () => ({ matches: false }));
});

afterEach(() => {
  window.localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.documentElement.removeAttribute('lang');
  document.documentElement.removeAttribute('dir');
});

describe('boot.js: the static sign-in form in the start language', () => {
  it('index.html holds the English of the app’s sign-in page', () => {
    expect(englishTexts).toEqual(['Sign in to your mail', 'Email address', 'Password', 'Sign in']);
  });

  for (const language of ['de', 'ar']) {
    it(`shows the session catalog’s ${language} texts when ${language} was the last choice on this browser`, async () => {
      window.localStorage.setItem('tern:language', language);
      await bootAndParse();
      const catalog = sessionCatalog(language);
      expect(shownTexts()).toEqual(englishTexts.map((english) => catalog[english]));
      expect(document.documentElement.lang).toBe(language);
      expect(document.documentElement.dir).toBe(language === 'ar' ? 'rtl' : 'ltr');
    });
  }

  it('follows the browser’s languages when nothing was chosen (first one Tern speaks)', async () => {
    vi.spyOn(window.navigator, 'languages', 'get').mockReturnValue(['fr-FR', 'de-AT', 'en']);
    await bootAndParse();
    expect(shownTexts()).toEqual(englishTexts.map((english) => sessionCatalog('de')[english]));
  });

  it('stays English for an English choice, even in a German browser', async () => {
    vi.spyOn(window.navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    window.localStorage.setItem('tern:language', 'en');
    await bootAndParse();
    expect(shownTexts()).toEqual(englishTexts);
    expect(document.documentElement.lang).toBe('en');
  });
});
