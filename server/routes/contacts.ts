import { Hono, type Context } from 'hono';
import type ICAL from 'ical.js';
import { z } from 'zod';
import {
  bookRequestSchema,
  createContactRequestSchema,
  davIdSchema,
  etagRequestSchema,
  groupRequestSchema,
  importRequestSchema,
  updateContactRequestSchema,
  updateGroupRequestSchema,
  type AddressBooksResponse,
  type ContactDetail,
  type ContactListResponse,
  type ImportResult,
} from '../../shared/api/contacts';
import { conflict, type UserAddressBooks } from '../contacts/address-books';
import { searchContacts } from '../contacts/contact-search';
import { applyFields, fieldsOf, isGroupCard, newCard, newGroupCard, newUid, parseCard, serialise, setGroup, uidOf } from '../contacts/vcard';
import { exportFrom, importInto } from '../contacts/contact-transfer';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery, readJson } from '../http/validate';

/** Address books, contacts, groups, import and export (SPEC §9), on the user's CardDAV server. */
export const contactRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/books', async (c) => {
    const books = await (await booksOf(c)).books();
    return c.json<AddressBooksResponse>({ books: books.map(({ id, name }) => ({ id, name })) });
  })
  .post('/books', async (c) => {
    const { name } = parseInput(bookRequestSchema, await readJson(c));
    const id = await (await booksOf(c)).createBook(name);
    return c.json({ id, name }, 201);
  })
  .patch('/books/:book', async (c) => {
    const { name } = parseInput(bookRequestSchema, await readJson(c));
    await (await booksOf(c)).renameBook(idParam(c, 'book'), name);
    return c.body(null, 204);
  })
  .delete('/books/:book', async (c) => {
    await (await booksOf(c)).deleteBook(idParam(c, 'book'));
    return c.body(null, 204);
  })
  .get('/books/:book/contacts', async (c) => {
    const { q } = parseQuery(contactSearchQuery, c);
    const books = await booksOf(c);
    const cards = await books.cards(await books.book(idParam(c, 'book')));
    const contacts = searchContacts(cards.flatMap((card) => (card.contact ? [card.contact] : [])), q);
    const groups = cards.flatMap((card) => (card.group ? [card.group] : []));
    return c.json<ContactListResponse>({ contacts, groups });
  })
  .get('/books/:book/contacts/:id', async (c) => {
    const books = await booksOf(c);
    const book = await books.book(idParam(c, 'book'));
    const id = idParam(c, 'id');
    const { etag, text } = await books.card(book, id);
    const card = parseCard(text);
    return c.json<ContactDetail>({ id, etag, uid: uidOf(card), fields: fieldsOf(card) });
  })
  .post('/books/:book/contacts', async (c) => {
    const { fields } = parseInput(createContactRequestSchema, await readJson(c));
    const uid = newUid();
    const { id, etag } = await createCard(c, uid, newCard(uid, fields));
    return c.json<ContactDetail>({ id, etag, uid, fields }, 201);
  })
  .put('/books/:book/contacts/:id', async (c) => {
    const { etag, fields } = parseInput(updateContactRequestSchema, await readJson(c));
    const { id, etag: newEtag, card } = await editCard(c, etag, (card) => applyFields(card, fields));
    return c.json<ContactDetail>({ id, etag: newEtag, uid: uidOf(card), fields: fieldsOf(card) });
  })
  .delete('/books/:book/contacts/:id', deleteCard)
  .post('/books/:book/groups', async (c) => {
    const { name, memberUids } = parseInput(groupRequestSchema, await readJson(c));
    const uid = newUid();
    const card = newGroupCard(uid);
    setGroup(card, name, memberUids);
    const { id, etag } = await createCard(c, uid, card);
    return c.json({ id, etag, name, memberUids }, 201);
  })
  .put('/books/:book/groups/:id', async (c) => {
    const { etag, name, memberUids } = parseInput(updateGroupRequestSchema, await readJson(c));
    const { id, etag: newEtag } = await editCard(c, etag, (card) => {
      if (!isGroupCard(card)) throw new DomainError('bad_request', 'This card is a contact, not a group.');
      setGroup(card, name, memberUids);
    });
    return c.json({ id, etag: newEtag, name, memberUids });
  })
  .delete('/books/:book/groups/:id', deleteCard)
  .post('/books/:book/import', async (c) => {
    const { vcf, commit } = parseInput(importRequestSchema, await readJson(c));
    const books = await booksOf(c);
    const book = await books.book(idParam(c, 'book'));
    return c.json<ImportResult>(await importInto(books, book, vcf, commit));
  })
  .get('/books/:book/export', async (c) => {
    const { ids, group } = parseQuery(exportQuery, c);
    const books = await booksOf(c);
    const file = await exportFrom(books, await books.book(idParam(c, 'book')), { ids: ids?.split(','), groupId: group });
    return c.body(file.text, 200, {
      'content-type': 'text/vcard; charset=utf-8',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    });
  });

const contactSearchQuery = z.object({ q: z.string().max(200, 'Search for at most 200 characters.').default('') });
/** Export of chosen contacts (comma-separated ids) or of a group's members; neither: the whole book. */
const exportQuery = z.object({ ids: z.string().max(200_000).optional(), group: davIdSchema.optional() });

function booksOf(c: Context<AppEnv>): Promise<UserAddressBooks> {
  return c.var.deps.addressBooks.forUser(c.var.session);
}

function idParam(c: Context<AppEnv>, name: string): string {
  return parseInput(davIdSchema, c.req.param(name));
}

async function createCard(c: Context<AppEnv>, uid: string, card: ICAL.Component): Promise<{ id: string; etag: string }> {
  const books = await booksOf(c);
  const book = await books.book(idParam(c, 'book'));
  const id = `${uid}.vcf`;
  return { id, etag: await books.put(book, id, serialise(card), null) };
}

/**
 * The edit is applied to the card as the server holds it *in the version the user
 * edited*: a newer version (a phone changed it) is a conflict, never silently overwritten.
 */
async function editCard(c: Context<AppEnv>, etag: string, change: (card: ICAL.Component) => void): Promise<{ id: string; etag: string; card: ICAL.Component }> {
  const books = await booksOf(c);
  const book = await books.book(idParam(c, 'book'));
  const id = idParam(c, 'id');
  const current = await books.card(book, id);
  if (current.etag !== etag) throw conflict();
  const card = parseCard(current.text);
  change(card);
  return { id, etag: await books.put(book, id, serialise(card), etag), card };
}

async function deleteCard(c: Context<AppEnv>): Promise<Response> {
  const { etag } = parseQuery(etagRequestSchema, c);
  const books = await booksOf(c);
  await books.remove(await books.book(idParam(c, 'book')), idParam(c, 'id'), etag);
  return c.body(null, 204);
}
