import { useId } from 'react';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { usePreferenceSection } from './use-preference-section';
import { useT } from '../i18n';

/** Identity (SPEC §8): the name and reply-to address outgoing mail carries. */
export function IdentitySection({ email }: { email: string }) {
  const t = useT();
  const identity = usePreferenceSection('identity', t('Identity saved. New messages use it.'));
  const ids = { name: useId(), replyTo: useId() };
  if (identity.query.isPending || identity.query.isError) return <SectionLoading title={t('Identity')} query={identity.query} />;
  return (
    <SectionForm title={t('Identity')} intro={t('How you appear when you send from {{email}}.', { email })} onSubmit={identity.save} {...identity.form}>
      <div className="settings-field">
        <label htmlFor={ids.name}>{t('Display name')}</label>
        <input id={ids.name} type="text" value={identity.draft.displayName} maxLength={100} placeholder={t('Joy Example')} onChange={(event) => identity.update({ displayName: event.target.value })} />
      </div>
      <div className="settings-field">
        <label htmlFor={ids.replyTo}>{t('Reply-to address')}</label>
        <input id={ids.replyTo} type="email" value={identity.draft.replyTo} placeholder={email} onChange={(event) => identity.update({ replyTo: event.target.value.trim() })} />
        <p className="settings-hint">{t('Leave empty to receive replies at {{email}}.', { email })}</p>
      </div>
    </SectionForm>
  );
}
