import type { MessageSource } from '../../../../shared/api/messages';
import { revealBidiControls } from '../../../../shared/bidi';
import { SOURCE_VIEW_BYTES } from '../../../../shared/limits';
import { LoadError } from '../../../components/load-error';
import { Modal } from '../../../components/modal';
import { formatBytes } from '../../../lib/format';
import { emlUrl, useMessageSource } from '../api/message-source';
import { t, useT } from '../i18n';
import './message-tools.css';

export type SourceViewKind = 'source' | 'headers';

/**
 * What the view shows, always as text: React text nodes in a <pre>, never markup; left to right in
 * every language, like the raw message, with each bidirectional control shown where it stands.
 */
function shownText(source: MessageSource, kind: SourceViewKind): string {
  if (kind === 'source') return revealBidiControls(source.source);
  return revealBidiControls(source.headers.map((field) => `${field.name}: ${field.value}`).join('\n'));
}

function cutNotice(source: MessageSource, kind: SourceViewKind): string | null {
  const shown = formatBytes(SOURCE_VIEW_BYTES);
  if (kind === 'source' && source.truncated) {
    return t('Only the first {{shown}} of this {{size}} message is shown. Download it for the rest.', { shown, size: formatBytes(source.size) });
  }
  if (kind === 'headers' && source.headersTruncated) return t('The headers go on past the first {{shown}}. Download the message for the rest.', { shown });
  return null;
}

/** "View source" and "Show all headers": the raw message or its header fields, with the .eml download. */
export default function SourceView({ folder, uid, kind, onClose }: { folder: string; uid: number; kind: SourceViewKind; onClose: () => void }) {
  const t = useT();
  const source = useMessageSource(folder, uid);
  const title = kind === 'source' ? t('Message source') : t('All headers');
  const notice = source.data ? cutNotice(source.data, kind) : null;
  return (
    <Modal title={title} onClose={onClose} className="source-dialog">
      {source.isPending && (
        <p className="pane-status" role="status">
          {t('Loading…')}
        </p>
      )}
      {source.isError && <LoadError message={source.error.message} onRetry={() => void source.refetch()} />}
      {notice && (
        <p className="source-notice" role="status">
          {notice}
        </p>
      )}
      {source.data && (
        <pre className="message-source" dir="ltr" tabIndex={0} aria-label={title}>
          {shownText(source.data, kind)}
        </pre>
      )}
      <div className="modal-actions">
        <a className="button" href={emlUrl(folder, uid)} download>
          {t('Download (.eml)')}
        </a>
        <button type="button" className="button button-primary" data-autofocus onClick={onClose}>
          {t('Close')}
        </button>
      </div>
    </Modal>
  );
}
