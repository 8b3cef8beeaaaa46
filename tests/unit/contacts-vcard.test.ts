import { describe, expect, it } from 'vitest';
import { contactFieldsSchema } from '../../shared/api/contacts';
import type { CachedCard } from '../../server/contacts/address-books';
import { rankSuggestions } from '../../server/contacts/carddav-directory';
import { applyFields, fieldsOf, groupOf, newCard, parseCard, serialise, summaryOf } from '../../server/contacts/vcard';
import { splitVcf } from '../../server/contacts/vcard-import';

const fields = (overrides: object) => contactFieldsSchema.parse({ firstName: 'Ada', lastName: 'Lovelace', ...overrides });

describe('vCards', () => {
  it('writes a new contact as vCard 3.0 and reads the same fields back', () => {
    const written = fields({ company: 'Engines', emails: [{ type: 'work', value: 'ada@engines.example' }], phones: [{ type: 'cell', value: '+44 1' }], birthday: '1815-12-10', address: { street: 'St James 1', city: 'London', region: '', postcode: 'SW1', country: 'UK' }, website: 'https://ada.example', notes: 'a; b, c\nd', photo: 'data:image/png;base64,iVBORw0KGgo=' });
    const text = serialise(newCard('uid-1', written));
    expect(text).toMatch(/^BEGIN:VCARD\r\nVERSION:3.0\r\n/);
    expect(text).toContain('PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgo=');
    expect(fieldsOf(parseCard(text))).toEqual(written);
  });

  it('changes only what the user changed in a vCard 4 card from elsewhere', () => {
    const original = 'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:x1\r\nFN:Grace Hopper\r\nN:Hopper;Grace;Brewster;Rear Adm.;\r\nTEL;TYPE=cell;VALUE=uri:tel:+1-555\r\nX-ABC;FOO=bar:kept\r\nitem1.EMAIL:grace@navy.example\r\nEND:VCARD\r\n';
    const card = parseCard(original);
    applyFields(card, { ...fieldsOf(card), jobTitle: 'Admiral' });
    const text = serialise(card);
    expect(text).toContain('X-ABC;FOO=bar:kept');
    expect(text).toContain('N:Hopper;Grace;Brewster;Rear Adm.;');
    // VALUE=uri is TEL's default in vCard 4: ical.js leaves it out, the meaning is the same.
    expect(text).toContain('TEL;TYPE=cell:tel:+1-555');
    expect(text).toContain('TITLE:Admiral');
    expect(summaryOf(card, 'id')).toMatchObject({ name: 'Grace Hopper', uid: 'x1', phones: ['+1-555'], sortKey: 'hopper grace' });
  });

  it('reads Apple and vCard 4 groups', () => {
    const apple = parseCard('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Team\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:a\r\nEND:VCARD\r\n');
    const v4 = parseCard('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Team\r\nKIND:group\r\nMEMBER:urn:uuid:b\r\nEND:VCARD\r\n');
    expect(groupOf(apple, 'g', 'e').memberUids).toEqual(['a']);
    expect(groupOf(v4, 'g', 'e').memberUids).toEqual(['b']);
  });

  it('splits a file into cards, naming what it refuses', () => {
    const { cards, refused } = splitVcf('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut off\r\n');
    expect(cards).toHaveLength(1);
    expect(refused).toEqual([{ entry: 'Entry 2 (Cut off)', message: 'The card is cut off (no END:VCARD line).' }]);
    const outlook = splitVcf('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Old Outlook\r\nTEL;WORK;VOICE:123\r\nEND:VCARD\r\n');
    expect(fieldsOf(outlook.cards[0]!.card).phones).toEqual([{ type: 'work', value: '123' }]);
  });
});

describe('autocomplete ranking', () => {
  const contact = (name: string, emails: string[], uid = name): CachedCard => ({ id: uid, url: '', etag: '', text: '', group: null, contact: { id: uid, name, sortKey: name.toLowerCase(), emails, phones: [], company: '', uid } });
  const cards: CachedCard[] = [
    contact('Bob Adams', ['bob@example.com']),
    contact('Adam Smith', ['adam@example.com', 'a.smith@work.example']),
    contact('Carla Reed', ['carla@adventure.example']),
    { id: 'g', url: '', etag: '', text: '', contact: null, group: { id: 'g', etag: '', name: 'Admins', memberUids: ['Bob Adams', 'missing'] } },
  ];

  it('puts name and address prefixes first, then word prefixes, then anywhere; groups expand to members', () => {
    const names = rankSuggestions(cards, 'ad').map((suggestion) => `${suggestion.name} <${suggestion.email}>`);
    expect(names).toEqual(['Adam Smith <adam@example.com>', 'Adam Smith <a.smith@work.example>', 'Admins <>', 'Bob Adams <bob@example.com>', 'Carla Reed <carla@adventure.example>']);
    expect(rankSuggestions(cards, 'admins')[0]).toEqual({ name: 'Admins', email: '', source: 'group', members: [{ name: 'Bob Adams', email: 'bob@example.com' }] });
  });
});
