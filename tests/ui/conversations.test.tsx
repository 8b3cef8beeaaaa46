import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PREFERENCES, type Preferences } from '../../shared/api/preferences';
import type { MessageSummary } from '../../shared/api/messages';
import type { StackedMessage, ThreadSummary } from '../../shared/api/threads';
import { makeDetail, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi, json, type FakeApi } from './fake-api';
import { findRow } from './helpers';
import { renderApp } from './render';

const ada = { name: 'Ada Lovelace', address: 'ada@mt-example.com' };
const bob = { name: 'Bob Babbage', address: 'bob@mt-example.org' };
const joy = { name: 'Joy', address: 'joy@mt-example.com' };

/**
 * The fake BFF's conversations: the Inbox's messages grouped by subject without
 * "Re: " (the real grouping is by References, tested against Dovecot), newest
 * thread first, and Joy's reply in Sent stacked into the engines thread.
 */
function withConversations(api: FakeApi, sentReply: StackedMessage | null) {
  const inbox = () => api.state.messages.INBOX as MessageSummary[];
  const threads = (): ThreadSummary[] => {
    const groups = new Map<string, MessageSummary[]>();
    for (const message of [...inbox()].reverse()) {
      const key = message.subject.replace(/^Re: /, '');
      groups.set(key, [...(groups.get(key) ?? []), message]);
    }
    return [...groups.values()]
      .map((messages) => {
        const newest = messages[messages.length - 1]!;
        const unread = messages.filter((m) => !m.flags.seen).map((m) => m.uid);
        return {
          uid: newest.uid,
          uids: messages.map((m) => m.uid),
          subject: newest.subject,
          date: newest.date,
          participants: [...new Set(messages.map((m) => m.from!.name.split(' ')[0]!))],
          count: messages.length,
          unread: unread.length,
          unreadUids: unread,
          flagged: messages.some((m) => m.flags.flagged),
        };
      })
      .sort((a, b) => b.date.localeCompare(a.date));
  };
  api.on('GET /api/threads', ({ query }) => {
    const all = threads();
    const offset = Number(query.get('offset'));
    return json(200, { folder: 'INBOX', total: all.length, offset, items: all.slice(offset, offset + Number(query.get('limit'))) });
  });
  api.on('GET /api/threads/stack', ({ query }) => {
    const thread = threads().find((t) => t.uids.includes(Number(query.get('uid'))))!;
    const items: StackedMessage[] = [
      ...inbox().filter((m) => thread.uids.includes(m.uid)).map((m) => ({ ...m, folder: 'INBOX' })),
      ...(sentReply && thread.subject.includes('Engines') ? [sentReply] : []),
    ].sort((a, b) => b.date.localeCompare(a.date));
    const offset = Number(query.get('offset'));
    return json(200, { folder: 'INBOX', uids: thread.uids, total: items.length, offset, items: items.slice(offset, offset + Number(query.get('limit'))) });
  });
}

function mailbox(conversations: boolean) {
  const preferences: Preferences = { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, conversations } };
  const api = createFakeApi({
    preferences,
    folders: makeSpecialFolders({ inbox: { total: 4, unread: 2 } }),
    messages: {
      INBOX: [
        makeSummary({ uid: 4, subject: 'Re: Engines', from: bob, date: '2026-06-01T11:00:00.000Z', flags: { seen: false } }),
        makeSummary({ uid: 3, subject: 'Lunch', from: bob, date: '2026-05-31T12:00:00.000Z' }),
        makeSummary({ uid: 2, subject: 'Re: Engines', from: ada, date: '2026-06-01T09:30:00.000Z', flags: { seen: false } }),
        makeSummary({ uid: 1, subject: 'Engines', from: ada, date: '2026-06-01T09:00:00.000Z' }),
      ],
    },
    details: [
      makeDetail({ folder: 'INBOX', uid: 4, subject: 'Re: Engines', from: bob, text: 'Bob says the gears are cut.' }),
      makeDetail({ folder: 'INBOX', uid: 1, subject: 'Engines', from: ada, text: 'Ada asks about the engine.' }),
      makeDetail({ folder: 'Sent', uid: 7, subject: 'Re: Engines', from: joy, text: 'Joy answers from Sent.' }),
    ],
  });
  const sentReply = { ...makeSummary({ uid: 7, subject: 'Re: Engines', from: joy, date: '2026-06-01T10:00:00.000Z' }), folder: 'Sent' };
  withConversations(api, sentReply);
  return api;
}

