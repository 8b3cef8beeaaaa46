import type { MessageDetail } from '../../../../shared/api/messages';
import { openCompose } from '../../../lib/compose-intent';
import { useT } from '../i18n';

/** Under an open draft: go on writing it (with its attachments), through the compose intent. Other messages are answered from the action bar. */
export function EditDraftAction({ detail }: { detail: MessageDetail }) {
  const t = useT();
  if (!detail.flags.draft) return null;
  return (
    <div className="message-compose-actions">
      <button type="button" className="button button-small" onClick={() => openCompose({ draft: { folder: detail.folder, uid: detail.uid } })}>
        {t('Edit Draft')}
      </button>
    </div>
  );
}
