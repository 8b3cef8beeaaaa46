import { describe, expect, it } from 'vitest';
import { orderFolders, type ListedMailbox } from '../../server/mail/folder-order';

const mailbox = (path: string, overrides: Partial<ListedMailbox> = {}): ListedMailbox => ({
  path,
  delimiter: '/',
  specialUse: null,
  unread: 0,
  total: 0,
  subscribed: true,
  ...overrides,
});

describe('orderFolders', () => {
  it('puts the special five first in the SPEC order with their labels, whatever the server calls them', () => {
    const folders = orderFolders([
      mailbox('Archive'),
      mailbox('Deleted Items', { specialUse: 'trash' }),
      mailbox('Junk E-mail', { specialUse: 'junk', unread: 2 }),
      mailbox('INBOX', { specialUse: 'inbox', unread: 3 }),
      mailbox('Sent Messages', { specialUse: 'sent' }),
      mailbox('Drafts', { specialUse: 'drafts' }),
    ]);
    expect(folders.map((folder) => folder.name)).toEqual(['Inbox', 'Drafts', 'Sent', 'Spam', 'Trash', 'Archive']);
    expect(folders.find((folder) => folder.name === 'Spam')).toMatchObject({ path: 'Junk E-mail', unread: 2 });
  });

  it('nests user folders by the delimiter in tree order, case-insensitively', () => {
    const folders = orderFolders([
      mailbox('work/2026', { delimiter: '/' }),
      mailbox('Family', { delimiter: '/' }),
      mailbox('work', { delimiter: '/' }),
      mailbox('work/2025', { delimiter: '/' }),
      mailbox('archive', { delimiter: '/' }),
    ]);
    expect(folders.map((folder) => [folder.path, folder.name, folder.depth])).toEqual([
      ['archive', 'archive', 0],
      ['Family', 'Family', 0],
      ['work', 'work', 0],
      ['work/2025', '2025', 1],
      ['work/2026', '2026', 1],
    ]);
  });
});
