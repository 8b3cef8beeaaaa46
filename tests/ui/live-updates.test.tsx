import { useQuery } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { ERROR_TEXTS } from '../../shared/errors';
import { AppProvider } from '../../web/app/provider';
import { useFolders } from '../../web/lib/folders-query';
import { messageWindowQueryOptions } from '../../web/features/mail/api/get-message-window';
import { useLiveUpdates } from '../../web/features/mail/api/live-updates';
import { setCsrfToken } from '../../web/lib/api-client';
import { createQueryClient } from '../../web/lib/query-client';
import { makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi, type FakeApi } from './fake-api';
import { renderApp } from './render';

/** Stands in for the browser's EventSource: the test plays the server's part. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  readyState = FakeEventSource.CONNECTING;

  constructor(readonly url: string | URL) {
    super();
    FakeEventSource.instances.push(this);
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }

  open(): void {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  send(event: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent(event, { data: typeof data === 'string' ? data : JSON.stringify(data) }));
  }

  /** The connection broke; `willRetry` false is what a browser does after an HTTP error answer. */
  fail(willRetry: boolean): void {
    this.readyState = willRetry ? FakeEventSource.CONNECTING : FakeEventSource.CLOSED;
    this.dispatchEvent(new Event('error'));
  }
}

function latestSource(): FakeEventSource {
  const source = FakeEventSource.instances.at(-1);
  if (!source) throw new Error('no EventSource was opened');
  return source;
}

function WindowProbe({ folder }: { folder: string }) {
  const rows = useQuery(messageWindowQueryOptions({ folder, page: 0 }));
  return (
    <ul aria-label={`${folder} rows`}>
      {rows.data?.items.map((item) => (
        <li key={item.uid}>{item.subject}</li>
      ))}
    </ul>
  );
}

/** What the mail page shows that live updates must keep fresh: folder counts and the rows of two folders. */
function LiveMail() {
  useLiveUpdates();
  const folders = useFolders();
  return (
    <>
      <p>{folders.data?.folders.map((f) => `${f.name} (${f.unread})`).join(', ')}</p>
      <WindowProbe folder="INBOX" />
      <WindowProbe folder="Sent" />
    </>
  );
}

/** `inMail` false stands for another section (Settings, Contacts): Mail and its stream are unmounted, the cache stays. */
function renderLive(api: FakeApi) {
  vi.stubGlobal('fetch', api.fetch);
  vi.stubGlobal('EventSource', FakeEventSource);
  setCsrfToken(null);
  const queryClient = createQueryClient({ queries: { retry: false }, mutations: { retry: false } });
  const location = memoryLocation({ path: '/mail', record: true });
  const tree = (inMail: boolean) => (
    <Router hook={location.hook} searchHook={location.searchHook}>
      <AppProvider queryClient={queryClient}>{inMail && <LiveMail />}</AppProvider>
    </Router>
  );
  const view = render(tree(true));
  return { ...view, showMail: (inMail: boolean) => view.rerender(tree(inMail)), currentPath: () => location.history.at(-1) };
}

function windowCalls(api: FakeApi, folder: string): number {
  return api.callsTo('GET', '/api/messages').filter((call) => call.query.get('folder') === folder).length;
}

function mailbox() {
  return createFakeApi({
    folders: makeSpecialFolders({ inbox: { unread: 0, total: 1 } }),
    messages: { INBOX: [makeSummary({ uid: 1, subject: 'Old news' })], Sent: [makeSummary({ uid: 7, subject: 'My reply' })] },
  });
}

afterEach(() => {
  FakeEventSource.instances = [];
});