const engines = () => findRow(/^Ada, Bob/);

describe('Conversations', () => {
  it('is a toggle on the list, saved in the user’s display preferences and shown so at the next visit', async () => {
    const api = mailbox(false);
    const { user, unmount } = renderApp({ api });
    await findRow('Lunch');
    const toggle = screen.getByRole('button', { name: 'Conversations' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');

    await user.click(toggle);
    await waitFor(() => expect(api.callsTo('PUT', '/api/preferences/display')).toHaveLength(1));
    expect(api.callsTo('PUT', '/api/preferences/display')[0]!.body).toMatchObject({ conversations: true, layout: 'three-pane' });
    expect(await screen.findByRole('listbox', { name: 'Conversations in Inbox' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Conversations' }).getAttribute('aria-pressed')).toBe('true');
    unmount();

    // Another visit: the server remembers.
    renderApp({ api });
    expect(await screen.findByRole('listbox', { name: 'Conversations in Inbox' })).toBeTruthy();
    await engines();
  });

  it('shows a row per thread with its participants, message count and unread count, newest thread first', async () => {
    renderApp({ api: mailbox(true) });
    const row = await engines();
    expect(row.getAttribute('aria-label')).toBe('Ada, Bob, Re: Engines, Jun 1, 3 messages, 2 unread');
    expect(row.querySelector('.thread-count')?.textContent).toBe(' 3');
    expect(within(row).getByText('2 unread')).toBeTruthy();
    const rows = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(rows.map((option) => option.querySelector('.col-subject')?.textContent)).toEqual(['Re: Engines', 'Lunch']);
  });

  it('opens a thread as a stack: the newest expanded, the older collapsed, Joy’s reply marked as in Sent; opening marks the unread read', async () => {
    const api = mailbox(true);
    const { user } = renderApp({ api });
    await user.click(await engines());

    const pane = screen.getByRole('region', { name: 'Reading pane' });
    expect(await within(pane).findByText('Bob says the gears are cut.')).toBeTruthy();
    // The stack's message lines; menus in the expanded message ("More") are buttons too.
    const lines = within(pane).getAllByRole('button', { expanded: false }).filter((button) => !button.hasAttribute('aria-haspopup'));
    expect(lines.map((line) => line.textContent)).toEqual([
      expect.stringContaining('Ada Lovelace'),
      expect.stringContaining('Ada Lovelace'),
      expect.stringMatching(/^JoyIn Sent/),
    ]);
    expect(within(pane).queryByText('Ada asks about the engine.')).toBeNull();
    await user.click(lines[0]!);
    expect(await within(pane).findByText('Ada asks about the engine.')).toBeTruthy();
    await user.click(lines[2]!);
    expect(await within(pane).findByText('Joy answers from Sent.')).toBeTruthy();

    await waitFor(() => expect(api.callsTo('POST', '/api/messages/seen')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/seen')[0]!.body).toEqual({ folder: 'INBOX', uids: [2, 4], seen: true });
    await waitFor(() => expect(within(screen.getByRole('listbox')).getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(/3 messages$/));
  });

  it('deletes the whole thread in this folder with the action bar, and Undo brings all of it back', async () => {
    const api = mailbox(true);
    const { user } = renderApp({ api });
    await user.click(await engines());
    await user.click(screen.getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/delete')[0]!.body).toEqual({ selection: { folder: 'INBOX', uids: [1, 2, 4] }, permanently: false });
    const toast = (await screen.findByText('3 messages moved to Trash')).closest('.toast') as HTMLElement;
    await waitFor(() => expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(1));

    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('3 messages moved back to Inbox')).toBeTruthy();
    expect(api.callsTo('POST', '/api/messages/move')[0]!.body).toEqual({ selection: { folder: 'Trash', uids: [1001, 1002, 1003] }, to: 'INBOX' });
    await waitFor(() => expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(2));
  });

  it('"Print conversation" prints every message, older windows included, oldest first, each with its headers and body', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const replies = Array.from({ length: 25 }, (_, index) =>
      makeSummary({ uid: 200 + index, subject: 'Re: Minutes', from: index % 2 ? ada : bob, date: new Date(Date.UTC(2026, 5, 2, 8, index)).toISOString() }),
    );
    const api = createFakeApi({
      preferences: { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, conversations: true } },
      messages: { INBOX: [...replies].reverse() },
      details: replies.map((reply, index) => makeDetail({ folder: 'INBOX', uid: reply.uid, subject: 'Re: Minutes', from: reply.from!, text: `Minute ${index}.` })),
    });
    withConversations(api, null);
    const { user } = renderApp({ api });
    await user.click(await findRow(/25 messages/));
    const pane = screen.getByRole('region', { name: 'Reading pane' });
    await within(pane).findByText('Minute 24.');
    await user.click(within(pane).getByRole('button', { name: 'Print conversation' }));

    const view = await screen.findByRole('dialog', { name: 'Print conversation: Re: Minutes' });
    expect(document.body.classList.contains('is-printing')).toBe(true);
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1), { timeout: 10_000 });
    const printed = within(view).getAllByRole('article');
    expect(printed.map((article) => article.querySelector('.plain-body')?.textContent)).toEqual(replies.map((_, index) => `Minute ${index}.`));
    expect(printed.map((article) => within(article).getByText('From').nextElementSibling?.textContent)).toEqual(
      replies.map((_, index) => (index % 2 ? 'Ada Lovelace <ada@mt-example.com>' : 'Bob Babbage <bob@mt-example.org>')),
    );
    // The 5 older messages came in a second window, fetched for the print.
    expect(api.calls.filter((call) => call.path === '/api/threads/stack').map((call) => call.query.get('offset'))).toEqual(['0', '20']);

    await user.click(within(view).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'Print conversation: Re: Minutes' })).toBeNull();
    expect(document.body.classList.contains('is-printing')).toBe(false);
    vi.unstubAllGlobals();
  });

  it('shows a long thread a window at a time: the newest 20, then the older ones on request', async () => {
    const replies = Array.from({ length: 25 }, (_, index) =>
      makeSummary({ uid: 100 + index, subject: 'Re: Regatta', from: index % 2 ? ada : bob, date: new Date(Date.UTC(2026, 5, 1, 8, index)).toISOString() }),
    );
    const api = createFakeApi({
      preferences: { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, conversations: true } },
      messages: { INBOX: [...replies].reverse() },
      details: [makeDetail({ folder: 'INBOX', uid: 124, subject: 'Re: Regatta', from: bob, text: 'The last word on the regatta.' })],
    });
    withConversations(api, null);
    const { user } = renderApp({ api });
    await user.click(await findRow(/25 messages/));
    const pane = screen.getByRole('region', { name: 'Reading pane' });
    await within(pane).findByText('The last word on the regatta.');
    expect(within(pane).getAllByRole('listitem')).toHaveLength(20);

    await user.click(within(pane).getByRole('button', { name: 'Show 5 older messages' }));
    await waitFor(() => expect(within(pane).getAllByRole('listitem')).toHaveLength(25));
    expect(within(pane).queryByRole('button', { name: /older/ })).toBeNull();
    expect(api.callsTo('GET', '/api/threads/stack').map((call) => call.query.get('offset'))).toEqual(['0', '20']);
  });
});
