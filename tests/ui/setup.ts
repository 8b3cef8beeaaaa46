import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll, expect, vi } from 'vitest';
import { preloadSignedInApp } from '../../web/app/routes';
import { preloadMailPageCode } from '../../web/features/mail/components/preload-mail-code';
import { takeContractViolations } from './fake-api';

// jsdom does no layout: every box measures 0×0, and a virtualised list with a
// 0-pixel viewport shows no rows at all. Give boxes the size of a small
// screen, so the list renders what a user would see in its first screenful.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 });
// …and does not scroll; the virtualiser only needs the calls to exist.
Element.prototype.scrollTo ??= function scrollTo() {};
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
// …and has no EventSource. The mail page opens one for live updates; where a
// test does not play the server's part (live-updates.test.tsx does), the stream stays silent.
globalThis.EventSource ??= class SilentEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readonly readyState = 0;
  readonly withCredentials = false;
  onopen = null;
  onmessage = null;
  onerror = null;
  constructor(readonly url: string) {
    super();
  }
  close() {}
} as unknown as typeof EventSource;

// The signed-in app is a chunk of its own, fetched at idle while the sign-in page
// is up; a browser has it by the time it is needed. Here the first import
// transforms the whole mail feature, longer than a findBy waits: load it first.
// The mail page fetches its reader, menus and dialogs at idle; a file that ends
// before that import settles fails at teardown, so have them here from the start.
beforeAll(() => Promise.all([preloadSignedInApp(), preloadMailPageCode()]));

afterEach(() => {
  // What the SPA sent that the BFF would refuse, or an error answer the BFF never gives.
  expect(takeContractViolations()).toEqual([]);
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.sessionStorage.clear();
  window.localStorage.clear();
});
