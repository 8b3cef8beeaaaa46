import { useId, useState } from 'react';
import {
  antispamSettingsSchema,
  MAX_SENSITIVITY,
  MIN_SENSITIVITY,
  SPAM_HANDLINGS,
  SPAM_MODES,
  type AntispamResponse,
  type SpamHandling,
  type SpamMode,
} from '../../../../shared/api/antispam';
import { msg } from '../../../lib/i18n/i18n';
import { useAntispam, useSaveAntispam, type AntispamInput } from '../api/antispam';
import { conflictVersion, fieldProblems } from '../api/guarded-save';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { useDraft } from './use-draft';
import { useT } from '../i18n';
import { translateServerText } from '../../../lib/i18n/server-texts';

interface AntispamDraft {
  mode: SpamMode;
  sensitivity: number;
  handling: SpamHandling;
  whitelist: string;
  blacklist: string;
}

type ListName = 'whitelist' | 'blacklist';
type Problems = Record<ListName | 'form', string[]>;
const NO_PROBLEMS: Problems = { whitelist: [], blacklist: [], form: [] };

// The spec's labels (SPEC §7).
const SPAM_MODE_LABELS: Record<SpamMode, string> = {
  global: msg('Global Site Settings'),
  custom: msg('Custom Settings'),
  disable: msg('Disable'),
};
const SPAM_HANDLING_LABELS: Record<SpamHandling, string> = {
  mark: msg('Mark as Spam'),
  move: msg('Move to Spam folder'),
  purge: msg('Purge Message'),
};

// What an entry looks like: addresses read the same in every language.
const LIST_EXAMPLE = 'user@domain.com\n@domain.com';

const SENSITIVITIES = Array.from({ length: MAX_SENSITIVITY - MIN_SENSITIVITY + 1 }, (_, i) => MIN_SENSITIVITY + i);

/** "Anti-Spam" (SPEC §7): enforced by the mail server, so saving installs a Sieve script there. */
export function AntispamSection() {
  const t = useT();
  const query = useAntispam();
  if (!query.data) return <SectionLoading title={t('Anti-Spam')} query={query} />;
  return <AntispamForm saved={query.data} />;
}

function draftOf({ settings }: AntispamResponse): AntispamDraft {
  return { ...settings, whitelist: settings.whitelist.join('\n'), blacklist: settings.blacklist.join('\n') };
}

