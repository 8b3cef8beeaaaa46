import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageSource } from '../../shared/api/messages';
import { makeAttachment, makeDetail, makeSummary } from './builders';
import { createFakeApi, json } from './fake-api';
import { renderApp } from './render';

const hostileSource = [
  'From: Mallory <mallory@example.com>',
  'Subject: Look <script>alert(1)</script>',
  'X-Evil: <img src=x onerror=alert(1)>',
  'X-File: invoice\u202Efdp.exe',
  '',
  '<html><body><script>alert(2)</script><img src=x onerror=alert(3)></body></html>',
  '',
].join('\r\n');

function sourceOf(overrides: Partial<MessageSource> = {}): MessageSource {
  return {
    size: hostileSource.length,
    source: hostileSource,
    truncated: false,
    headers: [
      { name: 'From', value: 'Mallory <mallory@example.com>' },
      { name: 'Subject', value: 'Look <script>alert(1)</script>' },
      { name: 'X-Evil', value: '<img src=x onerror=alert(1)>' },
      { name: 'X-File', value: 'invoice\u202Efdp.exe' },
    ],
    headersTruncated: false,
    ...overrides,
  };
}

async function openMessage(source: MessageSource = sourceOf(), detail = makeDetail({ uid: 7, subject: 'Tools' })) {
  const api = createFakeApi({ messages: { INBOX: [makeSummary({ uid: 7, subject: detail.subject })] }, details: [detail] });
  api.on('GET /api/messages/7/source', () => json(200, source));
  const view = renderApp({ api });
  await view.user.click(await screen.findByRole('option', { name: /Tools/ }));
  await screen.findByRole('heading', { name: detail.subject });
  const choose = async (item: string) => {
    await view.user.click(screen.getByRole('button', { name: 'More message tools' }));
    await view.user.click(await screen.findByRole('menuitem', { name: item }));
  };
  return { ...view, choose };
}

describe('message tools ("More" in the reading pane)', () => {
  it('offers the five tools', async () => {
    const { user } = await openMessage();
    await user.click(screen.getByRole('button', { name: 'More message tools' }));
    const menu = await screen.findByRole('menu', { name: 'More message tools' });
    expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'View source',
      'Show all headers',
      'Download (.eml)',
      'Print',
      'Open in new window',
    ]);
  });

  it('shows the source as text: script and img tags in it stay characters, a bidi override its code point, with a download of the .eml', async () => {
    const { choose } = await openMessage();
    await choose('View source');
    const dialog = await screen.findByRole('dialog', { name: 'Message source' });
    const pre = await within(dialog).findByLabelText('Message source', { selector: 'pre' });
    expect(pre.textContent).toBe(hostileSource.replace('\u202E', '<U+202E>'));
    expect(dialog.querySelector('script, img, html, body')).toBeNull();
    expect(within(dialog).getByRole('link', { name: 'Download (.eml)' }).getAttribute('href')).toBe('/api/messages/7/eml?folder=INBOX');
    expect(within(dialog).queryByRole('status')).toBeNull();
  });

  it('shows every header field as a line of text', async () => {
    const { choose } = await openMessage();
    await choose('Show all headers');
    const dialog = await screen.findByRole('dialog', { name: 'All headers' });
    const pre = await within(dialog).findByLabelText('All headers', { selector: 'pre' });
    expect(pre.textContent).toBe(
      [
        'From: Mallory <mallory@example.com>',
        'Subject: Look <script>alert(1)</script>',
        'X-Evil: <img src=x onerror=alert(1)>',
        'X-File: invoice<U+202E>fdp.exe',
      ].join('\n'),
    );
    expect(dialog.querySelector('script, img')).toBeNull();
  });

  it('says when a huge message was cut, and where the rest is', async () => {
    const { choose } = await openMessage(sourceOf({ size: 30 * 1024 * 1024, truncated: true }));
    await choose('View source');
    const dialog = await screen.findByRole('dialog', { name: 'Message source' });
    expect((await within(dialog).findByRole('status')).textContent).toBe(
      'Only the first 1 MB of this 30 MB message is shown. Download it for the rest.',
    );
  });

  it('opens the message alone in a new window, without an opener', async () => {
    const open = vi.fn();
    vi.stubGlobal('open', open);
    const { choose } = await openMessage();
    await choose('Open in new window');
    expect(open).toHaveBeenCalledWith('/message/7?folder=INBOX', '_blank', 'noopener');
  });

  it('prints the message alone: headers, body, attachment names, then the print dialog', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const detail = makeDetail({
      uid: 7,
      subject: 'Tools',
      text: 'The body to print.',
      attachments: [makeAttachment({ part: '2', filename: 'report.pdf', size: 2048 })],
    });
    const { choose, user } = await openMessage(sourceOf(), detail);
    await choose('Print');
    const view = await screen.findByRole('dialog', { name: 'Print: Tools' });
    expect(document.body.classList.contains('is-printing')).toBe(true);
    expect(within(view).getByRole('heading', { name: 'Tools' })).toBeTruthy();
    // The body's component may still be arriving (a lazy chunk) on a busy machine.
    await waitFor(() => expect(view.querySelector('.plain-body')?.textContent).toBe('The body to print.'));
    expect(within(view).getByText('Alice Example')).toBeTruthy();
    expect(within(within(view).getByRole('region', { name: 'Attachments' })).getByRole('listitem').textContent).toBe('report.pdf (2 KB)');
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Print: Tools' })).toBeNull();
    expect(document.body.classList.contains('is-printing')).toBe(false);
  });

  it('prints a long message whole, not the start the pane shows', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const cut = makeDetail({ uid: 7, subject: 'Tools', text: 'The start only.', fullBodyLength: 400_000 });
    const whole = { ...cut, text: 'The start only. And the whole rest.', fullBodyLength: null };
    const { api, choose } = await openMessage(sourceOf(), cut);
    api.on('GET /api/messages/7', ({ query }) => json(200, query.get('body') === 'full' ? whole : cut));
    await choose('Print');
    const view = await screen.findByRole('dialog', { name: 'Print: Tools' });
    await waitFor(() => expect(view.querySelector('.plain-body')?.textContent).toBe('The start only. And the whole rest.'));
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
  });

  it('shows only the message at its own address', async () => {
    const api = createFakeApi({ details: [makeDetail({ uid: 7, folder: 'Archive', subject: 'Alone' })] });
    renderApp({ api, path: '/message/7?folder=Archive' });
    await screen.findByRole('heading', { name: 'Alone' });
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByRole('region', { name: 'Reading pane' })).toBeTruthy();
  });
});
