import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PREFERENCES, type Preferences } from '../../shared/api/preferences';
import { UNSUBSCRIBE_SENT_TEXT, UNSUBSCRIBE_UNVERIFIED_TEXT } from '../../shared/api/unsubscribe';
import { resetSettingsDrafts } from '../../web/features/settings/stores/drafts-store';
import { makeDetail, makeSummary } from './builders';
import { apiError, createFakeApi, json } from './fake-api';
import { renderApp } from './render';

vi.setConfig({ testTimeout: 30_000 });

const proxied = (url: string) => `/api/image-proxy?url=${encodeURIComponent(url)}&sig=fake`;

async function openMessage(detail: ReturnType<typeof makeDetail>, preferences: Preferences = DEFAULT_PREFERENCES) {
  const api = createFakeApi({ messages: { INBOX: [makeSummary({ uid: detail.uid, subject: detail.subject })] }, details: [detail], preferences });
  const view = renderApp({ api });
  await view.user.click(await screen.findByRole('option', { name: new RegExp(detail.subject) }));
  await screen.findByRole('heading', { name: detail.subject });
  return { ...view, pane: screen.getByRole('region', { name: 'Reading pane' }) };
}

async function frameImages(pane: HTMLElement, subject: string): Promise<HTMLImageElement[]> {
  const frame = (await within(pane).findByTitle(`Message body: ${subject}`)) as HTMLIFrameElement;
  await waitFor(() => expect(frame.contentDocument?.body.childNodes.length).toBeGreaterThan(0));
  return [...(frame.contentDocument?.querySelectorAll('img') ?? [])];
}

const NEWSLETTER_HTML = [
  '<p>Spring sale</p>',
  '<img src="https://cdn.shop.example/spring.png" alt="banner">',
  '<img src="https://cdn.shop.example/open.gif?id=1" width="1" height="1" alt="">',
  '<img src="https://cdn.shop.example/open.gif?id=2" style="width:1px;height:1px" alt="">',
  '<img src="https://mc.us5.list-manage.com/track/open.php?u=abc" alt="">',
  '<img src="https://cdn.shop.example/o.gif?r=joy%40mt-example.com" width="40" alt="">',
].join('');

