import { useRef, useState, type FormEvent } from 'react';
import { contactFieldsSchema, EMAIL_TYPES, PHONE_TYPES, type ContactFields } from '../../../../shared/api/contacts';
import { msg } from '../../../lib/i18n/i18n';
import { useT } from '../i18n';
import { PictureError, thumbnailOf } from './picture';
import { translateServerText } from '../../../lib/i18n/server-texts';

const EMPTY: ContactFields = {
  firstName: '', lastName: '', company: '', emails: [], phones: [], address: null,
  birthday: '', website: '', nickname: '', jobTitle: '', notes: '', photo: null,
};
const EMPTY_ADDRESS = { street: '', city: '', region: '', postcode: '', country: '' };

const ADDRESS_LABELS: Record<keyof typeof EMPTY_ADDRESS, string> = {
  street: msg('Street'),
  city: msg('City'),
  region: msg('State or region'),
  postcode: msg('Postcode'),
  country: msg('Country'),
};

/**
 * The contact schema's messages (shared/api/contacts.ts: English, and the BFF's
 * too) that the form shows, so it says them in the user's language; any other shows as it is.
 */
/** The names of the email and phone types (the vCard TYPE values, which stay English in the card). */
export const CONTACT_TYPE_LABELS: Record<(typeof PHONE_TYPES)[number] | (typeof EMAIL_TYPES)[number], string> = {
  cell: msg('cell'),
  home: msg('home'),
  work: msg('work'),
  other: msg('other'),
};

type Draft = Omit<ContactFields, 'emails' | 'phones' | 'address'> & {
  emails: Array<{ type: (typeof EMAIL_TYPES)[number]; value: string }>;
  phones: Array<{ type: (typeof PHONE_TYPES)[number]; value: string }>;
  address: NonNullable<ContactFields['address']>;
};

function toDraft(fields: ContactFields): Draft {
  return {
    ...fields,
    emails: fields.emails.length ? fields.emails : [{ type: 'home', value: '' }],
    phones: fields.phones.length ? fields.phones : [{ type: 'cell', value: '' }],
    address: fields.address ?? EMPTY_ADDRESS,
  };
}

function fromDraft(draft: Draft): unknown {
  return {
    ...draft,
    emails: draft.emails.filter((email) => email.value.trim()),
    phones: draft.phones.filter((phone) => phone.value.trim()),
    address: Object.values(draft.address).some((part) => part.trim()) ? draft.address : null,
  };
}

