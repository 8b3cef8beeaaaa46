import { z } from './zod';

/** Address books, contacts and groups as the SPA sees them (SPEC §9). Stored on the CardDAV server. */

/** A path segment naming a book, card or group on the DAV server: never a separator or a dot segment. */
export const davIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._~@%+-]+$/, 'not a valid id')
  .refine((id) => id !== '.' && id !== '..', 'not a valid id');

export const bookNameSchema = z.string().trim().min(1, 'Give the address book a name.').max(100, 'Use at most 100 characters.');

export const addressBookSchema = z.object({ id: z.string(), name: z.string() });
export type AddressBook = z.infer<typeof addressBookSchema>;
export const addressBooksResponseSchema = z.object({ books: z.array(addressBookSchema) });
export type AddressBooksResponse = z.infer<typeof addressBooksResponseSchema>;
export const bookRequestSchema = z.object({ name: bookNameSchema });

export const EMAIL_TYPES = ['home', 'work', 'other'] as const;
export const PHONE_TYPES = ['cell', 'home', 'work', 'other'] as const;

/** The same rule as sign-in: something@domain.tld, no spaces. */
const emailValue = z.string().trim().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address like name@example.com.');
const phoneValue = z.string().trim().min(1).max(40).regex(/^[0-9+()./\s#*-]+$/, 'A phone number may contain digits, spaces and + ( ) - . / # *.');
/** A full date, or a day without a year (vCard 4 "--MM-DD"). */
const birthdayValue = z
  .string()
  .regex(/^(\d{4}|--)-?\d{2}-\d{2}$/, 'Enter the birthday as a date (YYYY-MM-DD).')
  .refine((value) => {
    const [month, day] = value.slice(-5).split('-').map(Number) as [number, number];
    const year = value.startsWith('--') ? 2000 : Number(value.slice(0, 4));
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, 'This date does not exist.');
const websiteValue = z.string().trim().max(500).regex(/^https?:\/\/\S+$/i, 'Enter a web address starting with http:// or https://.');

/** At most 1 MB before scaling (SPEC §9), checked in the browser, which scales it to a thumbnail. */
export const PHOTO_MAX_BYTES = 1024 * 1024;
/** The stored thumbnail, as a data URL: 256 × 256 pixels fit easily. */
export const THUMBNAIL_MAX_DATA_URL_LENGTH = 300_000;
export const photoSchema = z
  .string()
  .max(THUMBNAIL_MAX_DATA_URL_LENGTH, 'The picture is too large.')
  .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/, 'The picture must be a PNG, JPEG, GIF or WebP image.');

export const contactFieldsSchema = z
  .object({
    firstName: z.string().trim().max(100).default(''),
    lastName: z.string().trim().max(100).default(''),
    company: z.string().trim().max(200).default(''),
    emails: z.array(z.object({ type: z.enum(EMAIL_TYPES), value: emailValue })).max(20).default([]),
    phones: z.array(z.object({ type: z.enum(PHONE_TYPES), value: phoneValue })).max(20).default([]),
    address: z
      .object({
        street: z.string().trim().max(200),
        city: z.string().trim().max(100),
        region: z.string().trim().max(100),
        postcode: z.string().trim().max(20),
        country: z.string().trim().max(100),
      })
      .nullable()
      .default(null),
    birthday: z.union([birthdayValue, z.literal('')]).default(''),
    website: z.union([websiteValue, z.literal('')]).default(''),
    nickname: z.string().trim().max(100).default(''),
    jobTitle: z.string().trim().max(100).default(''),
    notes: z.string().max(10_000).default(''),
    photo: photoSchema.nullable().default(null),
  })
  .refine((fields) => fields.firstName || fields.lastName || fields.company || fields.emails.length > 0, {
    message: 'Give the contact a name, a company or an email address.',
    path: ['firstName'],
  });
export type ContactFields = z.output<typeof contactFieldsSchema>;

export const contactSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** What the list sorts by: last name first when there is one. */
  sortKey: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  company: z.string(),
  /** The vCard UID, which groups refer to. */
  uid: z.string(),
});
export type ContactSummary = z.infer<typeof contactSummarySchema>;

export const groupSchema = z.object({ id: z.string(), name: z.string(), etag: z.string(), memberUids: z.array(z.string()) });
export type ContactGroup = z.infer<typeof groupSchema>;

export const contactListResponseSchema = z.object({ contacts: z.array(contactSummarySchema), groups: z.array(groupSchema) });
export type ContactListResponse = z.infer<typeof contactListResponseSchema>;

export const contactDetailSchema = z.object({ id: z.string(), etag: z.string(), uid: z.string(), fields: z.custom<ContactFields>() });
export type ContactDetail = z.infer<typeof contactDetailSchema>;

export const createContactRequestSchema = z.object({ fields: contactFieldsSchema });
export const updateContactRequestSchema = z.object({ etag: z.string().min(1), fields: contactFieldsSchema });
export const etagRequestSchema = z.object({ etag: z.string().min(1) });

export const groupRequestSchema = z.object({ name: z.string().trim().min(1, 'Give the group a name.').max(100), memberUids: z.array(z.string().max(200)).max(10_000).default([]) });
export const updateGroupRequestSchema = groupRequestSchema.extend({ etag: z.string().min(1) });

/** vCard text for import: the API's JSON bodies are at most 1 MB (server/app.ts). */
export const IMPORT_MAX_BYTES = 1000 * 1000;
export const importRequestSchema = z.object({ vcf: z.string().max(IMPORT_MAX_BYTES, 'The file is larger than 1 MB; split it and import the parts.'), commit: z.boolean().default(false) });
export const importEntrySchema = z.object({ name: z.string(), emails: z.array(z.string()), duplicate: z.boolean() });
export const importResultSchema = z.object({
  entries: z.array(importEntrySchema),
  duplicates: z.number(),
  /** Entries that cannot be imported, each named (its number in the file and what it says its name is). */
  refused: z.array(z.object({ entry: z.string(), message: z.string() })),
  imported: z.number(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** The contacts search (SPEC §9), the same in the BFF and the page: name, email, company, and phone by its digits. */
export function matchesContactSearch(contact: Pick<ContactSummary, 'name' | 'company' | 'emails' | 'phones'>, query: string): boolean {
  const needle = query.trim().toLocaleLowerCase();
  if (!needle) return true;
  const digits = needle.replace(/[^0-9+]/g, '');
  return (
    contact.name.toLocaleLowerCase().includes(needle) ||
    contact.company.toLocaleLowerCase().includes(needle) ||
    contact.emails.some((email) => email.toLowerCase().includes(needle)) ||
    (digits.length >= 3 && contact.phones.some((phone) => phone.replace(/[^0-9+]/g, '').includes(digits)))
  );
}