function AntispamForm({ saved }: { saved: AntispamResponse }) {
  const t = useT();
  const { draft, dirty, update, reset, basedOn, rebase } = useDraft('anti-spam', draftOf(saved), saved.version);
  const save = useSaveAntispam();
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [savedMessage, setSavedMessage] = useState<string | null>(null);
  const ids = { sensitivity: useId(), whitelist: useId(), blacklist: useId(), handling: useId() };
  const custom = draft.mode === 'custom';
  const defaults = saved.globalDefaults;

  function change(patch: Partial<AntispamDraft>) {
    update(patch);
    setProblems(NO_PROBLEMS);
    setSavedMessage(null);
  }

  function submit() {
    const input: AntispamInput = { ...draft, whitelist: draft.whitelist.split('\n'), blacklist: draft.blacklist.split('\n') };
    const checked = antispamSettingsSchema.safeParse(input);
    if (!checked.success) {
      setProblems(problemsOf(checked.error.issues.map((issue) => ({ key: issue.path.join('.'), message: translateServerText(issue.message) }))));
      return;
    }
    save.mutate({ settings: input, basedOn }, {
      onSuccess: () => {
        reset();
        setSavedMessage(t('Anti-spam settings saved. The mail server applies them to new mail from now on.'));
      },
      onError: (error) => {
        const current = conflictVersion(error);
        if (current) rebase(current);
        const fields = fieldProblems(error);
        if (fields) setProblems(problemsOf(Object.entries(fields).map(([key, message]) => ({ key, message }))));
      },
    });
  }

  const serverError = save.error && !fieldProblems(save.error) ? save.error.message : null;
  return (
    <SectionForm
      title={t('Anti-Spam')}
      intro={t('Your mail server filters new mail with these settings, even while you are signed out and in every mail app.')}
      onSubmit={submit}
      saving={save.isPending}
      canSave={dirty || !saved.inForce}
      savedMessage={savedMessage}
      error={serverError ?? (problems.form[0] || null)}
    >
      {!saved.inForce && (
        <p className="settings-notice" role="note">
          {t('Spam filtering is not set up on the mail server yet. Choose your settings and “Save Settings” to turn it on.')}
        </p>
      )}
      <fieldset className="settings-fieldset">
        <legend>{t('Spam Filtering')}</legend>
        {SPAM_MODES.map((mode) => (
          <label key={mode} className="settings-choice">
            <input type="radio" name="spam-mode" value={mode} checked={draft.mode === mode} onChange={() => change({ mode })} />
            {t(SPAM_MODE_LABELS[mode])}
          </label>
        ))}
        {draft.mode === 'global' && (
          <p className="settings-hint">
            {t("Your domain's defaults: sensitivity {{sensitivity}}, “{{handling}}”.", { sensitivity: defaults.sensitivity, handling: t(SPAM_HANDLING_LABELS[defaults.handling]) })}
          </p>
        )}
        {draft.mode === 'disable' && <p className="settings-hint">{t('Mail is not checked for spam; everything arrives in your Inbox.')}</p>}
      </fieldset>

      {custom && (
        <>
          <div className="settings-field">
            <label htmlFor={ids.sensitivity}>{t('Spam Filter Sensitivity')}</label>
            <select id={ids.sensitivity} value={draft.sensitivity} onChange={(event) => change({ sensitivity: Number(event.target.value) })}>
              {SENSITIVITIES.map((value) => (
                <option key={value} value={value}>
                  {value === 5 ? t('{{value}} (recommended)', { value }) : value}
                </option>
              ))}
            </select>
            <p className="settings-hint">{t('A message is spam when its spam score is at or above this. 1 catches the most spam, 10 the least.')}</p>
          </div>

          <fieldset className="settings-fieldset">
            <legend>{t('Message Handling')}</legend>
            {SPAM_HANDLINGS.map((handling) => (
              <label key={handling} className="settings-choice">
                <input type="radio" name="spam-handling" value={handling} checked={draft.handling === handling} onChange={() => change({ handling })} />
                {t(SPAM_HANDLING_LABELS[handling])}
              </label>
            ))}
          </fieldset>

          <SenderList id={ids.whitelist} label={t('Whitelist Senders')} hint={t('Never treated as spam.')} value={draft.whitelist} problems={problems.whitelist} onChange={(whitelist) => change({ whitelist })} />
          <SenderList id={ids.blacklist} label={t('Blacklist Senders')} hint={t('Always treated as spam.')} value={draft.blacklist} problems={problems.blacklist} onChange={(blacklist) => change({ blacklist })} />
        </>
      )}
    </SectionForm>
  );
}

interface SenderListProps {
  id: string;
  label: string;
  hint: string;
  value: string;
  problems: string[];
  onChange: (value: string) => void;
}

function SenderList({ id, label, hint, value, problems, onChange }: SenderListProps) {
  const t = useT();
  const errorsId = `${id}-errors`;
  return (
    <div className="settings-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="settings-list"
        rows={6}
        spellCheck={false}
        value={value}
        placeholder={LIST_EXAMPLE}
        aria-invalid={problems.length > 0}
        aria-describedby={problems.length ? errorsId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <p className="settings-hint">
        {hint} {t('One entry a line: an address (user@domain.com) or a whole domain (@domain.com).')}
      </p>
      {problems.length > 0 && (
        <ul id={errorsId} className="settings-problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Issues keyed like `whitelist.2` (a line) or `whitelist` (the list) go under that list; the rest under the form. */
function problemsOf(issues: Array<{ key: string; message: string }>): Problems {
  const problems: Problems = { whitelist: [], blacklist: [], form: [] };
  for (const { key, message } of issues) {
    const list = key.split('.')[0];
    (list === 'whitelist' || list === 'blacklist' ? problems[list] : problems.form).push(message);
  }
  return problems;
}
