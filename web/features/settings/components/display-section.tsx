import { useId } from 'react';
import type { Display } from '../../../../shared/api/preferences';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { usePreferenceSection } from './use-preference-section';

const LAYOUTS: Array<{ value: Display['layout']; label: string; hint: string }> = [
  { value: 'three-pane', label: 'Three-pane view', hint: 'Folders, messages and the message you read side by side.' },
  { value: 'list', label: 'List view', hint: 'The message list fills the page; double-click opens a message.' },
];
const THEMES: Array<{ value: Display['theme']; label: string }> = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'Same as my system' },
];
const PAGE_SIZES = [25, 50, 100, 200];

/** Display (SPEC §8): layout, theme and messages per page, applied as soon as they are saved. */
export function DisplaySection() {
  const display = usePreferenceSection('display', 'Display settings saved.');
  const pageSizeId = useId();
  if (display.query.isPending || display.query.isError) return <SectionLoading title="Display" query={display.query} />;
  const { draft, update } = display;
  return (
    <SectionForm title="Display" onSubmit={display.save} {...display.form}>
      <fieldset className="settings-fieldset">
        <legend>Layout</legend>
        {LAYOUTS.map((layout) => (
          <label key={layout.value} className="settings-choice">
            <input type="radio" name="layout" checked={draft.layout === layout.value} onChange={() => update({ layout: layout.value })} />
            <span>
              {layout.label}
              <span className="settings-choice-hint">{layout.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="settings-fieldset">
        <legend>Theme</legend>
        {THEMES.map((theme) => (
          <label key={theme.value} className="settings-choice">
            <input type="radio" name="theme" checked={draft.theme === theme.value} onChange={() => update({ theme: theme.value })} />
            {theme.label}
          </label>
        ))}
      </fieldset>
      <div className="settings-field">
        <label htmlFor={pageSizeId}>Messages per page</label>
        <select id={pageSizeId} value={draft.messagesPerPage} onChange={(event) => update({ messagesPerPage: Number(event.target.value) })}>
          {[...new Set([...PAGE_SIZES, draft.messagesPerPage])].sort((a, b) => a - b).map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
    </SectionForm>
  );
}
