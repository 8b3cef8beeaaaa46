import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { ContactGroup, ContactSummary, ImportResult } from '../../../../shared/api/contacts';
import { ApiError } from '../../../lib/api-client';
import { openCompose } from '../../../lib/compose-intent';
import { formatCalendarDate } from '../../../lib/format';
import { usePhoneLayout } from '../../../lib/layout';
import { currentLocale } from '../../../lib/i18n/i18n';
import {
  exportUrl,
  useAddressBooks,
  useBookMutations,
  useContactDetail,
  useContactList,
  useDeleteContact,
  useGroupMutations,
  useImportContacts,
  useSaveContact,
} from '../api/contacts';
import { t, useT } from '../i18n';
import { CONTACT_TYPE_LABELS, ContactForm, Silhouette } from './contact-form';
import { filterContacts } from './filter-contacts';
import './contacts.css';

const ROW_HEIGHT = 44;
const LATIN_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const CONTACT_DRAG_TYPE = 'application/x-tern-contact';

/** A name's first letter, upper-case, without accents or marks: "ärger" → "A", "أحمد" → "ا"; null for a digit or a sign. */
function initialOf(sortKey: string, locale: string): string | null {
  const [first] = sortKey.trim().normalize('NFD').replace(/\p{M}/gu, '');
  return first && /\p{L}/u.test(first) ? first.toLocaleUpperCase(locale) : null;
}

/**
 * The jump bar: A–Z as always, and the first letter of every contact written
 * in another script (Arabic, Greek, Cyrillic…), in the language's alphabetical
 * order: an Arabic user sees the Arabic letters first, then A–Z.
 */
function jumpLetters(contacts: ContactSummary[], locale: string): string[] {
  const letters = new Set(LATIN_LETTERS);
  for (const contact of contacts) {
    const initial = initialOf(contact.sortKey, locale);
    if (initial) letters.add(initial);
  }
  return [...letters].sort(new Intl.Collator(locale).compare);
}

const messageOf = (error: unknown) => (error instanceof ApiError ? error.message : error ? t('Something went wrong. Try again.') : null);

/**
 * Contacts (SPEC §9): address books and groups on the left, the list in the
 * middle, the card on the right. A phone shows the list, then the card in its
 * place with a way back (contacts.css).
 */