describe('live updates', () => {
  it('listens to /api/events while mounted, and stops when unmounted', async () => {
    const { unmount } = renderLive(mailbox());
    await screen.findByText('Old news');
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(String(latestSource().url)).toBe('/api/events');

    unmount();
    expect(latestSource().readyState).toBe(FakeEventSource.CLOSED);
  });

  it('shows new mail when the server says INBOX changed, and leaves other folders alone', async () => {
    const api = mailbox();
    renderLive(api);
    await screen.findByText('Old news');
    await screen.findByText('My reply');
    latestSource().open();
    const sentBefore = windowCalls(api, 'Sent');

    api.state.messages.INBOX = [makeSummary({ uid: 2, subject: 'Just arrived', flags: { seen: false } }), makeSummary({ uid: 1, subject: 'Old news' })];
    api.state.folders = makeSpecialFolders({ inbox: { unread: 1, total: 2 } });
    act(() => latestSource().send('folders-changed', { folders: ['INBOX'] }));

    expect(await screen.findByText('Just arrived')).toBeTruthy();
    expect(await screen.findByText(/Inbox \(1\)/)).toBeTruthy();
    expect(windowCalls(api, 'Sent')).toBe(sentBefore);
  });

  it('refetches the folders it is told about, and only those', async () => {
    const api = mailbox();
    renderLive(api);
    await screen.findByText('My reply');
    const [inboxBefore, foldersBefore] = [windowCalls(api, 'INBOX'), api.callsTo('GET', '/api/folders').length];

    api.state.messages.Sent = [makeSummary({ uid: 8, subject: 'Sent from my phone' })];
    act(() => latestSource().send('folders-changed', { folders: ['Sent'] }));

    expect(await screen.findByText('Sent from my phone')).toBeTruthy();
    await waitFor(() => expect(api.callsTo('GET', '/api/folders').length).toBe(foldersBefore + 1));
    expect(windowCalls(api, 'INBOX')).toBe(inboxBefore);
  });

  it('ignores an event it cannot read', async () => {
    const api = mailbox();
    renderLive(api);
    await screen.findByText('Old news');
    const before = api.calls.length;
    act(() => {
      latestSource().send('folders-changed', 'not json');
      latestSource().send('folders-changed', { folders: 'INBOX' });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.calls.length).toBe(before);
  });

  it('catches up after the stream was down, since changes meanwhile were never pushed', async () => {
    const api = mailbox();
    renderLive(api);
    await screen.findByText('My reply');
    latestSource().open();
    const [inboxBefore, sentBefore] = [windowCalls(api, 'INBOX'), windowCalls(api, 'Sent')];

    act(() => latestSource().fail(true));
    act(() => latestSource().open());

    await waitFor(() => expect(windowCalls(api, 'INBOX')).toBe(inboxBefore + 1));
    expect(windowCalls(api, 'Sent')).toBe(sentBefore + 1);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('catches up when Mail is shown again after another section, though the cached rows are recent', async () => {
    const api = mailbox();
    const { showMail } = renderLive(api);
    await screen.findByText('Old news');
    latestSource().open();
    const inboxBefore = windowCalls(api, 'INBOX');

    showMail(false);
    expect(latestSource().readyState).toBe(FakeEventSource.CLOSED);
    showMail(true);
    // The cache still shows what was there; the new stream's opening brings the news.
    expect(screen.getByText('Old news')).toBeTruthy();
    act(() => latestSource().open());
    await waitFor(() => expect(windowCalls(api, 'INBOX')).toBe(inboxBefore + 1));
  });

  it('does not fetch again what the first visit has just fetched when its stream opens', async () => {
    const api = mailbox();
    renderLive(api);
    await screen.findByText('Old news');
    const calls = api.calls.length;
    act(() => latestSource().open());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.calls.length).toBe(calls);
  });

  it('shows the sign-in page with the reason when the stream says the session ended', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const { currentPath, queryClient } = renderApp({ api: mailbox() });
    await screen.findByRole('option', { name: /Old news/ });
    act(() => latestSource().open());

    act(() => latestSource().send('session-ended', { reason: 'password-changed' }));

    expect(await screen.findByText(ERROR_TEXTS.passwordChanged)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(currentPath()).toBe('/sign-in?ended=password-changed');
    expect(screen.queryByText('Old news')).toBeNull();
    expect(queryClient.getQueryCache().findAll({ queryKey: ['mail'] })).toHaveLength(0);
    expect(latestSource().readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('says the session ended when the stream gives no reason it knows', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const { currentPath } = renderApp({ api: mailbox() });
    await screen.findByRole('option', { name: /Old news/ });
    act(() => latestSource().open());

    act(() => latestSource().send('session-ended', { reason: 'gremlins' }));

    expect(await screen.findByText(ERROR_TEXTS.sessionExpired)).toBeTruthy();
    expect(currentPath()).toBe('/sign-in?ended=ended');
  });

  it('opens the stream again later when the browser gave up on it', async () => {
    const api = mailbox();
    renderLive(api);
    await screen.findByText('Old news');
    const foldersBefore = api.callsTo('GET', '/api/folders').length;
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');

    act(() => latestSource().fail(false));
    // Asking for the folders is how a 401 behind the failure would come to light.
    await waitFor(() => expect(api.callsTo('GET', '/api/folders').length).toBe(foldersBefore + 1));
    expect(FakeEventSource.instances).toHaveLength(1);

    const reopen = setTimeoutSpy.mock.calls.find(([, delay]) => delay === 15_000)?.[0];
    expect(reopen).toBeTypeOf('function');
    act(() => (reopen as () => void)());
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(latestSource().readyState).toBe(FakeEventSource.CONNECTING);
  });
});
