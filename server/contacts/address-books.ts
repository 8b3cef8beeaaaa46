import { fetchAddressBooks, fetchVCards, type DAVAccount } from 'tsdav';
import type { AddressBook, ContactGroup, ContactSummary } from '../../shared/api/contacts';
import { davUnavailable, type DavClients } from '../dav/dav-client';
import { AppError } from '../http/app-error';
import type { Credentials } from '../mail/imap/imap-connection';
import { groupOf, isGroupCard, parseCard, summaryOf } from './vcard';

/** The book a user gets on first use: the guide's wording, and what Roundcube and SOGo users know. */
export const DEFAULT_BOOK_NAME = 'Personal Addresses';
const DEFAULT_BOOK_ID = 'personal';

export interface CachedCard {
  id: string;
  url: string;
  etag: string;
  text: string;
  contact: ContactSummary | null;
  group: ContactGroup | null;
}

interface BookSnapshot {
  ctag: string;
  cards: CachedCard[];
  byId: Map<string, CachedCard>;
}

export interface BookInfo extends AddressBook {
  url: string;
  ctag: string;
}

const xmlEscape = (value: string) => value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A user's address books on the CardDAV server, with an in-memory copy of
 * each book's parsed cards that is reused while the book's CTag is unchanged
 * (the BFF keeps no other copy: a restart simply refetches). The copy is what
 * lists, search and autocomplete read; writes go to the server with ETags.
 */
export class AddressBookCache {
  private readonly snapshots = new Map<string, BookSnapshot>();

  constructor(readonly dav: DavClients) {}

  forUser(credentials: Credentials): UserAddressBooks {
    return new UserAddressBooks(this, credentials);
  }

  snapshotOf(user: string, book: BookInfo): BookSnapshot | undefined {
    const snapshot = this.snapshots.get(`${user}\0${book.url}`);
    return snapshot?.ctag === book.ctag && book.ctag !== '' ? snapshot : undefined;
  }

  remember(user: string, book: BookInfo, snapshot: BookSnapshot): void {
    this.snapshots.set(`${user}\0${book.url}`, snapshot);
  }

  forget(user: string, bookUrl: string): void {
    this.snapshots.delete(`${user}\0${bookUrl}`);
  }
}

export class UserAddressBooks {
  private readonly user;

  constructor(private readonly cache: AddressBookCache, private readonly credentials: Credentials) {
    this.user = cache.dav.user(credentials);
  }

  private async account(): Promise<DAVAccount> {
    const homeUrl = await this.cache.dav.homeUrl(this.credentials, 'carddav');
    return { accountType: 'carddav', serverUrl: this.cache.dav.settings.url.href, rootUrl: homeUrl, homeUrl };
  }