/** "New Contact" and edit (SPEC §9): the five main fields, the rest behind "More Information". */
export function ContactForm({ initial, onSave, onCancel, saving, serverError }: {
  initial?: ContactFields;
  onSave: (fields: ContactFields) => void;
  onCancel: () => void;
  saving: boolean;
  serverError: string | null;
}) {
  const t = useT();
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial ?? EMPTY));
  const [more, setMore] = useState(() => Boolean(initial && (initial.emails.length > 1 || initial.phones.length > 1 || initial.address || initial.birthday || initial.website || initial.nickname || initial.jobTitle || initial.notes)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pictureError, setPictureError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const setListItem = <K extends 'emails' | 'phones'>(key: K, index: number, change: Partial<Draft[K][number]>) =>
    set(key, draft[key].map((item, i) => (i === index ? { ...item, ...change } : item)) as Draft[K]);

  async function choosePicture(file: File | undefined) {
    if (!file) return;
    setPictureError(null);
    try {
      set('photo', await thumbnailOf(file));
    } catch (err) {
      setPictureError(err instanceof PictureError ? err.message : t('This picture cannot be read. Choose another one.'));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = contactFieldsSchema.safeParse(fromDraft(draft));
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), translateServerText(issue.message)])));
      if (parsed.error.issues.some((issue) => !['firstName', 'emails.0.value', 'phones.0.value'].includes(issue.path.join('.')))) setMore(true);
      // The first field to fix may be scrolled away (the button is at the bottom): take the user there.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setErrors({});
    onSave(parsed.data);
  }

  const error = (path: string) => (errors[path] ? <span className="contact-field-error" role="alert">{errors[path]}</span> : null);
  const text = (label: string, key: 'firstName' | 'lastName' | 'company' | 'nickname' | 'jobTitle' | 'website' | 'birthday', type = 'text') => (
    <div className="contact-field">
      <label>
        <span>{label}</span>
        <input type={type} value={draft[key]} onChange={(e) => set(key, e.target.value)} aria-invalid={Boolean(errors[key])} />
      </label>
      {error(key)}
    </div>
  );

  const textFields = {
    firstName: text(t('First Name'), 'firstName'),
    lastName: text(t('Last Name'), 'lastName'),
    company: text(t('Company'), 'company'),
    birthday: text(t('Birthday'), 'birthday', 'date'),
    website: text(t('Website'), 'website', 'url'),
    nickname: text(t('Nickname'), 'nickname'),
    jobTitle: text(t('Job Title'), 'jobTitle'),
  };

  return (
    <form ref={form} className="contact-form" onSubmit={submit} noValidate>
      <div className="contact-form-top">
        <button type="button" className="contact-picture" aria-label={t('Add picture')} title={t('Add picture')} onClick={() => fileInput.current?.click()}>
          {draft.photo ? <img src={draft.photo} alt="" /> : <Silhouette />}
        </button>
        <input ref={fileInput} type="file" accept="image/png,image/jpeg,image/gif,image/webp" hidden data-testid="picture-input" onChange={(e) => void choosePicture(e.target.files?.[0])} />
        <div className="contact-form-names">
          {textFields.firstName}
          {textFields.lastName}
        </div>
      </div>
      {pictureError && <p className="contact-field-error" role="alert">{pictureError}</p>}
      {draft.photo && (
        <button type="button" className="button button-quiet" onClick={() => set('photo', null)}>{t('Remove picture')}</button>
      )}
      {draft.emails.map((email, index) => (
        <div className="contact-field-row" key={`email-${index}`}>
          <div className="contact-field">
            <label>
              <span>{index === 0 ? t('Email') : t('Email {{number}}', { number: index + 1 })}</span>
              <input type="email" value={email.value} onChange={(e) => setListItem('emails', index, { value: e.target.value })} aria-invalid={Boolean(errors[`emails.${index}.value`])} />
            </label>
            {error(`emails.${index}.value`)}
          </div>
          {more && (
            <select aria-label={t('Type of email {{number}}', { number: index + 1 })} value={email.type} onChange={(e) => setListItem('emails', index, { type: e.target.value as Draft['emails'][number]['type'] })}>
              {EMAIL_TYPES.map((type) => <option key={type} value={type}>{t(CONTACT_TYPE_LABELS[type])}</option>)}
            </select>
          )}
        </div>
      ))}
      {draft.phones.map((phone, index) => (
        <div className="contact-field-row" key={`phone-${index}`}>
          <div className="contact-field">
            <label>
              <span>{index === 0 ? t('Phone') : t('Phone {{number}}', { number: index + 1 })}</span>
              <input type="tel" value={phone.value} onChange={(e) => setListItem('phones', index, { value: e.target.value })} aria-invalid={Boolean(errors[`phones.${index}.value`])} />
            </label>
            {error(`phones.${index}.value`)}
          </div>
          {more && (
            <select aria-label={t('Type of phone {{number}}', { number: index + 1 })} value={phone.type} onChange={(e) => setListItem('phones', index, { type: e.target.value as Draft['phones'][number]['type'] })}>
              {PHONE_TYPES.map((type) => <option key={type} value={type}>{t(CONTACT_TYPE_LABELS[type])}</option>)}
            </select>
          )}
        </div>
      ))}
      {textFields.company}
      {!more && (
        <button type="button" className="button button-quiet" onClick={() => setMore(true)}>{t('More Information')}</button>
      )}
      {more && (
        <fieldset className="contact-more">
          <legend>{t('More Information')}</legend>
          <div className="contact-form-actions">
            <button type="button" className="button button-quiet" onClick={() => set('emails', [...draft.emails, { type: 'work', value: '' }])}>{t('Add email')}</button>
            <button type="button" className="button button-quiet" onClick={() => set('phones', [...draft.phones, { type: 'work', value: '' }])}>{t('Add phone')}</button>
          </div>
          {(Object.keys(ADDRESS_LABELS) as Array<keyof typeof ADDRESS_LABELS>).map((part) => (
            <label className="contact-field contact-field-label" key={part}>
              <span>{t(ADDRESS_LABELS[part])}</span>
              <input value={draft.address[part]} onChange={(e) => set('address', { ...draft.address, [part]: e.target.value })} />
            </label>
          ))}
          {textFields.birthday}
          {textFields.website}
          {textFields.nickname}
          {textFields.jobTitle}
          <label className="contact-field contact-field-label">
            <span>{t('Notes')}</span>
            <textarea value={draft.notes} rows={4} onChange={(e) => set('notes', e.target.value)} />
          </label>
        </fieldset>
      )}
      {serverError && <p className="contact-field-error" role="alert">{serverError}</p>}
      <div className="contact-form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>{t('Save Contact')}</button>
        <button type="button" className="button button-quiet" onClick={onCancel}>{t('Cancel')}</button>
      </div>
    </form>
  );
}

export function Silhouette() {
  return (
    <svg viewBox="0 0 64 64" width="64" height="64" aria-hidden="true">
      <circle cx="32" cy="24" r="12" fill="currentColor" />
      <path d="M10 58c2-12 11-19 22-19s20 7 22 19z" fill="currentColor" />
    </svg>
  );
}
