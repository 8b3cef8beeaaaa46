import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { SEARCH_FIELDS, type SearchField } from '../../../../shared/api/messages';
import { useMailUiStore } from '../stores/mail-ui-store';
import { SearchIcon } from './icons';

const FIELD_LABELS: Record<SearchField, string> = { subject: 'Subject', from: 'From', to: 'To', body: 'Body' };

/** The "/" shortcut focuses this. */
export const SEARCH_INPUT_ID = 'mail-search';

/**
 * Search in the current folder. The IMAP server searches; the results are a
 * view of the folder like any other (windows, sort, select all).
 */
export function SearchBar({ folderName }: { folderName: string }) {
  const view = useMailUiStore((s) => s.view);
  const setView = useMailUiStore((s) => s.setView);
  const [text, setText] = useState(view.search ?? '');
  const [field, setField] = useState<SearchField>(view.searchIn ?? 'subject');
  const active = Boolean(view.search);

  function run(search: string, searchIn: SearchField) {
    const trimmed = search.trim();
    setView(trimmed ? { sort: view.sort, order: view.order, search: trimmed, searchIn } : { sort: view.sort, order: view.order });
  }

  function clear() {
    setText('');
    if (active) run('', field);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape' && (text || active)) {
      event.preventDefault();
      event.stopPropagation();
      clear();
    }
  }

  return (
    <form
      role="search"
      className="search-bar"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        run(text, field);
      }}
    >
      <SearchIcon />
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        aria-label="Search mail"
        placeholder={`Search ${folderName}`}
        value={text}
        maxLength={500}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={handleKeyDown}
      />
      <select
        aria-label="Search in"
        value={field}
        onChange={(event) => {
          const next = event.target.value as SearchField;
          setField(next);
          if (active) run(text, next);
        }}
      >
        {SEARCH_FIELDS.map((f) => (
          <option key={f} value={f}>
            {FIELD_LABELS[f]}
          </option>
        ))}
      </select>
      {(text || active) && (
        <button type="button" className="search-clear" aria-label="Clear search" title="Clear search" onClick={clear}>
          ×
        </button>
      )}
    </form>
  );
}