describe('images without trackers', () => {
  it('counts the trackers, never asks for them, and loads the rest through the proxy after "Show remote content"', async () => {
    const { pane, user, api } = await openMessage(makeDetail({ uid: 31, subject: 'Spring sale', html: NEWSLETTER_HTML }));
    expect(await within(pane).findByText('4 trackers blocked')).toBeTruthy();
    expect((await frameImages(pane, 'Spring sale')).every((img) => !img.hasAttribute('src'))).toBe(true);

    await user.click(within(pane).getByRole('button', { name: 'Show remote content' }));
    await waitFor(async () => {
      const sources = (await frameImages(pane, 'Spring sale')).map((img) => img.getAttribute('src')).filter(Boolean);
      expect(sources).toEqual([proxied('https://cdn.shop.example/spring.png')]);
    });
    const signing = api.calls.filter((call) => call.path === '/api/image-proxy/sign');
    expect(signing.map((call) => call.body)).toEqual([{ urls: ['https://cdn.shop.example/spring.png'] }]);
    expect(within(pane).getByText('4 trackers blocked')).toBeTruthy();
  });

  it('counts the trackers the BFF refuses (the address hashed) at once, and never loads them', async () => {
    const hashed = 'https://t.shop.example/open/5f2b3c8e1a9d4e6f7a8b9c0d1e2f3a4b.gif';
    const html = `<p>Hi</p><img src="${hashed}" width="20"><img src="https://cdn.shop.example/logo.png">`;
    const api = createFakeApi({ messages: { INBOX: [makeSummary({ uid: 35, subject: 'Hashed pixel' })] }, details: [makeDetail({ uid: 35, subject: 'Hashed pixel', html })] });
    api.on('POST /api/image-proxy/sign', () => json(200, { urls: { 'https://cdn.shop.example/logo.png': proxied('https://cdn.shop.example/logo.png') }, trackers: [hashed] }));
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('option', { name: /Hashed pixel/ }));
    const pane = screen.getByRole('region', { name: 'Reading pane' });
    // Before anything is allowed: the pane asked Tern only, and already counts it.
    expect(await within(pane).findByText('1 tracker blocked')).toBeTruthy();
    await user.click(within(pane).getByRole('button', { name: 'Show remote content' }));
    await waitFor(async () => {
      const sources = (await frameImages(pane, 'Hashed pixel')).map((img) => img.getAttribute('src'));
      expect(sources).toEqual([null, proxied('https://cdn.shop.example/logo.png')]);
    });
    expect(within(pane).getByText('1 tracker blocked')).toBeTruthy();
  });

  it('a message whose only remote images are trackers offers nothing to show, and says so', async () => {
    const { pane } = await openMessage(makeDetail({ uid: 32, subject: 'Only a pixel', html: '<p>Hi</p><img src="https://t.example/p.gif" height="1" width="1">' }));
    expect(await within(pane).findByText('1 tracker blocked')).toBeTruthy();
    expect(within(pane).queryByRole('button', { name: 'Show remote content' })).toBeNull();
  });

  it('"Always show from" saves the sender in the preferences and shows the images', async () => {
    const { pane, user, api } = await openMessage(makeDetail({ uid: 33, subject: 'From a friend', html: '<img src="https://pics.example/cat.jpg" alt="cat">' }));
    await user.click(await within(pane).findByRole('button', { name: 'Always show from alice@example.com' }));
    await waitFor(async () => expect((await frameImages(pane, 'From a friend'))[0]?.getAttribute('src')).toBe(proxied('https://pics.example/cat.jpg')));
    const save = api.calls.find((call) => call.method === 'PUT' && call.path === '/api/preferences/remoteContent');
    expect(save?.body).toEqual({ alwaysAllowSenders: ['alice@example.com'] });
  });

  it("a trusted sender's images load at once, through the proxy", async () => {
    const preferences = { ...DEFAULT_PREFERENCES, remoteContent: { alwaysAllowSenders: ['alice@example.com'] } };
    const { pane } = await openMessage(makeDetail({ uid: 34, subject: 'Trusted', html: '<img src="https://pics.example/dog.jpg" alt="dog">' }), preferences);
    await waitFor(async () => expect((await frameImages(pane, 'Trusted'))[0]?.getAttribute('src')).toBe(proxied('https://pics.example/dog.jpg')));
    expect(within(pane).queryByRole('button', { name: 'Show remote content' })).toBeNull();
    expect(within(pane).getByText(/Remote images from alice@example.com are shown through Tern/)).toBeTruthy();
  });

  it('Settings → Remote content lists the trusted senders and removes one', async () => {
    resetSettingsDrafts();
    const api = createFakeApi({ preferences: { ...DEFAULT_PREFERENCES, remoteContent: { alwaysAllowSenders: ['alice@example.com', 'news@shop.example'] } } });
    const { user } = renderApp({ path: '/settings/remoteContent', api });
    const form = await screen.findByRole('form', { name: 'Remote content' }, { timeout: 10_000 });
    const list = within(within(form).getByRole('list', { name: 'Always show remote content from' }));
    expect(list.getAllByRole('listitem').map((item) => item.firstChild?.textContent)).toEqual(['alice@example.com', 'news@shop.example']);
    await user.click(list.getByRole('button', { name: 'Remove alice@example.com' }));
    await user.click(within(form).getByRole('button', { name: 'Save Settings' }));
    expect(await within(form).findByText('Remote content settings saved.')).toBeTruthy();
    const save = api.calls.find((call) => call.method === 'PUT' && call.path === '/api/preferences/remoteContent');
    expect(save?.body).toEqual({ alwaysAllowSenders: ['news@shop.example'] });
  });
});

