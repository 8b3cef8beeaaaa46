import { useId } from 'react';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { usePreferenceSection } from './use-preference-section';

/** Identity (SPEC §8): the name and reply-to address outgoing mail carries. */
export function IdentitySection({ email }: { email: string }) {
  const identity = usePreferenceSection('identity', 'Identity saved. New messages use it.');
  const ids = { name: useId(), replyTo: useId() };
  if (identity.query.isPending || identity.query.isError) return <SectionLoading title="Identity" query={identity.query} />;
  return (
    <SectionForm title="Identity" intro={`How you appear when you send from ${email}.`} onSubmit={identity.save} {...identity.form}>
      <div className="settings-field">
        <label htmlFor={ids.name}>Display name</label>
        <input id={ids.name} type="text" value={identity.draft.displayName} maxLength={100} placeholder="Joy Example" onChange={(event) => identity.update({ displayName: event.target.value })} />
      </div>
      <div className="settings-field">
        <label htmlFor={ids.replyTo}>Reply-to address</label>
        <input id={ids.replyTo} type="email" value={identity.draft.replyTo} placeholder={email} onChange={(event) => identity.update({ replyTo: event.target.value.trim() })} />
        <p className="settings-hint">Leave empty to receive replies at {email}.</p>
      </div>
    </SectionForm>
  );
}
