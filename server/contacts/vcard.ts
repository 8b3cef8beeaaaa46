import ICAL from 'ical.js';
import {
  EMAIL_TYPES,
  PHONE_TYPES,
  type ContactFields,
  type ContactGroup,
  type ContactSummary,
} from '../../shared/api/contacts';

/**
 * Contacts as vCards (3.0 and 4.0), parsed and written by ical.js. An edit
 * changes only the properties of the fields the user changed: everything else
 * in the card (unknown X- properties, parameters, groups, other units) is kept
 * byte for byte as ical.js round-trips it.
 *
 * Groups use Apple's form (X-ADDRESSBOOKSERVER-KIND:group with
 * X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:…) in the same book: it is what iOS,
 * macOS and Nextcloud read and write on CardDAV; vCard 4 KIND:group/MEMBER
 * cards are read as groups too.
 */
type JCalProperty = [string, Record<string, string | string[]>, string, ...unknown[]];

const EMPTY_FIELDS: ContactFields = {
  firstName: '', lastName: '', company: '', emails: [], phones: [], address: null,
  birthday: '', website: '', nickname: '', jobTitle: '', notes: '', photo: null,
};

export function newUid(): string {
  return crypto.randomUUID();
}

/** One vCard from its text; throws (ical.js's message) when it is not one. */
export function parseCard(text: string): ICAL.Component {
  const parsed = ICAL.parse(text) as unknown[];
  const jcal = Array.isArray(parsed[0]) ? parsed[0] : parsed;
  const component = new ICAL.Component(jcal as unknown[]);
  if (component.name !== 'vcard') throw new Error('not a vCard');
  return component;
}

export function isVersion4(card: ICAL.Component): boolean {
  return String(card.getFirstPropertyValue('version') ?? '') === '4.0';
}

export function uidOf(card: ICAL.Component): string {
  return String(card.getFirstPropertyValue('uid') ?? '').replace(/^urn:uuid:/i, '');
}

export function isGroupCard(card: ICAL.Component): boolean {
  const kind = String(card.getFirstPropertyValue('x-addressbookserver-kind') ?? card.getFirstPropertyValue('kind') ?? '');
  return kind.toLowerCase() === 'group';
}

function text(card: ICAL.Component, name: string): string {
  const value = card.getFirstPropertyValue(name);
  return value === null || value === undefined ? '' : String(value);
}

function structured(card: ICAL.Component, name: string): string[] {
  const value = card.getFirstProperty(name)?.getFirstValue() as unknown;
  if (Array.isArray(value)) return value.map((part) => (Array.isArray(part) ? part.join(',') : String(part ?? '')));
  return typeof value === 'string' ? value.split(';') : [];
}

function typesOf(property: ICAL.Property): string[] {
  const raw = property.getParameter('type') as string | string[] | undefined;
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((type) => type.split(',')).map((type) => type.toLowerCase());
}

function typed<T extends string>(property: ICAL.Property, allowed: readonly T[]): T {
  const types = typesOf(property);
  if ((allowed as readonly string[]).includes('cell') && types.some((type) => type === 'cell' || type === 'mobile' || type === 'iphone')) return 'cell' as T;
  return allowed.find((type) => types.includes(type)) ?? ('other' as T);
}

function birthdayOf(card: ICAL.Component): string {
  const raw = card.getFirstProperty('bday')?.getFirstValue() as unknown;
  const value = raw === undefined || raw === null ? '' : String(raw);
  const full = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(value);
  if (full) return `${full[1]}-${full[2]}-${full[3]}`;
  const noYear = /^--(\d{2})-?(\d{2})/.exec(value);
  return noYear ? `--${noYear[1]}-${noYear[2]}` : '';
}

