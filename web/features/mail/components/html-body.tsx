import { useMemo, useState } from 'react';
import type { MessageDetail } from '../../../../shared/api/messages';
import { usePreferences } from '../../../lib/preferences';
import { useSession } from '../../../lib/session-query';
import { attachmentUrl } from '../api/attachment-url';
import { useSignedImages } from '../api/image-proxy';
import { sanitizeMessageHtml } from '../html/sanitize';
import { trackerDetector } from '../html/trackers';
import { normalizeContentId } from '../html/url-policy';
import { MessageFrame } from './message-frame';
import { RemoteContentNotice } from './remote-content-notice';
import { useT } from '../i18n';

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

/**
 * A message's HTML in its sandboxed frame. Remote images stay out until the
 * user allows them (for this message, or always for the sender); then they
 * load through Tern's image proxy, never from the sender's server directly.
 * Tracking images are never loaded (counted in the notice), whether the pane
 * or the BFF (the user's own address hashed in the URL) spots them.
 */
export function HtmlBody({ detail, html }: { detail: MessageDetail; html: string }) {
  const t = useT();
  const { preferences } = usePreferences();
  const session = useSession();
  const sender = detail.from?.address.toLowerCase() ?? null;
  const senderTrusted = sender !== null && preferences.remoteContent.alwaysAllowSenders.includes(sender);
  const [allowedOnce, setAllowedOnce] = useState(false);
  const allowRemote = allowedOnce || senderTrusted;

  const base = useMemo(() => {
    const recipients = [...detail.to, ...detail.cc].map((address) => address.address);
    if (session.data) recipients.push(session.data.email);
    return { resolveCid: cidResolver(detail), isTracker: trackerDetector(recipients) };
  }, [detail, session.data]);
  const firstPass = useMemo(() => sanitizeMessageHtml(html, base), [html, base]);
  // Signed as soon as the message shows (asking Tern only, never the sender): the BFF also
  // names the trackers it alone can see (the user's address hashed), so the count is right at once.
  const signed = useSignedImages(firstPass.remoteUrls);
  const checked = useMemo(() => {
    const refused = new Set(signed.data?.trackers ?? []);
    if (refused.size === 0) return base;
    return { ...base, isTracker: (href: string, element: Element | null) => refused.has(href) || base.isTracker(href, element) };
  }, [base, signed.data]);
  const blocked = useMemo(() => (checked === base ? firstPass : sanitizeMessageHtml(html, checked)), [checked, base, firstPass, html]);
  const shown = useMemo(() => {
    const proxied = signed.data?.urls;
    if (!allowRemote || !proxied) return blocked;
    return sanitizeMessageHtml(html, { ...checked, allowRemote: true, proxy: (href) => proxied[href] ?? null });
  }, [allowRemote, signed.data, blocked, html, checked]);

  return (
    <>
      <RemoteContentNotice
        sender={sender}
        hasRemoteContent={blocked.hasRemoteContent}
        allowed={allowRemote}
        senderTrusted={senderTrusted}
        trackersBlocked={blocked.trackersBlocked}
        loadError={allowRemote && signed.isError ? signed.error.message : null}
        onAllowOnce={() => setAllowedOnce(true)}
      />
      <MessageFrame content={shown.fragment} title={t('Message body: {{subject}}', { subject: detail.subject || t('(no subject)') })} />
    </>
  );
}
