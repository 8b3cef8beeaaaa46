import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../shared/api/session';
import { ERROR_TEXTS } from '../../shared/errors';
import { makeSummary } from './builders';
import { apiError, createFakeApi, json } from './fake-api';
import { renderApp } from './render';

describe('application bar', () => {
  it('links the four sections and shows who is signed in', async () => {
    const api = createFakeApi();
    api.on('GET /api/contacts/books', () => json(200, { books: [{ id: 'personal', name: 'Personal Addresses' }] }));
    const { user, currentPath } = renderApp({ api });
    const bar = within(await screen.findByRole('banner'));
    for (const [name, href] of [
      ['Mail', '/mail'],
      ['Contacts', '/contacts'],
      ['Calendar', '/calendar'],
      ['Settings', '/settings'],
    ]) {
      expect(bar.getByRole('link', { name }).getAttribute('href')).toBe(href);
    }
    expect(bar.getByRole('link', { name: 'Mail' }).getAttribute('aria-current')).toBe('page');
    expect(bar.getByText('joy@mt-example.com')).toBeTruthy();
    expect(bar.getByRole('button', { name: 'Sign Out' })).toBeTruthy();

    await user.click(bar.getByRole('link', { name: 'Contacts' }));
    expect(await screen.findByRole('button', { name: 'New Contact' })).toBeTruthy();
    expect(currentPath()).toBe('/contacts');
  });
});

describe('Sign Out', () => {
  it('ends the session on the server, forgets the cached mail and shows the sign-in page', async () => {
    const api = createFakeApi({ messages: { INBOX: [makeSummary({ uid: 1, subject: 'Private matter' })] } });
    const { user, queryClient, currentPath } = renderApp({ api });
    await screen.findByRole('option', { name: /Private matter/ });
    window.sessionStorage.setItem('tern:draft', 'x');
    window.sessionStorage.setItem('other-app', 'y');

    api.state.session = null;
    await user.click(screen.getByRole('button', { name: 'Sign Out' }));

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(currentPath()).toBe('/sign-in');
    const [del] = api.callsTo('DELETE', '/api/session');
    expect(del?.headers.get(CSRF_HEADER)).toBe('csrf-test-token');
    expect(queryClient.getQueryCache().findAll({ queryKey: ['mail'] })).toHaveLength(0);
    expect(screen.queryByText('Private matter')).toBeNull();
    expect(window.sessionStorage.getItem('tern:draft')).toBeNull();
    expect(window.sessionStorage.getItem('other-app')).toBe('y');
  });
});

describe('a session that ends', () => {
  it('sends the user to the sign-in page, saying why', async () => {
    const api = createFakeApi();
    api.on('GET /api/folders', () => apiError(401, 'unauthenticated', 'Your session has ended.'));
    const { currentPath, queryClient } = renderApp({ api });

    expect(await screen.findByText(ERROR_TEXTS.sessionExpired)).toBeTruthy();
    await waitFor(() => expect(currentPath()).toBe('/sign-in?ended=ended'));
    expect(queryClient.getQueryCache().findAll({ queryKey: ['mail'] })).toHaveLength(0);
  });

  it('says the password was changed when the server ended the session for that', async () => {
    const api = createFakeApi();
    api.on('GET /api/folders', () => apiError(401, 'unauthenticated', ERROR_TEXTS.passwordChanged, { reason: 'password-changed' }));
    const { currentPath } = renderApp({ api });

    expect(await screen.findByText(ERROR_TEXTS.passwordChanged)).toBeTruthy();
    await waitFor(() => expect(currentPath()).toBe('/sign-in?ended=password-changed'));
    expect(screen.queryByText(ERROR_TEXTS.sessionExpired)).toBeNull();
  });
});
