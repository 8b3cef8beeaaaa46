import { useEffect, useId, useRef, useState } from 'react';
import type { RecipientSuggestion } from '../../../../shared/api/recipients';
import { formatList } from '../../../lib/i18n/lists';
import { suggestRecipients } from '../api/compose-api';
import { useT } from '../i18n';
import { chipOf, parseRecipients, type RecipientChip } from '../model/compose-model';

const SUGGEST_DELAY_MS = 200;
const MIN_QUERY = 2;

/**
 * "To", "Cc", "Bcc": addresses become chips on Enter, comma, semicolon, paste
 * or leaving the field; invalid ones are marked and named. Suggestions come
 * from recent recipients and contacts; a group becomes its members' chips.
 */
export function RecipientField({ label, chips, onChange }: { label: string; chips: RecipientChip[]; onChange: (chips: RecipientChip[]) => void }) {
  const t = useT();
  const [text, setText] = useState('');
  const [found, setSuggestions] = useState<RecipientSuggestion[]>([]);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const listId = `${id}-suggestions`;

  useEffect(() => {
    const query = text.trim();
    if (query.length < MIN_QUERY) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      suggestRecipients(query, controller.signal)
        .then((answer) => {
          setSuggestions(answer);
          setActive(0);
        })
        // Autocomplete is a convenience: typing the address still works without it.
        .catch(() => setSuggestions([]));
    }, SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const add = (added: RecipientChip[]) => {
    const known = new Set(chips.map((chip) => chip.address.toLowerCase()));
    onChange([...chips, ...added.filter((chip) => !known.has(chip.address.toLowerCase()))]);
    setText('');
    setSuggestions([]);
  };
  const commit = () => {
    if (text.trim()) add(parseRecipients(text));
  };
  const pick = (suggestion: RecipientSuggestion) => {
    const members = suggestion.source === 'group' ? (suggestion.members ?? []) : [suggestion];
    add(members.map((member) => chipOf({ name: member.name, address: member.email })));
    inputRef.current?.focus();
  };
  const invalid = chips.filter((chip) => !chip.valid);
  // Answers to an earlier, longer text are not shown once it is shorter than a query.
  const suggestions = text.trim().length >= MIN_QUERY ? found : [];

  return (
    <div className="compose-row">
      <label className="compose-label" htmlFor={id}>
        {label}
      </label>
      <div className="recipient-field" onClick={() => inputRef.current?.focus()}>
        <ul className="chips" aria-label={t('{{field}} recipients', { field: label })}>
          {chips.map((chip) => (
            <li key={chip.address} className={chip.valid ? 'chip' : 'chip is-invalid'} title={chip.valid ? chip.address : t('"{{address}}" is not a valid email address', { address: chip.address })}>
              <span>{chip.name || chip.address}</span>
              <button type="button" className="chip-remove" aria-label={t('Remove {{name}}', { name: chip.address })} onClick={() => onChange(chips.filter((other) => other !== chip))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          ref={inputRef}
          id={id}
          className="recipient-input"
          type="text"
          autoComplete="off"
          role="combobox"
          aria-expanded={suggestions.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={invalid.length > 0}
          value={text}
          onChange={(event) => {
            const value = event.target.value;
            // A separator typed or pasted ends the address(es) before it.
            if (/[,;\n]/.test(value)) {
              const cut = Math.max(value.lastIndexOf(','), value.lastIndexOf(';'), value.lastIndexOf('\n'));
              add(parseRecipients(value.slice(0, cut)));
              setText(value.slice(cut + 1).trimStart());
            } else {
              setText(value);
            }
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' && suggestions.length > 0) {
              event.preventDefault();
              setActive((index) => (index + 1) % suggestions.length);
            } else if (event.key === 'ArrowUp' && suggestions.length > 0) {
              event.preventDefault();
              setActive((index) => (index - 1 + suggestions.length) % suggestions.length);
            } else if (event.key === 'Enter' && (text.trim() || suggestions.length > 0)) {
              event.preventDefault();
              const suggestion = suggestions[active];
              if (suggestion) pick(suggestion);
              else commit();
            } else if (event.key === 'Backspace' && !text && chips.length > 0) {
              onChange(chips.slice(0, -1));
            } else if (event.key === 'Escape' && suggestions.length > 0) {
              event.stopPropagation();
              setSuggestions([]);
            }
          }}
          // A suggestion click comes first (onMouseDown below), then blur commits what is left.
          onBlur={commit}
        />
        {suggestions.length > 0 && (
          <ul className="suggestions" role="listbox" id={listId} aria-label={t('Suggestions for {{field}}', { field: label })}>
            {suggestions.map((suggestion, index) => (
              <li
                key={`${suggestion.source}-${suggestion.email}-${suggestion.name}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'suggestion is-active' : 'suggestion'}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(suggestion);
                }}
              >
                <span className="suggestion-name">{suggestion.name || suggestion.email}</span>
                <span className="suggestion-detail">
                  {suggestion.source === 'group' ? t('Group · {{count}} members', { count: suggestion.members?.length ?? 0 }) : suggestion.email}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {invalid.length > 0 && (
        <p className="field-error compose-field-error" role="alert">
          {invalid.length === 1
            ? t('"{{address}}" is not a valid email address.', { address: invalid[0]!.address })
            : t('{{count}} addresses are not valid: {{addresses}}.', { count: invalid.length, addresses: formatList(invalid.map((chip) => `"${chip.address}"`)) })}
        </p>
      )}
    </div>
  );
}
