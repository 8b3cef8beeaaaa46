import { useMemo, useState } from 'react';
import type { MessageDetail } from '../../../../shared/api/messages';
import { attachmentUrl } from '../api/attachment-url';
import { sanitizeMessageHtml } from '../html/sanitize';
import { normalizeContentId } from '../html/url-policy';
import { MessageFrame } from './message-frame';

function cidResolver(detail: MessageDetail): (contentId: string) => string | null {
  const byId = new Map<string, string>();
  for (const attachment of detail.attachments) {
    if (!attachment.contentId) continue;
    const url = attachmentUrl(detail.folder, detail.uid, attachment.part, true);
    const id = normalizeContentId(attachment.contentId);
    byId.set(id, url);
    // Content-IDs are case-sensitive by the RFC and compared case-blind by most senders.
    if (!byId.has(id.toLowerCase())) byId.set(id.toLowerCase(), url);
  }
  return (contentId) => byId.get(contentId) ?? byId.get(contentId.toLowerCase()) ?? null;
}

export function HtmlBody({ detail, html }: { detail: MessageDetail; html: string }) {
  const [allowRemote, setAllowRemote] = useState(false);
  const sanitized = useMemo(
    () => sanitizeMessageHtml(html, { allowRemote, resolveCid: cidResolver(detail) }),
    [html, detail, allowRemote],
  );
  return (
    <>
      {sanitized.hasRemoteContent && !allowRemote && (
        <div className="remote-notice" role="status">
          <span>To protect your privacy, remote images in this message were not loaded.</span>
          <button type="button" className="button button-small" onClick={() => setAllowRemote(true)}>
            Show remote content
          </button>
        </div>
      )}
      <MessageFrame
        key={allowRemote ? 'remote' : 'local'}
        content={sanitized.fragment}
        allowRemote={allowRemote}
        title={`Message body: ${detail.subject || '(no subject)'}`}
      />
    </>
  );
}
