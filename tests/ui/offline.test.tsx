import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendRequest } from '../../shared/api/compose';
import { mailKeys } from '../../web/lib/mail-keys';
import { useComposeIntent } from '../../web/lib/compose-intent';
import { browserOutbox } from '../../web/lib/offline/browser-outbox';
import { readingCache } from '../../web/lib/offline/reading-cache';
import { makeDetail, makeSession, makeSummary } from './builders';
import { apiError, createFakeApi, json, type FakeApi } from './fake-api';
import { renderApp } from './render';

const JOY = 'joy@mt-example.com';

function mailbox(email = JOY): FakeApi {
  return createFakeApi({
    session: makeSession({ email }),
    messages: {
      INBOX: [
        makeSummary({ uid: 3, subject: 'Never opened' }),
        makeSummary({ uid: 2, subject: 'Ferry times' }),
        makeSummary({ uid: 1, subject: 'Lunch on Friday' }),
      ],
    },
    details: [
      makeDetail({ uid: 1, subject: 'Lunch on Friday', text: 'Shall we meet at noon?' }),
      makeDetail({ uid: 2, subject: 'Ferry times', text: 'The last ferry leaves at 22:10.' }),
      makeDetail({ uid: 3, subject: 'Never opened', text: 'You have not read me.' }),
    ],
  });
}

/** The BFF cannot be reached for mail: fetch fails as it does without a network. */
function cutMailOff(api: FakeApi): void {
  const unreachable = () => Promise.reject(new TypeError('Failed to fetch'));
  for (const route of ['GET /api/folders', 'GET /api/messages', 'GET /api/messages/1', 'GET /api/messages/2', 'GET /api/messages/3']) api.on(route, unreachable);
}

/** This machine is loaded: what waits on IndexedDB or a lazy chunk gets more than findBy's second. */
const SLOW = { timeout: 5000 };
const findRow = (subject: RegExp) => screen.findByRole('option', { name: subject }, SLOW);

/** Opens two messages online, and waits until the device has kept them. */
async function readTwoMessages(api: FakeApi) {
  const view = renderApp({ api });
  await view.user.click(await findRow(/Lunch on Friday/));
  await screen.findByText('Shall we meet at noon?');
  await view.user.click(await findRow(/Ferry times/));
  await screen.findByText('The last ferry leaves at 22:10.');
  await waitFor(async () => expect(await readingCache.get('message', mailKeys.detail('INBOX', 2), JOY)).toBeDefined());
  return view;
}