describe('unsubscribe', () => {
  const list = { oneClick: true, mailto: null, web: 'https://news.example/unsub?id=9' };

  it('asks the BFF to unsubscribe (naming only the message) and says what happened', async () => {
    const { pane, user, api } = await openMessage(makeDetail({ uid: 41, subject: 'Weekly news', unsubscribe: list }));
    api.on('POST /api/unsubscribe', () => json(200, { method: 'one-click', message: UNSUBSCRIBE_SENT_TEXT }));
    await user.click(within(pane).getByRole('button', { name: 'Unsubscribe' }));
    expect(await within(pane).findByText(UNSUBSCRIBE_SENT_TEXT)).toBeTruthy();
    expect(api.calls.find((call) => call.path === '/api/unsubscribe')?.body).toEqual({ folder: 'INBOX', uid: 41 });
    expect((within(pane).getByRole('button', { name: 'Unsubscribe' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('an unverified one-click list: says so and gives the link to open, nothing posted', async () => {
    const { pane, user, api } = await openMessage(makeDetail({ uid: 45, subject: 'Unsigned news', unsubscribe: list }));
    const message = `${UNSUBSCRIBE_UNVERIFIED_TEXT} Open the list's page to unsubscribe there.`;
    api.on('POST /api/unsubscribe', () => json(200, { method: 'unverified', message, web: list.web }));
    await user.click(within(pane).getByRole('button', { name: 'Unsubscribe' }));
    const status = await within(pane).findByText(/is not verified/);
    expect(status.textContent).toContain(message);
    const link = within(status).getByRole('link', { name: 'Open the list’s page' });
    expect(link.getAttribute('href')).toBe(list.web);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noreferrer');
  });

  it("shows the list site's failure", async () => {
    const { pane, user, api } = await openMessage(makeDetail({ uid: 42, subject: 'Broken news', unsubscribe: list }));
    const failure = "The list's site (news.example) answered 500: you may still be subscribed. Try again later.";
    api.on('POST /api/unsubscribe', () => apiError(502, 'remote_failed', failure, { status: 500 }));
    await user.click(within(pane).getByRole('button', { name: 'Unsubscribe' }));
    expect((await within(pane).findByRole('alert')).textContent).toBe(failure);
    expect((within(pane).getByRole('button', { name: 'Unsubscribe' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('a list with only a web page gets a link the user opens, saying so', async () => {
    const { pane, api } = await openMessage(makeDetail({ uid: 43, subject: 'Web-only list', unsubscribe: { oneClick: false, mailto: null, web: 'https://list.example/leave' } }));
    const link = within(pane).getByRole('link', { name: 'Unsubscribe' });
    expect(link.getAttribute('href')).toBe('https://list.example/leave');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noreferrer');
    expect(within(pane).getByText(/you unsubscribe there/)).toBeTruthy();
    expect(api.calls.some((call) => call.path === '/api/unsubscribe')).toBe(false);
  });

  it('offers nothing for a message that is not from a list', async () => {
    const { pane } = await openMessage(makeDetail({ uid: 44, subject: 'Personal', unsubscribe: null }));
    expect(within(pane).queryByRole('button', { name: 'Unsubscribe' })).toBeNull();
    expect(within(pane).queryByRole('link', { name: 'Unsubscribe' })).toBeNull();
  });
});

describe("a stranger's text cannot reorder itself", () => {
  it('shows a subject and a sender name holding a bidi override in their real order, in the list and the reader', async () => {
    const from = { name: 'PayPal \u202Emoc.lapyap@ecivres', address: 'mallory@evil.test' };
    const subject = 'Invoice \u202Efdp.exe';
    const api = createFakeApi({
      messages: { INBOX: [makeSummary({ uid: 41, subject, from })] },
      details: [makeDetail({ uid: 41, subject, from, text: 'Open it.' })],
    });
    const { user } = renderApp({ api });
    const row = await screen.findByRole('option', { name: /Invoice fdp\.exe/ });
    expect(row.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(row.textContent).toContain('PayPal moc.lapyap@ecivres');

    await user.click(row);
    const pane = screen.getByRole('region', { name: 'Reading pane' });
    expect(await within(pane).findByRole('heading', { name: 'Invoice fdp.exe' })).toBeTruthy();
    expect(pane.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