function photoOf(card: ICAL.Component): string | null {
  const property = card.getFirstProperty('photo');
  if (!property) return null;
  const value = String(property.getFirstValue() ?? '').replace(/\s+/g, '');
  if (/^data:image\/(png|jpeg|gif|webp);base64,/i.test(value)) return value;
  const encoding = String(property.getParameter('encoding') ?? '').toLowerCase();
  if (encoding !== 'b' && encoding !== 'base64') return null;
  const declared = String(property.getParameter('type') ?? '').toLowerCase().replace('image/', '');
  const mime = declared === 'jpg' ? 'jpeg' : declared;
  return ['png', 'jpeg', 'gif', 'webp'].includes(mime) ? `data:image/${mime};base64,${value}` : null;
}

export function fieldsOf(card: ICAL.Component): ContactFields {
  const [lastName = '', firstName = ''] = structured(card, 'n');
  const adr = card.getFirstProperty('adr') ? structured(card, 'adr') : null;
  return {
    ...EMPTY_FIELDS,
    firstName,
    lastName,
    company: structured(card, 'org')[0] ?? '',
    emails: card.getAllProperties('email').map((property) => ({ type: typed(property, EMAIL_TYPES), value: String(property.getFirstValue() ?? '') })),
    phones: card.getAllProperties('tel').map((property) => ({ type: typed(property, PHONE_TYPES), value: String(property.getFirstValue() ?? '').replace(/^tel:/i, '') })),
    address: adr ? { street: adr[2] ?? '', city: adr[3] ?? '', region: adr[4] ?? '', postcode: adr[5] ?? '', country: adr[6] ?? '' } : null,
    birthday: birthdayOf(card),
    website: text(card, 'url'),
    nickname: text(card, 'nickname'),
    jobTitle: text(card, 'title'),
    notes: text(card, 'note'),
    photo: photoOf(card),
  };
}

export function displayName(card: ICAL.Component, fields: ContactFields = fieldsOf(card)): string {
  return text(card, 'fn').trim() || fullName(fields) || '(no name)';
}

export function summaryOf(card: ICAL.Component, id: string): ContactSummary {
  const fields = fieldsOf(card);
  const name = displayName(card, fields);
  return {
    id,
    name,
    sortKey: (fields.lastName ? `${fields.lastName} ${fields.firstName}` : name).toLocaleLowerCase(),
    emails: fields.emails.map((email) => email.value),
    phones: fields.phones.map((phone) => phone.value),
    company: fields.company,
    uid: uidOf(card),
  };
}

export function groupOf(card: ICAL.Component, id: string, etag: string): ContactGroup {
  const members = [...card.getAllProperties('x-addressbookserver-member'), ...card.getAllProperties('member')];
  return { id, etag, name: displayName(card), memberUids: members.map((member) => String(member.getFirstValue()).replace(/^urn:uuid:/i, '')) };
}

function fullName(fields: ContactFields): string {
  return [fields.firstName, fields.lastName].filter(Boolean).join(' ') || fields.company || fields.emails[0]?.value || '';
}

function replaceAll(card: ICAL.Component, name: string, properties: JCalProperty[]): void {
  card.removeAllProperties(name);
  for (const jcal of properties) card.addProperty(new ICAL.Property(jcal));
}

function typeParameter(card: ICAL.Component, type: string): Record<string, string> {
  return type === 'other' ? {} : { type: isVersion4(card) ? type : type.toUpperCase() };
}