export default function ContactsPage() {
  const t = useT();
  const phone = usePhoneLayout();
  const books = useAddressBooks();
  const [chosenBook, setChosenBook] = useState<string | null>(null);
  const bookId = chosenBook ?? books.data?.books[0]?.id ?? null;
  const list = useContactList(bookId);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  /** Ctrl/⌘-click adds contacts to a selection, for export. */
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [mode, setMode] = useState<'view' | 'new' | 'edit'>('view');

  const groups = list.data?.groups ?? [];
  const group = groups.find((candidate) => candidate.id === groupId) ?? null;
  const contacts = useMemo(() => filterContacts(list.data?.contacts ?? [], search, group), [list.data, search, group]);
  const showContact = (id: string | null) => {
    setSelectedId(id);
    setMode('view');
  };
  const selectBook = (id: string) => {
    setChosenBook(id);
    setGroupId(null);
    setChosen(new Set());
    showContact(null);
  };
  const editContact = () => setMode('edit');
  const stopEditing = () => setMode('view');

  if (books.isError) return <p className="pane-status" role="alert">{messageOf(books.error)}</p>;
  if (!bookId) return <p className="pane-status">{t('Loading contacts…')}</p>;
  const book = books.data?.books.find((candidate) => candidate.id === bookId);

  return (
    <div className={mode === 'new' || selectedId ? 'contacts-page has-card' : 'contacts-page'}>
      <aside className="contacts-side">
        <BookList books={books.data?.books ?? []} selected={bookId} count={list.data?.contacts.length ?? 0}
          onSelect={selectBook} />
        <GroupList book={bookId} groups={groups} selected={groupId} onSelect={setGroupId} />
      </aside>
      <section className="contacts-list-pane" aria-label={t('Contacts')}>
        <div className="contacts-toolbar">
          <button type="button" className="button button-primary" onClick={() => { setMode('new'); setSelectedId(null); }}>{t('New Contact')}</button>
          <ImportButton book={bookId} />
          {chosen.size > 1 ? (
            <a className="button button-quiet" href={exportUrl(bookId, { ids: [...chosen].join(',') })} download>{t('Export {{count}} selected', { count: chosen.size })}</a>
          ) : (
            <a className="button button-quiet" href={exportUrl(bookId, group ? { group: group.id } : undefined)} download>{group ? t('Export group') : t('Export book')}</a>
          )}
        </div>
        <input className="contacts-search" type="search" placeholder={t('Search contacts')} aria-label={t('Search contacts')} value={search} onChange={(e) => setSearch(e.target.value)} />
        {list.isError ? <p className="pane-status" role="alert">{messageOf(list.error)}</p>
          : list.isPending ? <p className="pane-status">{book ? t('Loading {{book}}…', { book: book.name }) : t('Loading contacts…')}</p>
          : <ContactList contacts={contacts} selected={chosen} onSelect={(id, add) => {
              setChosen((current) => (add ? new Set([...current, ...(selectedId ? [selectedId] : [])]).add(id) : new Set([id])));
              showContact(id);
            }} />}
      </section>
      <section className="contacts-card-pane" aria-label={t('Contact')}>
        {phone && (mode === 'new' || selectedId) && (
          <button type="button" className="button contacts-back" onClick={() => showContact(null)}>{t('← Back to contacts')}</button>
        )}
        {mode === 'new' && <NewContact book={bookId} onDone={showContact} />}
        {mode !== 'new' && selectedId && (
          <ContactCard key={selectedId} book={bookId} id={selectedId} groups={groups} editing={mode === 'edit'}
            onEdit={editContact} onDone={stopEditing} onDeleted={() => showContact(null)} />
        )}
        {mode !== 'new' && !selectedId && <p className="pane-status">{t('Choose a contact, or make a new one.')}</p>}
      </section>
    </div>
  );
}

function BookList({ books, selected, count, onSelect }: { books: Array<{ id: string; name: string }>; selected: string; count: number; onSelect: (id: string) => void }) {
  const t = useT();
  const { create, rename, remove } = useBookMutations();
  const current = books.find((book) => book.id === selected);
  const error = messageOf(create.error ?? rename.error ?? remove.error);
  const createBook = () => {
    const name = window.prompt(t('Name of the new address book'));
    if (name?.trim()) create.mutate(name.trim(), { onSuccess: (made) => onSelect(made.id) });
  };
  const renameBook = (book: { id: string; name: string }) => {
    const name = window.prompt(t('New name'), book.name);
    if (name?.trim()) rename.mutate({ id: book.id, name: name.trim() });
  };
  const deleteBook = (book: { id: string; name: string }) => {
    if (!window.confirm(t('Delete the address book “{{name}}” and the {{count}} contacts in it?', { name: book.name, count }))) return;
    remove.mutate(book.id, { onSuccess: () => onSelect(books.find((other) => other.id !== book.id)!.id) });
  };
  return (
    <nav aria-label={t('Address books')}>
      <h2 className="contacts-side-title">{t('Address books')}</h2>
      <ul className="contacts-side-list">
        {books.map((book) => (
          <li key={book.id}>
            <button type="button" aria-current={book.id === selected} onClick={() => onSelect(book.id)}>{book.name}</button>
          </li>
        ))}
      </ul>
      <div className="contacts-side-actions">
        <button type="button" className="button button-quiet" onClick={createBook}>{t('New address book')}</button>
        {current && <button type="button" className="button button-quiet" onClick={() => renameBook(current)}>{t('Rename')}</button>}
        {current && books.length > 1 && (
          <button type="button" className="button button-quiet" onClick={() => deleteBook(current)}>{t('Delete')}</button>
        )}
      </div>
      {error && <p className="contact-field-error" role="alert">{error}</p>}
    </nav>
  );
}

