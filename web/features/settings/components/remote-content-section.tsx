import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { usePreferenceSection } from './use-preference-section';
import { useT } from '../i18n';

/** Senders whose remote images show without asking ("Always show from …" in the reading pane); removable here. */
export function RemoteContentSection() {
  const t = useT();
  const remote = usePreferenceSection('remoteContent', t('Remote content settings saved.'));
  if (remote.query.isPending || remote.query.isError) return <SectionLoading title={t('Remote content')} query={remote.query} />;
  const senders = remote.draft.alwaysAllowSenders;
  return (
    <SectionForm
      title={t('Remote content')}
      intro={t("Remote images load through Tern, so senders never see your address; tracking pixels are never loaded. These senders' images show without asking.")}
      onSubmit={remote.save}
      {...remote.form}
    >
      {senders.length === 0 ? (
        <p className="settings-hint">{t('No senders yet. Choose “Always show from …” above a message to add one.')}</p>
      ) : (
        <ul className="trusted-senders" aria-label={t('Always show remote content from')}>
          {senders.map((sender) => (
            <li key={sender}>
              <span>{sender}</span>
              <button
                type="button"
                className="button button-small"
                aria-label={t('Remove {{sender}}', { sender })}
                onClick={() => remote.update({ alwaysAllowSenders: senders.filter((kept) => kept !== sender) })}
              >
                {t('Remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </SectionForm>
  );
}
