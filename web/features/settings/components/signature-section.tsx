import { lazy, Suspense, useId } from 'react';
import type { Signature } from '../../../../shared/api/preferences';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { usePreferenceSection } from './use-preference-section';
import { useT } from '../i18n';

const RichSignatureEditor = lazy(() => import('./rich-signature-editor'));

/** "Signature" (SPEC §8): plain or rich text, added to new messages and replies. */
export function SignatureSection() {
  const t = useT();
  const signature = usePreferenceSection('signature', t('Signature saved. New messages and replies get it.'));
  const ids = { editor: useId() };
  if (signature.query.isPending || signature.query.isError) return <SectionLoading title={t('Signature')} query={signature.query} />;
  const { draft, update } = signature;

  function setFormat(format: Signature['format']) {
    // Going plain keeps the words; going rich starts from them.
    update(format === 'plain' ? { format, html: '' } : { format, html: draft.html || plainToHtml(draft.text) });
  }

  return (
    <SectionForm title={t('Signature')} onSubmit={signature.save} {...signature.form}>
      <fieldset className="settings-fieldset settings-inline">
        <legend>{t('Format')}</legend>
        <label className="settings-choice">
          <input type="radio" name="signature-format" checked={draft.format === 'plain'} onChange={() => setFormat('plain')} />
          {t('Plain text')}
        </label>
        <label className="settings-choice">
          <input type="radio" name="signature-format" checked={draft.format === 'html'} onChange={() => setFormat('html')} />
          {t('Rich text')}
        </label>
      </fieldset>
      <div className="settings-field">
        <span id={ids.editor} className="settings-label">
          {t('Signature')}
        </span>
        {draft.format === 'plain' ? (
          <textarea aria-labelledby={ids.editor} rows={6} value={draft.text} onChange={(event) => update({ text: event.target.value })} />
        ) : (
          <Suspense fallback={<p className="pane-status">{t('Loading the editor…')}</p>}>
            <RichSignatureEditor labelledBy={ids.editor} html={draft.html} onChange={(value) => update(value)} />
          </Suspense>
        )}
      </div>
    </SectionForm>
  );
}

function plainToHtml(text: string): string {
  const escape = (line: string) => line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text ? text.split('\n').map((line) => `<p>${escape(line)}</p>`).join('') : '';
}
