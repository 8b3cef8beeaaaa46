import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_HEADER } from '../../shared/api/session';
import { createFakeApi, json } from './fake-api';
import { renderApp } from './render';

// Issue 13: an open tab nobody uses must not keep its session alive, so the
// reads the page makes by itself say so; those that follow the user's input do not.
describe('an open tab nobody uses', () => {
  it("marks the reads it makes by itself as background, and not those that follow the user's input", async () => {
    const api = createFakeApi();
    api.on('GET /api/contacts/books', () => json(200, { books: [{ id: 'personal', name: 'Personal Addresses' }] }));
    const { user } = renderApp({ api });
    await screen.findByRole('banner');
    await waitFor(() => expect(api.callsTo('GET', '/api/folders').length).toBeGreaterThan(0));
    expect(api.callsTo('GET', '/api/folders')[0]!.headers.get(BACKGROUND_HEADER)).toBe('1');

    await user.click(screen.getByRole('link', { name: 'Contacts' }));
    await waitFor(() => expect(api.callsTo('GET', '/api/contacts/books').length).toBeGreaterThan(0));
    expect(api.callsTo('GET', '/api/contacts/books').at(-1)!.headers.get(BACKGROUND_HEADER)).toBeNull();
  });
});
