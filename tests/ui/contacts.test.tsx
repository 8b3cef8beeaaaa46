import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ContactDetail, ContactListResponse } from '../../shared/api/contacts';
import { ContactForm } from '../../web/features/contacts/components/contact-form';
import ContactsPage from '../../web/features/contacts/components/contacts-page';
import { createQueryClient } from '../../web/lib/query-client';
import { json } from './fake-api';

function renderForm(onSave = vi.fn()) {
  const user = userEvent.setup();
  render(<ContactForm onSave={onSave} onCancel={() => {}} saving={false} serverError={null} />);
  return { user, onSave };
}

/** The contacts page alone, on a fresh query cache (fetch stubbed by the test). */
function renderContactsPage() {
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={createQueryClient({ queries: { retry: false }, mutations: { retry: false } })}>
      <ContactsPage />
    </QueryClientProvider>,
  );
  return user;
}

describe('the contact form', () => {
  it('shows the five main fields, and the optional ones behind More Information', async () => {
    const { user } = renderForm();
    for (const label of ['First Name', 'Last Name', 'Email', 'Phone', 'Company']) expect(screen.getByLabelText(label)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add picture' })).toBeTruthy();
    expect(screen.queryByLabelText('Birthday')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'More Information' }));
    for (const label of ['Birthday', 'Website', 'Nickname', 'Job Title', 'Notes', 'Street', 'Type of email 1']) expect(screen.getByLabelText(label)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add email' }));
    expect(screen.getByLabelText('Email 2')).toBeTruthy();
  });

  it('refuses a bad email address and a bad web address with clear messages, saving nothing', async () => {
    const { user, onSave } = renderForm();
    await user.type(screen.getByLabelText('First Name'), 'Ada');
    await user.type(screen.getByLabelText('Email'), 'ada-at-example');
    await user.click(screen.getByRole('button', { name: 'Save Contact' }));
    expect(screen.getByText('Enter an email address like name@example.com.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Email')));
    expect(onSave).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText('Email'));
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.click(screen.getByRole('button', { name: 'More Information' }));
    await user.type(screen.getByLabelText('Website'), 'example.com');
    await user.click(screen.getByRole('button', { name: 'Save Contact' }));
    expect(screen.getByText('Enter a web address starting with http:// or https://.')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText('Website'));
    await user.click(screen.getByRole('button', { name: 'Save Contact' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ firstName: 'Ada', emails: [{ type: 'home', value: 'ada@example.com' }], phones: [], address: null }));
  });

  it('refuses a file that is not a picture, whatever its name says, and one over 1 MB', async () => {
    const { user } = renderForm();
    const input = screen.getByTestId('picture-input');
    await user.upload(input, new File(['<html>not an image</html>'], 'holiday.jpg', { type: 'image/jpeg' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This file is not a picture. Choose a PNG, JPEG, GIF or WebP image.');
    const big = new Uint8Array(1024 * 1024 + 1);
    big.set([0xff, 0xd8, 0xff]);
    await user.upload(input, new File([big], 'big.jpg', { type: 'image/jpeg' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The picture is larger than 1 MB. Choose a smaller one.');
  });
});

describe('the contacts page', () => {
  it('exports a Ctrl-click selection of contacts', async () => {
    const contact = (id: string, name: string) => ({ id, name, sortKey: name.toLowerCase(), emails: [`${id}@example.com`], phones: [], company: '', uid: id });
    vi.stubGlobal('fetch', (input: string) => {
      const path = String(input);
      if (path === '/api/contacts/books') return Promise.resolve(json(200, { books: [{ id: 'personal', name: 'Personal Addresses' }] }));
      if (path === '/api/contacts/books/personal/contacts') return Promise.resolve(json(200, { contacts: [contact('a', 'Ada'), contact('b', 'Bea'), contact('c', 'Cy')], groups: [] }));
      return Promise.resolve(json(404, { code: 'not_found', message: path }));
    });
    const user = renderContactsPage();
    expect((await screen.findByRole('link', { name: 'Export book' })).getAttribute('href')).toBe('/api/contacts/books/personal/export');
    await user.click(await screen.findByRole('option', { name: /Ada/ }));
    await user.keyboard('{Control>}');
    await user.click(screen.getByRole('option', { name: /Cy/ }));
    await user.keyboard('{/Control}');
    expect(screen.getByRole('link', { name: 'Export 2 selected' }).getAttribute('href')).toBe('/api/contacts/books/personal/export?ids=a%2Cc');
  });
});

describe('group membership on the contact card', () => {
  it('adds the contact to a group with the group\'s ETag when its box is ticked', async () => {
    const list: ContactListResponse = {
      contacts: [{ id: 'ada.vcf', name: 'Ada Lovelace', sortKey: 'lovelace ada', emails: ['ada@example.com'], phones: [], company: '', uid: 'uid-ada' }],
      groups: [{ id: 'friends.vcf', name: 'Friends', etag: '"g1"', memberUids: ['uid-other'] }],
    };
    const detail: ContactDetail = { id: 'ada.vcf', etag: '"c1"', uid: 'uid-ada', fields: { firstName: 'Ada', lastName: 'Lovelace', company: '', emails: [{ type: 'home', value: 'ada@example.com' }], phones: [], address: null, birthday: '', website: '', nickname: '', jobTitle: '', notes: '', photo: null } };
    const calls: Array<{ method: string; path: string; body: unknown }> = [];
    vi.stubGlobal('fetch', (input: string, init: RequestInit = {}) => {
      const path = String(input);
      calls.push({ method: init.method ?? 'GET', path, body: init.body ? JSON.parse(String(init.body)) : undefined });
      if (path === '/api/contacts/books') return Promise.resolve(json(200, { books: [{ id: 'personal', name: 'Personal Addresses' }] }));
      if (path === '/api/contacts/books/personal/contacts') return Promise.resolve(json(200, list));
      if (path === '/api/contacts/books/personal/contacts/ada.vcf') return Promise.resolve(json(200, detail));
      if (path === '/api/contacts/books/personal/groups/friends.vcf') return Promise.resolve(json(200, { id: 'friends.vcf', etag: '"g2"', name: 'Friends', memberUids: ['uid-other', 'uid-ada'] }));
      return Promise.resolve(json(404, { code: 'not_found', message: path }));
    });
    const user = renderContactsPage();
    await user.click(await screen.findByRole('option', { name: /Ada Lovelace/ }));
    const groups = await screen.findByRole('group', { name: 'Groups' });
    await user.click(within(groups).getByRole('checkbox', { name: 'Friends' }));
    await waitFor(() => expect(calls.find((call) => call.method === 'PUT')).toEqual({
      method: 'PUT',
      path: '/api/contacts/books/personal/groups/friends.vcf',
      body: { etag: '"g1"', name: 'Friends', memberUids: ['uid-other', 'uid-ada'] },
    }));
  });
});