function setBrowserOnline(online: boolean): void {
  vi.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(online);
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('offline reading', { timeout: 30_000 }, () => {
  beforeEach(async () => {
    useComposeIntent.getState().close();
    await readingCache.wipe();
    for (const user of [JOY, 'max@mt-example.com']) await browserOutbox.wipe(user);
  });

  it('shows the list and the messages read before from this device when the server cannot be reached, under an "Offline" banner', async () => {
    await readTwoMessages(mailbox());
    cleanup();

    // A new page (no copies in memory) that cannot reach the BFF for mail.
    const api = mailbox();
    cutMailOff(api);
    const { user } = renderApp({ api });
    await findRow(/Lunch on Friday/);
    expect(await screen.findByText(/showing mail saved on this device; it may be out of date/)).toBeTruthy();
    expect(screen.getByText('Offline').closest('[role="status"]')).toBeTruthy();

    await user.click(screen.getByRole('option', { name: /Lunch on Friday/ }));
    expect(await screen.findByText('Shall we meet at noon?')).toBeTruthy();
    await user.click(screen.getByRole('option', { name: /Ferry times/ }));
    expect(await screen.findByText('The last ferry leaves at 22:10.')).toBeTruthy();
    await user.click(screen.getByRole('option', { name: /Never opened/ }));
    expect(await screen.findByText(/Not available offline: this message was not saved on this device/)).toBeTruthy();
    expect(screen.queryByText('You have not read me.')).toBeNull();
  });

  it('keeps what the page shows when a refetch cannot reach the server, rather than the older copy on the device', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow(/Never opened/));
    await waitFor(async () => expect(await readingCache.get('window', mailKeys.window('INBOX', { sort: 'date', order: 'desc' }, 0), JOY)).toBeDefined());
    const answer = api.hold('POST /api/messages/delete');
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('option', { name: /Never opened/ })).toBeNull());

    // The network goes just as the server confirms: the refetch that follows cannot reach it.
    cutMailOff(api);
    answer();
    expect(await screen.findByText('Offline', undefined, SLOW)).toBeTruthy();
    expect(screen.queryByRole('option', { name: /Never opened/ })).toBeNull();
    expect(screen.getByRole('option', { name: /Lunch on Friday/ })).toBeTruthy();
  });

  it('says "Offline" as soon as the browser loses its network, and no longer once it is back', async () => {
    const { user } = renderApp({ api: mailbox() });
    await findRow(/Lunch on Friday/);
    expect(screen.queryByText('Offline')).toBeNull();
    setBrowserOnline(false);
    expect(await screen.findByText('Offline')).toBeTruthy();
    setBrowserOnline(true);
    await user.click(screen.getByRole('option', { name: /Lunch on Friday/ }));
    await screen.findByText('Shall we meet at noon?');
    await waitFor(() => expect(screen.queryByText('Offline')).toBeNull());
  });

  it('never shows one user what another read on this device', async () => {
    await readTwoMessages(mailbox());
    cleanup();
    const api = mailbox('max@mt-example.com');
    cutMailOff(api);
    renderApp({ api });
    expect(await screen.findByText(/Not available offline: the folder list was not saved/, undefined, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByText(/Lunch on Friday/)).toBeNull();
    // And the other user's copies are gone from the device once someone else signed in.
    await waitFor(async () => expect(await readingCache.get('message', mailKeys.detail('INBOX', 1), JOY)).toBeUndefined());
  });

  it('wipes the copies at "Sign Out"', async () => {
    const { user, api } = await readTwoMessages(mailbox());
    api.state.session = null;
    await user.click(screen.getByRole('button', { name: 'Sign Out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    await waitFor(async () => expect(await readingCache.get('message', mailKeys.detail('INBOX', 1), JOY)).toBeUndefined());
    expect(await readingCache.get('message', mailKeys.detail('INBOX', 2), JOY)).toBeUndefined();
    expect(await readingCache.get('folders', mailKeys.folders(), JOY)).toBeUndefined();
  });

  it('wipes the copies when the server ends the session (a 401)', async () => {
    const { user, api, currentPath } = await readTwoMessages(mailbox());
    api.on('GET /api/messages/3', () => apiError(401, 'unauthenticated', 'Your session has ended.'));
    api.state.session = null;
    await user.click(screen.getByRole('option', { name: /Never opened/ }));
    await waitFor(() => expect(currentPath()).toBe('/sign-in?ended=ended'));
    await waitFor(async () => expect(await readingCache.get('message', mailKeys.detail('INBOX', 1), JOY)).toBeUndefined());
    expect(await readingCache.get('window', mailKeys.window('INBOX', { sort: 'date', order: 'desc' }, 0), JOY)).toBeUndefined();
  });
});

const sentEntry = (subject: string) => ({ id: crypto.randomUUID(), status: 'sent', dueAt: new Date().toISOString(), error: null, messageId: '<m@x>', subject });

/** A new message to Ada, its window open. */
async function newEmailToAda(user: ReturnType<typeof renderApp>['user']): Promise<HTMLElement> {
  await findRow(/Lunch on Friday/);
  await user.click(screen.getByRole('button', { name: 'New' }));
  await user.click(await screen.findByRole('menuitem', { name: 'New Email' }));
  await screen.findByRole('combobox', { name: 'To' }, { timeout: 5000 });
  const dialog = screen.getByRole('dialog', { name: 'New Email' });
  await user.type(within(dialog).getByRole('combobox', { name: 'To' }), 'ada@mt-example.com{Enter}');
  return dialog;
}

async function writeAndSend(user: ReturnType<typeof renderApp>['user'], subject: string) {
  const dialog = await newEmailToAda(user);
  await user.type(within(dialog).getByLabelText('Subject'), subject);
  await user.click(within(dialog).getByRole('button', { name: 'Send Email' }));
}

/** Joy's mailbox whose BFF cannot be reached for sending, and a message sent there, waiting in the browser. */
async function sendWithoutNetwork(subject: string) {
  const api = mailbox();
  api.on('POST /api/compose/send', () => Promise.reject(new TypeError('Failed to fetch')));
  const view = renderApp({ api });
  await writeAndSend(view.user, subject);
  await screen.findByText('Waiting for network', undefined, SLOW);
  return view;
}

describe('offline writing: the browser outbox', { timeout: 30_000 }, () => {
  beforeEach(async () => {
    useComposeIntent.getState().close();
    await readingCache.wipe();
    await browserOutbox.wipe(JOY);
  });

  it('keeps a message sent without a network, says it waits, and sends it once the network is back, with the same key', async () => {
    const api = mailbox();
    api.on('POST /api/compose/send', () => Promise.reject(new TypeError('Failed to fetch')));
    const { user } = renderApp({ api });
    await writeAndSend(user, 'Written offline');

    expect(await screen.findByText('Waiting for network', undefined, SLOW)).toBeTruthy();
    expect(screen.getByText(/“Written offline”/).closest('[role="status"]')).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'New Email' })).toBeNull();

    // The network is back; the first answer is lost on the way, so the next try must not send it twice.
    let stored: ReturnType<typeof sentEntry> | null = null;
    api.on('POST /api/compose/send', (call) => {
      stored ??= sentEntry((call.body as SendRequest).message.subject);
      return Promise.reject(new TypeError('Failed to fetch'));
    });
    setBrowserOnline(true);
    await waitFor(() => expect(api.callsTo('POST', '/api/compose/send')).toHaveLength(2));
    await waitFor(async () => expect((await browserOutbox.list(JOY)).map((item) => item.state)).toEqual(['waiting']));
    expect(await screen.findByText('Waiting for network', undefined, SLOW)).toBeTruthy();

    api.on('POST /api/compose/send', () => json(200, stored));
    setBrowserOnline(true);
    const outbox = await screen.findByRole('region', { name: 'Messages waiting to be sent' });
    await waitFor(() => expect(within(outbox).getByText('Sent')).toBeTruthy());
    expect(within(outbox).getByText(/“Written offline”/)).toBeTruthy();
    const keys = api.callsTo('POST', '/api/compose/send').map((call) => (call.body as SendRequest).idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(await browserOutbox.unsentCount(JOY)).toBe(0);
  });

  it('shows "Sending…" while the BFF\'s outbox holds it, then "Sent"; waiting to retry there, the BFF outbox\'s notice says so', async () => {
    const { api, user } = await sendWithoutNetwork('Undo delay');

    const queued = { ...sentEntry('Undo delay'), status: 'queued', dueAt: new Date(Date.now() + 2000).toISOString() };
    api.on('POST /api/compose/send', () => json(200, queued));
    const poll = api.hold(`GET /api/compose/outbox/${queued.id}`);
    setBrowserOnline(true);
    const outbox = await screen.findByRole('region', { name: 'Messages waiting to be sent' });
    await waitFor(() => expect(within(outbox).getByText('Sending…')).toBeTruthy(), SLOW);
    await waitFor(() => expect(api.callsTo('GET', `/api/compose/outbox/${queued.id}`)).toHaveLength(1), SLOW);
    poll(json(200, { ...queued, status: 'sent' }));
    await waitFor(() => expect(within(outbox).getByText('Sent')).toBeTruthy(), SLOW);

    // A second one meets a mail server that is down: the BFF keeps it and retries.
    api.on('POST /api/compose/send', () => Promise.reject(new TypeError('Failed to fetch')));
    await writeAndSend(user, 'Server down');
    const browserOutboxText = () => screen.queryByRole('region', { name: 'Messages waiting to be sent' })?.textContent ?? '';
    await waitFor(() => expect(browserOutboxText()).toContain('Waiting for network: “Server down”'), SLOW);
    const reason = 'The mail server cannot be reached right now.';
    const retrying = { ...sentEntry('Server down'), status: 'retrying', error: reason };
    api.on('POST /api/compose/send', () => json(200, retrying));
    api.on('GET /api/compose/outbox', () => json(200, { entries: [retrying] }));
    setBrowserOnline(true);
    const notices = await screen.findByRole('region', { name: 'Outbox' }, SLOW);
    expect(within(notices).getByText('Waiting to retry')).toBeTruthy();
    await waitFor(() => expect(browserOutboxText()).not.toContain('Server down'), SLOW);
  });

  it('shows a refused message as "Not sent" with the reason, and reopens it as written', async () => {
    const { api, user } = await sendWithoutNetwork('Too much');

    api.on('POST /api/compose/send', () => apiError(413, 'too_large', 'The message is larger than 10 MB.'));
    setBrowserOnline(true);
    expect(await screen.findByText('Not sent', undefined, SLOW)).toBeTruthy();
    expect(screen.getByText(/The message is larger than 10 MB\./)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const dialog = await screen.findByRole('dialog', { name: 'New Email' });
    expect(((await within(dialog).findByLabelText('Subject', undefined, SLOW)) as HTMLInputElement).value).toBe('Too much');
    expect(within(dialog).getByText('The message is larger than 10 MB.')).toBeTruthy();
    expect(screen.queryByText('Not sent')).toBeNull();
  });

  it('keeps a waiting message for its own user only, and sends it at that user\'s next sign-in', async () => {
    const offline = mailbox();
    offline.on('POST /api/compose/send', () => Promise.reject(new TypeError('Failed to fetch')));
    const { user } = renderApp({ api: offline });
    await writeAndSend(user, 'For later');
    await screen.findByText('Waiting for network', undefined, SLOW);
    cleanup();

    const other = mailbox('max@mt-example.com');
    renderApp({ api: other });
    await findRow(/Lunch on Friday/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.queryByText(/For later/)).toBeNull();
    expect(other.callsTo('POST', '/api/compose/send')).toHaveLength(0);
    cleanup();

    const back = mailbox();
    back.on('POST /api/compose/send', (call) => json(200, sentEntry((call.body as SendRequest).message.subject)));
    renderApp({ api: back });
    const outbox = await screen.findByRole('region', { name: 'Messages waiting to be sent' }, { timeout: 5000 });
    await waitFor(() => expect(within(outbox).getByText('Sent')).toBeTruthy());
    expect(back.callsTo('POST', '/api/compose/send').map((call) => (call.body as SendRequest).message.subject)).toEqual(['For later']);
  });

  it('will not queue a message whose file could not be uploaded without the network', async () => {
    /** An upload as it goes without a network: the request fails at once. */
    class UnreachableUpload {
      upload = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      open() {}
      setRequestHeader() {}
      abort() {}
      send() {
        queueMicrotask(() => this.onerror?.());
      }
    }
    vi.stubGlobal('XMLHttpRequest', UnreachableUpload);
    const api = mailbox();
    api.on('POST /api/compose/send', () => Promise.reject(new TypeError('Failed to fetch')));
    const { user } = renderApp({ api });
    const dialog = await newEmailToAda(user);
    await user.upload(within(dialog).getByTestId('compose-file-input'), new File(['notes'], 'notes.txt', { type: 'text/plain' }));
    expect(await within(dialog).findByText(/Tern cannot reach its server/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Send Email' }));
    expect(within(dialog).getByText('Remove the attachments that could not be added.')).toBeTruthy();
    expect(api.callsTo('POST', '/api/compose/send')).toHaveLength(0);
    expect(await browserOutbox.unsentCount(JOY)).toBe(0);
  });

  it('asks before "Sign Out" deletes unsent messages, and keeps them when the user says no', async () => {
    const { api, user } = await sendWithoutNetwork('Not yet gone');

    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    fireEvent.click(screen.getByRole('button', { name: 'Sign Out' }));
    await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
    expect(confirm.mock.calls[0]?.[0]).toMatch(/One message has not been sent yet .* Signing out deletes it/);
    expect(api.callsTo('DELETE', '/api/session')).toHaveLength(0);
    expect(await browserOutbox.unsentCount(JOY)).toBe(1);

    confirm.mockReturnValue(true);
    api.state.session = null;
    await user.click(screen.getByRole('button', { name: 'Sign Out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(await browserOutbox.unsentCount(JOY)).toBe(0);
  });
});