  async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, headers: { ...this.user.headers, ...(init.headers as Record<string, string>) } });
    } catch (err) {
      throw davUnavailable(err);
    }
  }

  /** The user's books, sorted by name; the default one is created on first use. */
  async books(): Promise<BookInfo[]> {
    const found = await this.fetchBooks();
    if (found.length > 0) return found;
    await this.createBook(DEFAULT_BOOK_NAME, DEFAULT_BOOK_ID);
    return this.fetchBooks();
  }

  private async fetchBooks(): Promise<BookInfo[]> {
    let books;
    try {
      books = await fetchAddressBooks({ account: await this.account(), headers: this.user.headers });
    } catch (err) {
      throw davUnavailable(err);
    }
    return books
      .map((book) => {
        const url = new URL(book.url, this.cache.dav.settings.url).href;
        const id = decodeURIComponent(url.replace(/\/$/, '').split('/').at(-1) ?? '');
        const name = typeof book.displayName === 'string' && book.displayName ? book.displayName : id;
        return { id, name, url, ctag: String(book.ctag ?? book.syncToken ?? '') };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async book(id: string): Promise<BookInfo> {
    const book = (await this.books()).find((candidate) => candidate.id === id);
    if (!book) throw new AppError(404, 'not_found', 'This address book does not exist (any more).');
    return book;
  }

  async createBook(name: string, id: string = crypto.randomUUID()): Promise<string> {
    const home = await this.cache.dav.homeUrl(this.credentials, 'carddav');
    const body = `<?xml version="1.0" encoding="utf-8"?><mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><set><prop><resourcetype><collection/><C:addressbook/></resourcetype><displayname>${xmlEscape(name)}</displayname></prop></set></mkcol>`;
    const response = await this.request(`${home}${encodeURIComponent(id)}/`, { method: 'MKCOL', headers: { 'content-type': 'application/xml; charset=utf-8' }, body });
    // 405: it exists already (two first uses at once made the default book).
    if (!response.ok && response.status !== 405) throw refused(response, 'create the address book');
    return id;
  }

  async renameBook(id: string, name: string): Promise<void> {
    const book = await this.book(id);
    const body = `<?xml version="1.0" encoding="utf-8"?><propertyupdate xmlns="DAV:"><set><prop><displayname>${xmlEscape(name)}</displayname></prop></set></propertyupdate>`;
    const response = await this.request(book.url, { method: 'PROPPATCH', headers: { 'content-type': 'application/xml; charset=utf-8' }, body });
    if (!response.ok) throw refused(response, 'rename the address book');
  }

  async deleteBook(id: string): Promise<void> {
    const book = await this.book(id);
    const response = await this.request(book.url, { method: 'DELETE' });
    if (!response.ok && response.status !== 404) throw refused(response, 'delete the address book');
    this.cache.forget(this.user.name, book.url);
  }

  /** Every card of the book, from the cache while the book's CTag says nothing changed. */
  async cards(book: BookInfo): Promise<CachedCard[]> {
    const cached = this.cache.snapshotOf(this.user.name, book);
    if (cached) return cached.cards;
    let objects;
    try {
      objects = await fetchVCards({ addressBook: { url: book.url }, headers: this.user.headers });
    } catch (err) {
      throw davUnavailable(err);
    }
    const cards = objects.flatMap((object): CachedCard[] => {
      const url = new URL(object.url, book.url).href;
      const id = decodeURIComponent(url.split('/').at(-1) ?? '');
      const text = String(object.data ?? '');
      try {
        const card = parseCard(text);
        const etag = object.etag ?? '';
        return [isGroupCard(card) ? { id, url, etag, text, contact: null, group: groupOf(card, id, etag) } : { id, url, etag, text, contact: summaryOf(card, id), group: null }];
      } catch {
        // A card another program stored broken: left alone on the server, not shown.
        return [];
      }
    });
    const snapshot = { ctag: book.ctag, cards, byId: new Map(cards.map((card) => [card.id, card])) };
    this.cache.remember(this.user.name, book, snapshot);
    return cards;
  }

  /** One card as the server has it now (its current ETag), or 404. */
  async card(book: BookInfo, id: string): Promise<{ url: string; etag: string; text: string }> {
    const url = `${book.url}${encodeURIComponent(id)}`;
    const response = await this.request(url, { method: 'GET' });
    if (response.status === 404) throw new AppError(404, 'not_found', 'This contact does not exist (any more).');
    if (!response.ok) throw refused(response, 'read the contact');
    return { url, etag: response.headers.get('etag') ?? '', text: await response.text() };
  }

  /** Creates (no etag: must not exist) or replaces (etag: only that version) a card; returns the new ETag. */
  async put(book: BookInfo, id: string, text: string, etag: string | null): Promise<string> {
    const url = `${book.url}${encodeURIComponent(id)}`;
    const response = await this.request(url, {
      method: 'PUT',
      headers: { 'content-type': 'text/vcard; charset=utf-8', ...(etag ? { 'if-match': etag } : { 'if-none-match': '*' }) },
      body: text,
    });
    if (response.status === 412) throw conflict();
    if (!response.ok) throw refused(response, 'save the contact');
    this.cache.forget(this.user.name, book.url);
    return response.headers.get('etag') ?? (await this.card(book, id)).etag;
  }

  async remove(book: BookInfo, id: string, etag: string): Promise<void> {
    const response = await this.request(`${book.url}${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'if-match': etag } });
    if (response.status === 412) throw conflict();
    if (!response.ok && response.status !== 404) throw refused(response, 'delete the contact');
    this.cache.forget(this.user.name, book.url);
  }
}

export function conflict(): AppError {
  return new AppError(409, 'conflict', 'This contact was changed elsewhere (on another device?) since you opened it. Nothing was overwritten: reload it and make your change again.');
}

function refused(response: Response, what: string): AppError {
  if (response.status >= 500) return davUnavailable();
  return new AppError(502, 'dav_unavailable', `The contacts server did not let Tern ${what} (${response.status}).`);
}
