import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { SEARCH_FIELDS, type SearchField } from '../../../../shared/api/messages';
import { MIN_SEARCH_LENGTH } from '../../../../shared/limits';
import { useMailUiStore } from '../stores/mail-ui-store';
import { SearchIcon } from './icons';
import { msg } from '../../../lib/i18n/i18n';
import { useT } from '../i18n';

const FIELD_LABELS: Record<SearchField, string> = { subject: msg('Subject or From'), from: msg('From'), to: msg('To'), body: msg('Body') };

type Scope = 'folder' | 'all';

/** The "/" shortcut focuses this. */
export const SEARCH_INPUT_ID = 'mail-search';

/**
 * Search in the current folder or in all folders (SPEC §4). The IMAP server
 * searches; a folder's results are a view of the folder like any other
 * (windows, sort, select all), all folders' hits come merged newest first.
 */
export function SearchBar({ folderName }: { folderName: string }) {
  const t = useT();
  const view = useMailUiStore((s) => s.view);
  const setView = useMailUiStore((s) => s.setView);
  const [text, setText] = useState(view.search ?? '');
  const [field, setField] = useState<SearchField>(view.searchIn ?? 'subject');
  const [scope, setScope] = useState<Scope>(view.scope ?? 'folder');
  const [problem, setProblem] = useState<string | null>(null);
  const active = Boolean(view.search);

  function run(search: string, searchIn: SearchField, inScope: Scope) {
    const trimmed = search.trim();
    const tooShort = trimmed.length > 0 && [...trimmed].length < MIN_SEARCH_LENGTH;
    setProblem(tooShort ? t('Type at least {{count}} characters to search.', { count: MIN_SEARCH_LENGTH }) : null);
    if (tooShort) return;
    const base = { sort: view.sort, order: view.order };
    setView(trimmed ? { ...base, search: trimmed, searchIn, ...(inScope === 'all' ? { scope: 'all' as const } : {}) } : base);
  }

  function clear() {
    setText('');
    if (active) run('', field, scope);
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
        run(text, field, scope);
      }}
    >
      <SearchIcon />
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        aria-label={t('Search mail')}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${SEARCH_INPUT_ID}-problem` : undefined}
        title={problem ?? undefined}
        placeholder={scope === 'all' ? t('Search all folders') : t('Search {{folder}}', { folder: folderName })}
        value={text}
        maxLength={500}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(null);
        }}
        onKeyDown={handleKeyDown}
      />
      <select
        aria-label={t('Search in')}
        value={field}
        onChange={(event) => {
          const next = event.target.value as SearchField;
          setField(next);
          if (active) run(text, next, scope);
        }}
      >
        {SEARCH_FIELDS.map((f) => (
          <option key={f} value={f}>
            {t(FIELD_LABELS[f])}
          </option>
        ))}
      </select>
      <select
        aria-label={t('Search where')}
        value={scope}
        onChange={(event) => {
          const next = event.target.value as Scope;
          setScope(next);
          if (active) run(text, field, next);
        }}
      >
        <option value="folder">{t('This folder')}</option>
        <option value="all">{t('All folders')}</option>
      </select>
      {problem && (
        <span id={`${SEARCH_INPUT_ID}-problem`} role="alert" className="search-problem">
          {problem}
        </span>
      )}
      {(text || active) && (
        <button type="button" className="search-clear" aria-label={t('Clear search')} title={t('Clear search')} onClick={clear}>
          ×
        </button>
      )}
    </form>
  );
}
