import { useMutation } from '@tanstack/react-query';
import { contentVersion } from '../../../../shared/content-version';
import { usePreferences, useSavePreferences } from '../../../lib/preferences';
import { useT } from '../i18n';
import './privacy.css';

interface RemoteContentNoticeProps {
  /** The sender's address, lower-case; null when the message names none. */
  sender: string | null;
  hasRemoteContent: boolean;
  allowed: boolean;
  senderTrusted: boolean;
  trackersBlocked: number;
  loadError: string | null;
  onAllowOnce: () => void;
}

/** "Show remote content" (once or always for the sender) and the count of tracking images left out. */
export function RemoteContentNotice({ sender, hasRemoteContent, allowed, senderTrusted, trackersBlocked, loadError, onAllowOnce }: RemoteContentNoticeProps) {
  const t = useT();
  const trust = useTrustSender();
  if (!hasRemoteContent && trackersBlocked === 0) return null;
  return (
    <div className="remote-notice" role="status">
      {hasRemoteContent && !allowed && (
        <>
          <span>{t('To protect your privacy, remote images in this message were not loaded.')}</span>
          <button type="button" className="button button-small" onClick={onAllowOnce}>
            {t('Show remote content')}
          </button>
          {sender && (
            <button type="button" className="button button-small" disabled={trust.isPending} onClick={() => trust.mutate(sender, { onSuccess: onAllowOnce })}>
              {t('Always show from {{sender}}', { sender })}
            </button>
          )}
        </>
      )}
      {hasRemoteContent && allowed && (
        <span>
          {senderTrusted ? t('Remote images from {{sender}} are shown through Tern (Settings → Remote content).', { sender }) : t('Remote images are shown through Tern.')}
        </span>
      )}
      {trackersBlocked > 0 && <span className="tracker-count">{t('{{count}} trackers blocked', { count: trackersBlocked })}</span>}
      {loadError && <span className="field-error">{t('Remote images could not be loaded: {{error}}', { error: loadError })}</span>}
      {trust.isError && <span className="field-error">{trust.error.message}</span>}
    </div>
  );
}

/** Adds a sender to Settings → Remote content, on top of the list as saved (a change elsewhere answers 409, nothing lost). */
function useTrustSender() {
  const { preferences } = usePreferences();
  const save = useSavePreferences();
  return useMutation({
    mutationFn: async (sender: string) => {
      const current = preferences.remoteContent;
      if (current.alwaysAllowSenders.includes(sender)) return;
      await save.mutateAsync({
        section: 'remoteContent',
        value: { alwaysAllowSenders: [...current.alwaysAllowSenders, sender] },
        basedOn: contentVersion(current),
      });
    },
  });
}
