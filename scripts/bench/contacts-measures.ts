import type { ContactListResponse } from '../../shared/api/contacts';
import type { RecipientSuggestionsResponse } from '../../shared/api/recipients';
import { ApiClient } from '../../tests/support/api-client';
import type { ExtraRow } from './mailbox-measures';
import { compare } from './measure';

interface User {
  email: string;
  password: string;
}

const CONTACTS = 5_000;
const BOOK = 'bench-5k';
const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Katherine', 'Dorothy', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Niklaus', 'Radia', 'Tim', 'Vint'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Vaughan', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Wirth', 'Perlman', 'Berners-Lee', 'Cerf'];
const SEARCH = 'hopper';
const AUTOCOMPLETE = 'gr';

const FLOOR_LIST = `<?xml version="1.0" encoding="utf-8"?><C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/></D:prop></C:addressbook-query>`;
const floorSearch = (text: string) => `<?xml version="1.0" encoding="utf-8"?><C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><C:address-data/></D:prop>
<C:filter test="anyof"><C:prop-filter name="FN"><C:text-match collation="i;unicode-casemap" match-type="contains">${text}</C:text-match></C:prop-filter><C:prop-filter name="EMAIL"><C:text-match collation="i;unicode-casemap" match-type="contains">${text}</C:text-match></C:prop-filter></C:filter></C:addressbook-query>`;

/** One vCard file holding the whole book: Radicale takes a PUT of a collection as "replace it with these". */
function seedBook(): string {
  const cards: string[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const last = `${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!}${i}`;
    cards.push(`BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-${i}\r\nFN:${first} ${last}\r\nN:${last};${first};;;\r\nEMAIL;TYPE=WORK:${first.toLowerCase()}.${i}@bench.example\r\nTEL;TYPE=CELL:+1 555 ${String(i).padStart(4, '0')}\r\nORG:Bench ${i % 40}\r\nEND:VCARD\r\n`);
  }
  return cards.join('');
}

/**
 * Contacts (issue 7): listing and searching a 5,000-contact book through the
 * BFF against the same over CardDAV straight to Radicale (an addressbook-query
 * REPORT, what a CardDAV client sends), and compose's autocomplete latency.
 * "warm" is the BFF with its per-book copy current (the CTag unchanged, one
 * PROPFIND); "cold" refetches and parses the whole book first.
 */
export async function measureContacts(bffUrl: string, davUrl: string, user: User, reps: number, dropCache: () => void): Promise<ExtraRow[]> {
  const home = `${davUrl.replace(/\/$/, '')}/${encodeURIComponent(user.email)}/`;
  const davHeaders = { 'x-remote-user': user.email };
  const seeded = await fetch(`${home}${BOOK}/`, { method: 'PUT', headers: { ...davHeaders, 'content-type': 'text/vcard' }, body: seedBook() });
  if (!seeded.ok) throw new Error(`seeding the contacts book failed: ${seeded.status}`);

  const api = new ApiClient(bffUrl);
  const signedIn = await api.signIn(user.email, user.password);
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.status}`);
  const floorQuery = async (body: string, expected: number) => {
    const response = await fetch(`${home}${BOOK}/`, { method: 'REPORT', headers: { ...davHeaders, depth: '1', 'content-type': 'application/xml' }, body });
    const text = await response.text();
    const found = text.split('<D:response>').length - 1 || text.split('<response>').length - 1;
    if (response.status !== 207 || found < expected) throw new Error(`CardDAV REPORT answered ${response.status} with ${found} cards`);
  };
  const bffList = async (query: string, expected: number) => {
    const list = await api.json<ContactListResponse>('GET', `/api/contacts/books/${BOOK}/contacts${query}`);
    if (list.contacts.length < expected) throw new Error(`BFF listed ${list.contacts.length}`);
  };
  const searchHits = Math.floor(CONTACTS / LAST_NAMES.length);
  const options = { warmups: 2, reps };
  const rows: ExtraRow[] = [];
  const row = async (id: string, title: string, floorIs: string, bff: () => Promise<void>, floor: () => Promise<void>, beforeBff?: () => void) => {
    const result = await compare(bff, floor, { ...options, beforeEach: async (side) => (side === 'bff' ? beforeBff?.() : undefined) });
    rows.push({ id, title, bff: result.bff, floor: result.floor, floorIs });
  };

  await row('k', `list a ${CONTACTS.toLocaleString('en')}-contact book (warm)`, 'CardDAV REPORT, all cards', () => bffList('', CONTACTS), () => floorQuery(FLOOR_LIST, CONTACTS));
  await row('l', `list a ${CONTACTS.toLocaleString('en')}-contact book (cold)`, 'CardDAV REPORT, all cards', () => bffList('', CONTACTS), () => floorQuery(FLOOR_LIST, CONTACTS), dropCache);
  await row('m', `search "${SEARCH}" (about ${searchHits} hits)`, 'CardDAV REPORT, text-match', () => bffList(`?q=${SEARCH}`, searchHits), () => floorQuery(floorSearch(SEARCH), searchHits));
  await row('n', `autocomplete "${AUTOCOMPLETE}" (compose)`, 'CardDAV REPORT, text-match', async () => {
    const { suggestions } = await api.json<RecipientSuggestionsResponse>('GET', `/api/compose/recipients?q=${AUTOCOMPLETE}`);
    if (suggestions.length === 0) throw new Error('no suggestions');
  }, () => floorQuery(floorSearch(AUTOCOMPLETE), 1));
  return rows;
}
