import { useId, useState } from 'react';
import { changePasswordSchema, MAX_NEW_PASSWORD_LENGTH, MIN_NEW_PASSWORD_LENGTH, PASSWORD_RULES, type PasswordRule } from '../../../../shared/api/password';
import { msg } from '../../../lib/i18n/i18n';
import { useChangePassword } from '../api/change-password';
import { useT } from '../i18n';
import { SectionForm } from './section-form';
import { useDraft } from './use-draft';
import { translateServerText } from '../../../lib/i18n/server-texts';

const EMPTY = { currentPassword: '', newPassword: '', confirmPassword: '' };
// Marks for the eye only: the words after them say it (" (done)").
const MET_MARK = '✓';
const UNMET_MARK = '○';

/** The rules' texts to translate (shared/ keeps the English ones for the server's refusals). */
const RULE_LABELS: Record<PasswordRule['id'], string> = {
  lower: msg('At least one lower-case letter'),
  upper: msg('At least one upper-case letter'),
  numeral: msg('At least one numeral'),
  symbol: msg('At least one symbol'),
  length: msg('{{min}} to {{max}} characters'),
};

/** "Change Password" (SPEC §8): a live checklist, saving only once every rule holds. */
export function PasswordSection() {
  const t = useT();
  const { draft, dirty, update, reset } = useDraft('password', EMPTY);
  const change = useChangePassword();
  const [savedMessage, setSavedMessage] = useState<string | null>(null);
  const ids = { current: useId(), next: useId(), again: useId(), rules: useId() };

  const checks = [
    ...PASSWORD_RULES.map((rule) => ({ id: rule.id, label: t(RULE_LABELS[rule.id], { min: MIN_NEW_PASSWORD_LENGTH, max: MAX_NEW_PASSWORD_LENGTH }), met: rule.test(draft.newPassword) })),
    { id: 'match', label: t('Both new passwords are the same'), met: draft.newPassword !== '' && draft.newPassword === draft.confirmPassword },
  ];
  const valid = changePasswordSchema.safeParse(draft);
  const problem = dirty && !valid.success && checks.every((check) => check.met) && draft.currentPassword ? (valid.error.issues[0] ? translateServerText(valid.error.issues[0].message) : null) : null;

  function edit(patch: Partial<typeof EMPTY>) {
    update(patch);
    setSavedMessage(null);
    change.reset();
  }

  function submit() {
    if (!valid.success) return;
    change.mutate(valid.data, {
      onSuccess: () => {
        reset();
        setSavedMessage(t('Your password has been changed. Use the new one in your other mail apps too.'));
      },
    });
  }

  return (
    <SectionForm
      title={t('Change Password')}
      intro={t('This changes the password of your mailbox: for Tern and for every mail app.')}
      onSubmit={submit}
      saving={change.isPending}
      canSave={valid.success}
      savedMessage={savedMessage}
      error={change.error?.message ?? problem ?? null}
    >
      <div className="settings-field">
        <label htmlFor={ids.current}>{t('Current password')}</label>
        <input id={ids.current} type="password" autoComplete="current-password" value={draft.currentPassword} onChange={(event) => edit({ currentPassword: event.target.value })} />
      </div>
      <div className="settings-field">
        <label htmlFor={ids.next}>{t('New password')}</label>
        <input id={ids.next} type="password" autoComplete="new-password" aria-describedby={ids.rules} value={draft.newPassword} onChange={(event) => edit({ newPassword: event.target.value })} />
      </div>
      <div className="settings-field">
        <label htmlFor={ids.again}>{t('Re-enter password')}</label>
        <input id={ids.again} type="password" autoComplete="new-password" value={draft.confirmPassword} onChange={(event) => edit({ confirmPassword: event.target.value })} />
      </div>
      <ul id={ids.rules} className="password-rules" aria-label={t('Password rules')}>
        {checks.map((check) => (
          <li key={check.id} className={check.met ? 'is-met' : undefined}>
            <span aria-hidden="true">{check.met ? MET_MARK : UNMET_MARK}</span> {check.label}
            <span className="visually-hidden">{check.met ? t(' (done)') : t(' (not yet)')}</span>
          </li>
        ))}
      </ul>
    </SectionForm>
  );
}
