import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { usePreferenceSection } from './use-preference-section';

/** Senders whose remote images show without asking ("Always show from …" in the reading pane); removable here. */
export function RemoteContentSection() {
  const remote = usePreferenceSection('remoteContent', 'Remote content settings saved.');
  if (remote.query.isPending || remote.query.isError) return <SectionLoading title="Remote content" query={remote.query} />;
  const senders = remote.draft.alwaysAllowSenders;
  return (
    <SectionForm
      title="Remote content"
      intro="Remote images load through Tern, so senders never see your address; tracking pixels are never loaded. These senders' images show without asking."
      onSubmit={remote.save}
      {...remote.form}
    >
      {senders.length === 0 ? (
        <p className="settings-hint">No senders yet. Choose &ldquo;Always show from …&rdquo; above a message to add one.</p>
      ) : (
        <ul className="trusted-senders" aria-label="Always show remote content from">
          {senders.map((sender) => (
            <li key={sender}>
              <span>{sender}</span>
              <button
                type="button"
                className="button button-small"
                aria-label={`Remove ${sender}`}
                onClick={() => remote.update({ alwaysAllowSenders: senders.filter((kept) => kept !== sender) })}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </SectionForm>
  );
}
