import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE } from '../../shared/limits';
import { makeDetail, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { renderApp } from './render';

const TOTAL = 100_000;

function bigFolderApi() {
  return createFakeApi({
    folders: makeSpecialFolders({ inbox: { total: TOTAL } }),
    messages: {
      // Position p holds the (TOTAL - p)-th newest message; built only when asked for.
      INBOX: { total: TOTAL, at: (p) => makeSummary({ uid: TOTAL - p, subject: `Message number ${p}` }) },
    },
  });
}

function selectedSubject(): string | undefined {
  const listbox = screen.getByRole('listbox');
  return within(listbox)
    .getAllByRole('option')
    .find((o) => o.getAttribute('aria-selected') === 'true')
    ?.querySelector('.col-subject')?.textContent ?? undefined;
}

describe('message list', () => {
  it('renders only a window of rows for a folder of 100,000 and fetches only the first window', async () => {
    const api = bigFolderApi();
    renderApp({ api });
    await screen.findByRole('option', { name: /Message number 0,/ });

    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.length).toBeGreaterThan(0);
    expect(options.length).toBeLessThanOrEqual(DEFAULT_WINDOW_SIZE);
    // Screen readers still learn the real size of the folder.
    expect(options[0]?.getAttribute('aria-setsize')).toBe(String(TOTAL));

    const listCalls = api.callsTo('GET', '/api/messages');
    expect(listCalls.length).toBeGreaterThan(0);
    expect(new Set(listCalls.map((c) => c.query.get('offset')))).toEqual(new Set(['0']));
    expect(listCalls.every((c) => c.query.get('limit') === String(DEFAULT_WINDOW_SIZE))).toBe(true);
    expect(listCalls[0]?.query.get('sort')).toBe('date');
    expect(listCalls[0]?.query.get('order')).toBe('desc');
  });

  it('moves the selection with j/k and the arrow keys, and opens with Enter', async () => {
    const api = bigFolderApi();
    api.state.details = [makeDetail({ uid: TOTAL - 1, subject: 'Message number 1', text: 'Body of message one' })];
    const { user } = renderApp({ api });
    await screen.findByRole('option', { name: /Message number 0,/ });

    screen.getByRole('listbox').focus();
    await user.keyboard('j');
    expect(selectedSubject()).toBe('Message number 0');
    await user.keyboard('j');
    expect(selectedSubject()).toBe('Message number 1');
    await user.keyboard('j');
    expect(selectedSubject()).toBe('Message number 2');
    await user.keyboard('k');
    expect(selectedSubject()).toBe('Message number 1');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(selectedSubject()).toBe('Message number 2');
    await user.keyboard('{ArrowUp}');
    expect(screen.getByRole('listbox').getAttribute('aria-activedescendant')).toBe(
      screen.getByRole('option', { name: /Message number 1,/ }).id,
    );

    // Moving does not open; Enter does.
    expect(screen.queryByRole('heading', { name: 'Message number 1' })).toBeNull();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Message number 1' })).toBeTruthy();
  });

  it('shows sender, subject, date, size and labelled flags', async () => {
    const api = createFakeApi({
      messages: {
        INBOX: [
          makeSummary({
            uid: 5,
            from: { name: 'Bob Sender', address: 'bob@example.com' },
            subject: 'Quarterly numbers',
            size: 3 * 1024,
            hasAttachments: true,
            flags: { seen: false, flagged: true, answered: true, forwarded: true, junk: true },
          }),
        ],
      },
    });
    renderApp({ api });
    const row = await screen.findByRole('option', { name: /Quarterly numbers/ });
    const cells = within(row);
    expect(cells.getByText('Bob Sender')).toBeTruthy();
    expect(cells.getByText('3 KB')).toBeTruthy();
    expect(row.querySelector('time')?.getAttribute('datetime')).toBe('2024-03-05T10:24:00.000Z');
    for (const label of ['Unread', 'Flagged', 'Answered', 'Forwarded', 'Has attachment', 'Spam']) {
      expect(cells.getByRole('img', { name: label })).toBeTruthy();
    }
  });

  it('selects and opens a message on click', async () => {
    const api = createFakeApi({
      messages: { INBOX: [makeSummary({ uid: 1, subject: 'First' }), makeSummary({ uid: 2, subject: 'Second' })] },
      details: [makeDetail({ uid: 2, subject: 'Second' })],
    });
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('option', { name: /Second/ }));
    expect(screen.getByRole('option', { name: /Second/ }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('option', { name: /First/ }).getAttribute('aria-selected')).toBe('false');
    expect(await screen.findByRole('heading', { name: 'Second' })).toBeTruthy();
  });

  it('says so when a folder is empty', async () => {
    renderApp({ api: createFakeApi({ messages: { INBOX: [] } }) });
    expect(await screen.findByText('No messages in this folder.')).toBeTruthy();
  });

  it('"Get Mail" asks again for the folders and the current window', async () => {
    const api = createFakeApi({ messages: { INBOX: [makeSummary({ uid: 1, subject: 'Old news' })] } });
    const { user } = renderApp({ api });
    await screen.findByRole('option', { name: /Old news/ });
    const before = { folders: api.callsTo('GET', '/api/folders').length, list: api.callsTo('GET', '/api/messages').length };

    api.state.messages.INBOX = [makeSummary({ uid: 2, subject: 'Fresh mail' }), makeSummary({ uid: 1, subject: 'Old news' })];
    await user.click(screen.getByRole('button', { name: 'Get Mail' }));

    expect(await screen.findByRole('option', { name: /Fresh mail/ })).toBeTruthy();
    await waitFor(() => expect(api.callsTo('GET', '/api/folders').length).toBe(before.folders + 1));
    expect(api.callsTo('GET', '/api/messages').length).toBe(before.list + 1);
  });
});
