import type { ImportResult } from '../../shared/api/contacts';
import { DomainError } from '../domain-error';
import type { BookInfo, UserAddressBooks } from './address-books';
import { fieldsOf, newUid, serialise, uidOf } from './vcard';
import { splitVcf } from './vcard-import';

/** Chosen contacts (by id), a group's members, or (neither) the whole book. */
export interface ExportChoice {
  ids?: string[];
  groupId?: string;
}

/** The chosen cards as stored, concatenated: what other programs wrote survives unchanged. */
export async function exportFrom(books: UserAddressBooks, book: BookInfo, choice: ExportChoice): Promise<{ filename: string; text: string }> {
  const chosen = chooseForExport(await books.cards(book), choice);
  const filename = `${book.name.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim() || 'contacts'}.vcf`;
  return { filename, text: chosen.map((card) => card.text.replace(/\r?\n$/, '')).join('\r\n') + '\r\n' };
}

type Card = Awaited<ReturnType<UserAddressBooks['cards']>>[number];

function chooseForExport(cards: Card[], { ids, groupId }: ExportChoice): Card[] {
  const contacts = cards.filter((card) => card.contact);
  if (groupId) {
    const group = cards.find((card) => card.group && card.id === groupId)?.group;
    if (!group) throw new DomainError('not_found', 'This group does not exist (any more).');
    const members = new Set(group.memberUids);
    return contacts.filter((card) => members.has(card.contact!.uid));
  }
  if (ids) {
    const wanted = new Set(ids);
    return cards.filter((card) => wanted.has(card.id));
  }
  return cards;
}

/** A .vcf file into a book: `commit` false only says what would happen (entries, duplicates by address, refusals). */
export async function importInto(books: UserAddressBooks, book: BookInfo, vcf: string, commit: boolean): Promise<ImportResult> {
  const { cards, refused } = splitVcf(vcf);
  const existing = new Set((await books.cards(book)).flatMap((card) => card.contact?.emails ?? []).map((email) => email.toLowerCase()));
  const entries = cards.map(({ card }) => {
    const fields = fieldsOf(card);
    const emails = fields.emails.map((email) => email.value);
    return { name: [fields.firstName, fields.lastName].filter(Boolean).join(' ') || String(card.getFirstPropertyValue('fn') ?? ''), emails, duplicate: emails.some((email) => existing.has(email.toLowerCase())) };
  });
  let imported = 0;
  if (commit) {
    for (const [index, { card, text }] of cards.entries()) {
      // A card without a UID gets one (groups and phones need it); the rest is stored as the file had it.
      let body = text;
      let uid = uidOf(card);
      if (!uid) {
        uid = newUid();
        card.addPropertyWithValue('uid', uid);
        body = serialise(card);
      }
      const id = `${newUid()}.vcf`;
      try {
        await books.put(book, id, body, null);
        imported += 1;
      } catch (err) {
        refused.push({ entry: `Entry ${index + 1} (${entries[index]!.name})`, message: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return { entries, duplicates: entries.filter((entry) => entry.duplicate).length, refused, imported };
}