function photoProperty(card: ICAL.Component, dataUrl: string): JCalProperty {
  if (isVersion4(card)) return ['photo', {}, 'uri', dataUrl];
  const [, mime = 'jpeg', base64 = ''] = /^data:image\/([a-z]+);base64,(.*)$/.exec(dataUrl) ?? [];
  return ['photo', { encoding: 'b', type: mime.toUpperCase() }, 'binary', base64];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Writes the changed fields into the card; unchanged fields and unknown properties stay as they were. */
export function applyFields(card: ICAL.Component, fields: ContactFields): void {
  const before = fieldsOf(card);
  const single = (name: string, value: string, type = 'text') => replaceAll(card, name, value ? [[name, {}, type, value]] : []);
  if (before.firstName !== fields.firstName || before.lastName !== fields.lastName) {
    const [, , middle = '', prefix = '', suffix = ''] = structured(card, 'n');
    replaceAll(card, 'n', [['n', {}, 'text', [fields.lastName, fields.firstName, middle, prefix, suffix]]]);
  }
  if (before.company !== fields.company) replaceAll(card, 'org', fields.company ? [['org', {}, 'text', fields.company]] : []);
  if (!same(before.emails, fields.emails)) replaceAll(card, 'email', fields.emails.map((email) => ['email', typeParameter(card, email.type), 'text', email.value]));
  if (!same(before.phones, fields.phones)) {
    const valueType = isVersion4(card) ? 'uri' : 'phone-number';
    replaceAll(card, 'tel', fields.phones.map((phone) => ['tel', typeParameter(card, phone.type), valueType, isVersion4(card) ? `tel:${phone.value.replace(/\s+/g, '')}` : phone.value]));
  }
  if (!same(before.address, fields.address)) {
    const a = fields.address;
    replaceAll(card, 'adr', a && Object.values(a).some(Boolean) ? [['adr', {}, 'text', ['', '', a.street, a.city, a.region, a.postcode, a.country]]] : []);
  }
  if (before.birthday !== fields.birthday) single('bday', fields.birthday, fields.birthday.startsWith('--') ? 'date-and-or-time' : 'date');
  if (before.website !== fields.website) single('url', fields.website, 'uri');
  if (before.nickname !== fields.nickname) single('nickname', fields.nickname);
  if (before.jobTitle !== fields.jobTitle) single('title', fields.jobTitle);
  if (before.notes !== fields.notes) single('note', fields.notes);
  if (before.photo !== fields.photo) replaceAll(card, 'photo', fields.photo ? [photoProperty(card, fields.photo)] : []);
  const name = fullName(fields);
  if (name && (text(card, 'fn') === '' || before.firstName !== fields.firstName || before.lastName !== fields.lastName || before.company !== fields.company)) {
    replaceAll(card, 'fn', [['fn', {}, 'text', name]]);
  }
}

/** A new card is vCard 3.0: what every phone and desktop program reads. */
export function newCard(uid: string, fields: ContactFields): ICAL.Component {
  const card = new ICAL.Component(['vcard', [['version', {}, 'text', '3.0'], ['uid', {}, 'text', uid], ['prodid', {}, 'text', '-//Tern//Contacts//EN']], []]);
  applyFields(card, fields);
  if (!text(card, 'fn')) replaceAll(card, 'fn', [['fn', {}, 'text', fullName(fields)]]);
  if (!card.getFirstProperty('n')) replaceAll(card, 'n', [['n', {}, 'text', ['', '', '', '', '']]]);
  return card;
}

export function newGroupCard(uid: string): ICAL.Component {
  return new ICAL.Component(['vcard', [['version', {}, 'text', '3.0'], ['uid', {}, 'text', uid], ['prodid', {}, 'text', '-//Tern//Contacts//EN'], ['x-addressbookserver-kind', {}, 'unknown', 'group']], []]);
}

/** Renames the group and sets its members, in the form the card already uses (Apple's, or vCard 4 MEMBER). */
export function setGroup(card: ICAL.Component, name: string, memberUids: readonly string[]): void {
  replaceAll(card, 'fn', [['fn', {}, 'text', name]]);
  replaceAll(card, 'n', [['n', {}, 'text', [name, '', '', '', '']]]);
  const property = card.getFirstProperty('member') && !card.getFirstProperty('x-addressbookserver-member') ? 'member' : 'x-addressbookserver-member';
  replaceAll(card, property, memberUids.map((uid) => [property, {}, property === 'member' ? 'uri' : 'unknown', `urn:uuid:${uid}`]));
}

export function serialise(card: ICAL.Component): string {
  return `${card.toString().replace(/\r?\n/g, '\r\n')}\r\n`;
}