function GroupList({ book, groups, selected, onSelect }: { book: string; groups: ContactGroup[]; selected: string | null; onSelect: (id: string | null) => void }) {
  const t = useT();
  const { create, update, remove } = useGroupMutations(book);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const current = groups.find((group) => group.id === selected);
  const createGroup = () => {
    const name = window.prompt(t('Name of the new group'));
    if (name?.trim()) create.mutate({ name: name.trim() });
  };
  const renameGroup = (group: ContactGroup) => {
    const name = window.prompt(t('New name of the group'), group.name);
    if (name?.trim()) update.mutate({ id: group.id, etag: group.etag, name: name.trim(), memberUids: group.memberUids });
  };
  const deleteGroup = (group: ContactGroup) => {
    if (!window.confirm(t('Delete the group “{{name}}”? Its {{count}} members stay in the address book.', { name: group.name, count: group.memberUids.length }))) return;
    remove.mutate({ id: group.id, etag: group.etag }, { onSuccess: () => onSelect(null) });
  };
  const addMember = (group: ContactGroup, uid: string) => {
    if (!group.memberUids.includes(uid)) update.mutate({ id: group.id, etag: group.etag, name: group.name, memberUids: [...group.memberUids, uid] });
  };
  return (
    <nav aria-label={t('Groups')}>
      <h2 className="contacts-side-title">{t('Groups')}</h2>
      <ul className="contacts-side-list">
        <li><button type="button" aria-current={selected === null} onClick={() => onSelect(null)}>{t('All contacts')}</button></li>
        {groups.map((group) => (
          <li key={group.id}
            className={dropTarget === group.id ? 'drop-target' : undefined}
            onDragOver={(e) => { if (e.dataTransfer.types.includes(CONTACT_DRAG_TYPE)) { e.preventDefault(); setDropTarget(group.id); } }}
            onDragLeave={() => setDropTarget(null)}
            onDrop={(e) => { e.preventDefault(); setDropTarget(null); addMember(group, e.dataTransfer.getData(CONTACT_DRAG_TYPE)); }}>
            <button type="button" aria-current={selected === group.id} onClick={() => onSelect(group.id)}>{group.name} <span className="contacts-count">{group.memberUids.length}</span></button>
          </li>
        ))}
      </ul>
      <div className="contacts-side-actions">
        <button type="button" className="button button-quiet" onClick={createGroup}>{t('New group')}</button>
        {current && <button type="button" className="button button-quiet" onClick={() => renameGroup(current)}>{t('Rename group')}</button>}
        {current && (
          <button type="button" className="button button-quiet" onClick={() => deleteGroup(current)}>{t('Delete group')}</button>
        )}
      </div>
      {(create.error ?? update.error ?? remove.error) && <p className="contact-field-error" role="alert">{messageOf(create.error ?? update.error ?? remove.error)}</p>}
    </nav>
  );
}

function ContactList({ contacts, selected, onSelect }: { contacts: ContactSummary[]; selected: ReadonlySet<string>; onSelect: (id: string, addToSelection: boolean) => void }) {
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh every render, never memoised
  const virtualizer = useVirtualizer({ count: contacts.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const locale = currentLocale();
  const letters = useMemo(() => jumpLetters(contacts, locale), [contacts, locale]);
  const jumpTo = (letter: string) => {
    // The letter's first contact, else (a Latin letter nobody's name starts with) the first after it.
    const after = new Intl.Collator(locale, { sensitivity: 'base' });
    let index = contacts.findIndex((contact) => initialOf(contact.sortKey, locale) === letter);
    if (index < 0) index = contacts.findIndex((contact) => after.compare(contact.sortKey, letter) > 0);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'start' });
  };
  if (contacts.length === 0) return <p className="pane-status">{t('No contacts.')}</p>;
  return (
    <div className="contacts-list-body">
      <div ref={scrollRef} className="contacts-list-scroll" role="listbox" aria-label={t('Contact list')}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const contact = contacts[item.index]!;
            return (
              <div key={contact.id} role="option" aria-selected={selected.has(contact.id)} className="contacts-row" draggable
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onDragStart={(e) => e.dataTransfer.setData(CONTACT_DRAG_TYPE, contact.uid)}
                onClick={(e) => onSelect(contact.id, e.ctrlKey || e.metaKey)}>
                <span className="contacts-row-name">{contact.name}</span>
                <span className="contacts-row-detail">{contact.emails[0] ?? contact.company}</span>
              </div>
            );
          })}
        </div>
      </div>
      <nav className="contacts-letters" aria-label={t('Jump to letter')}>
        {letters.map((letter) => <button key={letter} type="button" onClick={() => jumpTo(letter)}>{letter}</button>)}
      </nav>
    </div>
  );
}

