import { useId } from 'react';
import type { Display } from '../../../../shared/api/preferences';
import { LANGUAGES, msg } from '../../../lib/i18n/i18n';
import { useT } from '../i18n';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { usePreferenceSection } from './use-preference-section';

const LAYOUTS: Array<{ value: Display['layout']; label: string; hint: string }> = [
  { value: 'three-pane', label: msg('Three-pane view'), hint: msg('Folders, messages and the message you read side by side.') },
  { value: 'list', label: msg('List view'), hint: msg('The message list fills the page; double-click opens a message.') },
];
const THEMES: Array<{ value: Display['theme']; label: string }> = [
  { value: 'light', label: msg('Light') },
  { value: 'dark', label: msg('Dark') },
  { value: 'system', label: msg('Same as my system') },
];
const PAGE_SIZES = [25, 50, 100, 200];

/** Display (SPEC §8): layout, theme, messages per page and language, applied as soon as they are saved. */
export function DisplaySection() {
  const t = useT();
  const display = usePreferenceSection('display', t('Display settings saved.'));
  const ids = { pageSize: useId(), language: useId() };
  if (display.query.isPending || display.query.isError) return <SectionLoading title={t('Display')} query={display.query} />;
  const { draft, update } = display;
  return (
    <SectionForm title={t('Display')} onSubmit={display.save} {...display.form}>
      <fieldset className="settings-fieldset">
        <legend>{t('Layout')}</legend>
        {LAYOUTS.map((layout) => (
          <label key={layout.value} className="settings-choice">
            <input type="radio" name="layout" checked={draft.layout === layout.value} onChange={() => update({ layout: layout.value })} />
            <span>
              {t(layout.label)}
              <span className="settings-choice-hint">{t(layout.hint)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="settings-fieldset">
        <legend>{t('Theme')}</legend>
        {THEMES.map((theme) => (
          <label key={theme.value} className="settings-choice">
            <input type="radio" name="theme" checked={draft.theme === theme.value} onChange={() => update({ theme: theme.value })} />
            {t(theme.label)}
          </label>
        ))}
      </fieldset>
      <div className="settings-field">
        <label htmlFor={ids.pageSize}>{t('Messages per page')}</label>
        <select id={ids.pageSize} value={draft.messagesPerPage} onChange={(event) => update({ messagesPerPage: Number(event.target.value) })}>
          {[...new Set([...PAGE_SIZES, draft.messagesPerPage])].sort((a, b) => a - b).map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
      <div className="settings-field">
        <label htmlFor={ids.language}>{t('Language')}</label>
        <select id={ids.language} value={draft.language} onChange={(event) => update({ language: event.target.value as Display['language'] })}>
          <option value="browser">{t('Same as my browser')}</option>
          {/* Each language in its own words, so a reader of it finds it whatever the page's language. */}
          {LANGUAGES.map((language) => (
            <option key={language.code} value={language.code} lang={language.code}>
              {language.name}
            </option>
          ))}
        </select>
      </div>
    </SectionForm>
  );
}
