import { useId, useState } from 'react';
import { AUTOREPLY_DAYS, autoreplySettingsSchema, type AutoreplySettings } from '../../../../shared/api/autoreply';
import { contentVersion } from '../../../../shared/content-version';
import { useAutoreply, useSaveAutoreply } from '../api/autoreply';
import { conflictVersion } from '../api/guarded-save';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { useDraft } from './use-draft';
import { useT } from '../i18n';
import { translateServerText } from '../../../lib/i18n/server-texts';

/** "Auto-reply" (SPEC §8): a Sieve vacation on the mail server, next to the anti-spam rules. */
export function AutoreplySection() {
  const t = useT();
  const query = useAutoreply();
  if (!query.data) return <SectionLoading title={t('Auto-reply')} query={query} />;
  return <AutoreplyForm saved={query.data} />;
}

function AutoreplyForm({ saved }: { saved: AutoreplySettings }) {
  const t = useT();
  const { draft, dirty, update, reset, basedOn, rebase } = useDraft('auto-reply', saved, contentVersion(saved));
  const save = useSaveAutoreply();
  const [problem, setProblem] = useState<string | null>(null);
  const [savedMessage, setSavedMessage] = useState<string | null>(null);
  const ids = { subject: useId(), message: useId(), endDate: useId() };

  function change(patch: Partial<AutoreplySettings>) {
    update(patch);
    setProblem(null);
    setSavedMessage(null);
  }

  function submit() {
    const checked = autoreplySettingsSchema.safeParse(draft);
    if (!checked.success) {
      const first = checked.error.issues[0];
      setProblem(first ? translateServerText(first.message) : t('Check the auto-reply.'));
      return;
    }
    save.mutate({ settings: checked.data, basedOn }, {
      onSuccess: (result) => {
        reset();
        setSavedMessage(result.enabled ? t('Auto-reply is on.') : t('Auto-reply is off.'));
      },
      onError: (error) => {
        const current = conflictVersion(error);
        if (current) rebase(current);
      },
    });
  }

  return (
    <SectionForm
      title={t('Auto-reply')}
      intro={t('While it is on, people who write to you get this reply, at most once every {{count}} days each; mailing lists and bulk mail never do.', { count: AUTOREPLY_DAYS })}
      onSubmit={submit}
      saving={save.isPending}
      canSave={dirty}
      savedMessage={savedMessage}
      error={problem ?? save.error?.message ?? null}
    >
      <label className="settings-choice">
        <input type="checkbox" checked={draft.enabled} onChange={(event) => change({ enabled: event.target.checked })} />
        {t('Send an auto-reply')}
      </label>
      <div className="settings-field">
        <label htmlFor={ids.subject}>{t('Subject')}</label>
        <input id={ids.subject} type="text" value={draft.subject} maxLength={200} onChange={(event) => change({ subject: event.target.value })} />
      </div>
      <div className="settings-field">
        <label htmlFor={ids.message}>{t('Message')}</label>
        <textarea id={ids.message} rows={6} value={draft.message} onChange={(event) => change({ message: event.target.value })} />
      </div>
      <div className="settings-field">
        <label htmlFor={ids.endDate}>{t('End date (optional)')}</label>
        <input id={ids.endDate} type="date" value={draft.endDate} onChange={(event) => change({ endDate: event.target.value })} />
        <p className="settings-hint">{t('The last day replies go out. Leave empty to reply until you switch it off.')}</p>
      </div>
    </SectionForm>
  );
}
