import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../shared/api/preferences';
import { makeDetail, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { findRow, selectedSubjects } from './helpers';
import { renderApp } from './render';

describe('Display → list view', () => {
  function listViewMailbox() {
    return createFakeApi({
      preferences: { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, layout: 'list' } },
      folders: makeSpecialFolders({ inbox: { total: 2 } }),
      messages: { INBOX: [makeSummary({ uid: 2, subject: 'Harbour plans' }), makeSummary({ uid: 1, subject: 'Ferry times' })] },
      details: [makeDetail({ folder: 'INBOX', uid: 2, subject: 'Harbour plans', text: 'The pier opens in May.' })],
    });
  }

  it('has no reading pane: a click selects, a double-click opens the message full size, "Back to list" returns', async () => {
    const { user } = renderApp({ api: listViewMailbox() });
    await findRow('Harbour plans');
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Reading pane' })).toBeNull());

    await user.click(await findRow('Harbour plans'));
    expect(selectedSubjects()).toEqual(['Harbour plans']);
    expect(screen.queryByText('The pier opens in May.')).toBeNull();

    await user.dblClick(await findRow('Harbour plans'));
    expect(await screen.findByText('The pier opens in May.')).toBeTruthy();
    // Full size: the list has made way for the message.
    expect(screen.queryByRole('listbox', { name: 'Messages in Inbox' })).toBeNull();

    await user.click(screen.getByRole('button', { name: '← Back to list' }));
    expect(await findRow('Ferry times')).toBeTruthy();
    expect(screen.queryByText('The pier opens in May.')).toBeNull();
  });

  it('goes back to the list on Escape', async () => {
    const { user } = renderApp({ api: listViewMailbox() });
    await user.dblClick(await findRow('Harbour plans'));
    expect(await screen.findByText('The pier opens in May.')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(await findRow('Ferry times')).toBeTruthy();
  });

  it('keeps the three panes by default: a click opens the message beside the list', async () => {
    const { user } = renderApp({
      api: createFakeApi({
        messages: { INBOX: [makeSummary({ uid: 2, subject: 'Harbour plans' })] },
        details: [makeDetail({ folder: 'INBOX', uid: 2, subject: 'Harbour plans', text: 'The pier opens in May.' })],
      }),
    });
    await user.click(await findRow('Harbour plans'));
    expect(await screen.findByText('The pier opens in May.')).toBeTruthy();
    expect(screen.getByRole('listbox', { name: 'Messages in Inbox' })).toBeTruthy();
  });
});