function NewContact({ book, onDone }: { book: string; onDone: (id: string | null) => void }) {
  const t = useT();
  const save = useSaveContact(book);
  return (
    <div className="contact-card">
      <h2>{t('New Contact')}</h2>
      <ContactForm saving={save.isPending} serverError={messageOf(save.error)} onCancel={() => onDone(null)}
        onSave={(fields) => save.mutate({ fields }, { onSuccess: (saved) => onDone(saved.id) })} />
    </div>
  );
}

function ContactCard({ book, id, groups, editing, onEdit, onDone, onDeleted }: {
  book: string; id: string; groups: ContactGroup[]; editing: boolean; onEdit: () => void; onDone: () => void; onDeleted: () => void;
}) {
  const t = useT();
  const detail = useContactDetail(book, id);
  const save = useSaveContact(book);
  const remove = useDeleteContact(book);
  const { update } = useGroupMutations(book);
  if (detail.isError) return <p className="pane-status" role="alert">{messageOf(detail.error)}</p>;
  if (!detail.data) return <p className="pane-status">{t('Loading…')}</p>;
  const { fields, etag, uid } = detail.data;
  const name = [fields.firstName, fields.lastName].filter(Boolean).join(' ') || fields.company || fields.emails[0]?.value || '';
  if (editing) {
    return (
      <div className="contact-card">
        <h2>{t('Edit {{name}}', { name })}</h2>
        <ContactForm initial={fields} saving={save.isPending} serverError={messageOf(save.error)} onCancel={onDone}
          onSave={(changed) => save.mutate({ id, etag, fields: changed }, { onSuccess: onDone })} />
      </div>
    );
  }
  const deleteContact = () => {
    if (window.confirm(t('Delete {{name}}?', { name }))) remove.mutate({ id, etag }, { onSuccess: onDeleted });
  };
  const toggleGroup = (group: ContactGroup, member: boolean) =>
    update.mutate({ id: group.id, etag: group.etag, name: group.name, memberUids: member ? [...group.memberUids, uid] : group.memberUids.filter((m) => m !== uid) });
  return (
    <article className="contact-card">
      <header className="contact-card-header">
        <span className="contact-picture contact-picture-static">{fields.photo ? <img src={fields.photo} alt={t('Picture of {{name}}', { name })} /> : <Silhouette />}</span>
        <div>
          <h2>{name}</h2>
          {(fields.jobTitle || fields.company) && <p className="contact-card-sub">{[fields.jobTitle, fields.company].filter(Boolean).join(', ')}</p>}
        </div>
      </header>
      <dl className="contact-card-fields">
        {fields.emails.map((email) => (
          <div key={email.value}>
            <dt>{t('Email ({{type}})', { type: t(CONTACT_TYPE_LABELS[email.type]) })}</dt>
            <dd>{email.value} <button type="button" className="button button-quiet" onClick={() => openCompose({ to: [{ name, address: email.value }] })}>{t('Compose to this contact')}</button></dd>
          </div>
        ))}
        {fields.phones.map((phone) => <div key={phone.value}><dt>{t('Phone ({{type}})', { type: t(CONTACT_TYPE_LABELS[phone.type]) })}</dt><dd>{phone.value}</dd></div>)}
        {fields.address && <div><dt>{t('Address')}</dt><dd>{[fields.address.street, [fields.address.postcode, fields.address.city].filter(Boolean).join(' '), fields.address.region, fields.address.country].filter(Boolean).join(', ')}</dd></div>}
        {fields.birthday && <div><dt>{t('Birthday')}</dt><dd>{formatCalendarDate(fields.birthday)}</dd></div>}
        {fields.website && (
          <div>
            <dt>{t('Website')}</dt>
            {/* A card from elsewhere may say anything here: only web addresses become links. */}
            <dd>{/^https?:\/\//i.test(fields.website) ? <a href={fields.website} target="_blank" rel="noreferrer noopener">{fields.website}</a> : fields.website}</dd>
          </div>
        )}
        {fields.nickname && <div><dt>{t('Nickname')}</dt><dd>{fields.nickname}</dd></div>}
        {fields.notes && <div><dt>{t('Notes')}</dt><dd className="contact-notes">{fields.notes}</dd></div>}
      </dl>
      {groups.length > 0 && (
        <fieldset className="contact-groups">
          <legend>{t('Groups')}</legend>
          {groups.map((group) => (
            <label key={group.id}><input type="checkbox" checked={group.memberUids.includes(uid)} onChange={(e) => toggleGroup(group, e.target.checked)} /> {group.name}</label>
          ))}
        </fieldset>
      )}
      <div className="contact-form-actions">
        <button type="button" className="button" onClick={onEdit}>{t('Edit')}</button>
        <a className="button button-quiet" href={exportUrl(book, { ids: id })} download>{t('Export')}</a>
        <button type="button" className="button button-quiet" onClick={deleteContact}>{t('Delete')}</button>
      </div>
      {(remove.error ?? update.error) && <p className="contact-field-error" role="alert">{messageOf(remove.error ?? update.error)}</p>}
    </article>
  );
}

function ImportButton({ book }: { book: string }) {
  const t = useT();
  const importer = useImportContacts(book);
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const choose = async (chosen: File | undefined) => {
    if (!chosen) return;
    const text = await chosen.text();
    setFile({ name: chosen.name, text });
    setDone(null);
    importer.mutate({ vcf: text, commit: false }, { onSuccess: setPreview });
  };
  const close = () => { setFile(null); setPreview(null); setDone(null); importer.reset(); };
  const shown = done ?? preview;
  return (
    <>
      <button type="button" className="button button-quiet" onClick={() => input.current?.click()}>{t('Import')}</button>
      <input ref={input} type="file" accept=".vcf,text/vcard" hidden data-testid="import-input" onChange={(e) => { void choose(e.target.files?.[0]); e.target.value = ''; }} />
      {file && (
        <div className="contacts-import" role="dialog" aria-label={t('Import contacts')}>
          <h2>{t('Import {{name}}', { name: file.name })}</h2>
          {importer.error && <p className="contact-field-error" role="alert">{messageOf(importer.error)}</p>}
          {!shown && !importer.error && <p>{t('Reading…')}</p>}
          {shown && (
            <>
              <p>
                {done
                  ? t('Imported {{imported}} of {{count}} contacts.', { imported: done.imported, count: done.entries.length })
                  : t('{{count}} contacts to import, {{duplicates}} of them already in this book (same email).', { count: shown.entries.length, duplicates: shown.duplicates })}
              </p>
              {shown.refused.length > 0 && (
                <ul className="contacts-import-refused">{shown.refused.map((entry) => <li key={entry.entry}>{entry.entry}: {entry.message}</li>)}</ul>
              )}
              {!done && <ul className="contacts-import-entries">{shown.entries.slice(0, 50).map((entry, index) => <li key={index}>{entry.duplicate ? t('{{name}} (duplicate)', { name: entry.name || entry.emails[0] }) : entry.name || entry.emails[0]}</li>)}</ul>}
            </>
          )}
          <div className="contact-form-actions">
            {preview && !done && preview.entries.length > 0 && (
              <button type="button" className="button button-primary" disabled={importer.isPending} onClick={() => importer.mutate({ vcf: file.text, commit: true }, { onSuccess: setDone })}>
                {t('Import {{count}} contacts', { count: preview.entries.length })}
              </button>
            )}
            <button type="button" className="button button-quiet" onClick={close}>{done ? t('Close') : t('Cancel')}</button>
          </div>
        </div>
      )}
    </>
  );
}
