import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { MessageDetail } from '../../../../shared/api/messages';
import { LoadError } from '../../../components/load-error';
import { formatBytes } from '../../../lib/format';
import { useMessage, useWholeMessage } from '../api/get-message';
import { threadStackQueryOptions } from '../api/get-threads';
import { BodyContent, MessageMeta } from './message-view';
import { useT } from '../i18n';
import './message-tools.css';

/** Longest wait for the bodies' frames to be filled, once everything is fetched, before printing anyway (an HTML body with nothing in it). */
const DRAWN_TIMEOUT_MS = 3_000;

/** Marks a line that is still fetching what is to be printed: printing waits for it, however long. */
const PENDING = { 'data-print-pending': '' };

/** The bodies are drawn: their sanitised frames filled, or their text (not a loading line) in place. */
function bodiesDrawn(container: Element): boolean {
  const frames = [...container.querySelectorAll('iframe')];
  if (!frames.every((frame) => (frame.contentDocument?.body?.childNodes.length ?? 0) > 0)) return false;
  return container.querySelector('.pane-status') === null;
}

/** Calls `then` once everything is fetched and drawn (checked each frame); returns a function that cancels. */
function whenDrawn(container: Element, then: () => void): () => void {
  let since = performance.now();
  let request = 0;
  const check = () => {
    if (container.querySelector('[data-print-pending]')) since = performance.now();
    else if (bodiesDrawn(container) || performance.now() - since > DRAWN_TIMEOUT_MS) return then();
    request = requestAnimationFrame(check);
  };
  request = requestAnimationFrame(check);
  return () => cancelAnimationFrame(request);
}

/**
 * The print page: what is printed alone on the page, the app hidden by the
 * print style sheet, then the browser's print dialog once it is all drawn.
 * Print and Close stay on screen (not on paper); Escape closes.
 */
function PrintPage({ label, onClose, children }: { label: string; onClose: () => void; children: ReactNode }) {
  const t = useT();
  const content = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    document.body.classList.add('is-printing');
    closeButton.current?.focus();
    return () => {
      document.body.classList.remove('is-printing');
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  useEffect(() => {
    if (!content.current) return;
    return whenDrawn(content.current, () => window.print());
  }, []);

  // On the document, not the view: printing hides the view's buttons, and focus with them.
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // Handled here: the list-only view's Escape ("Back to list") must not act as well.
      event.preventDefault();
      closeRef.current();
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, []);

  return createPortal(
    <div className="print-view" role="dialog" aria-modal="true" aria-label={label}>
      <div className="print-view-actions">
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          {t('Print')}
        </button>
        <button ref={closeButton} type="button" className="button" onClick={onClose}>
          {t('Close')}
        </button>
      </div>
      <div ref={content}>{children}</div>
    </div>,
    document.body,
  );
}

/** One message as printed: its subject (unless the page already has it), From, To, Cc, Date, the whole body as the reading pane draws it, the attachments' names. */
function PrintedMessage({ detail, withSubject }: { detail: MessageDetail; withSubject: boolean }) {
  const t = useT();
  const isCut = detail.fullBodyLength !== null;
  const whole = useWholeMessage(detail.folder, detail.uid, isCut);
  const shown = isCut ? whole.data : detail;
  return (
    <article className="message print-message" aria-label={t('Message from {{sender}}', { sender: detail.from?.name || detail.from?.address || t('(unknown sender)') })}>
      {withSubject && <h1 className="message-subject">{detail.subject || t('(no subject)')}</h1>}
      <MessageMeta detail={detail} everyAddress />
      <div className="message-body">
        {shown && <BodyContent detail={shown} />}
        {whole.isPending && isCut && (
          <p className="pane-status" role="status" {...PENDING}>
            {t('Loading message…')}
          </p>
        )}
        {whole.isError && <LoadError message={whole.error.message} onRetry={() => void whole.refetch()} />}
      </div>
      {detail.attachments.length > 0 && (
        <section className="print-attachments" aria-label={t('Attachments')}>
          <h2>{t('Attachments')}</h2>
          <ul>
            {detail.attachments.map((attachment) => (
              <li key={attachment.part}>
                {t('{{name}} ({{size}})', { name: attachment.filename || t('Untitled attachment'), size: formatBytes(attachment.size) })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

/** "Print" of one message. A long message is printed whole. */
export default function PrintView({ detail, onClose }: { detail: MessageDetail; onClose: () => void }) {
  const t = useT();
  return (
    <PrintPage label={t('Print: {{subject}}', { subject: detail.subject || t('(no subject)') })} onClose={onClose}>
      <PrintedMessage detail={detail} withSubject />
    </PrintPage>
  );
}

function PrintedStackMessage({ folder, uid }: { folder: string; uid: number }) {
  const t = useT();
  const message = useMessage(folder, uid);
  if (message.isPending) {
    return (
      <p className="pane-status" role="status" {...PENDING}>
        {t('Loading message…')}
      </p>
    );
  }
  if (message.isError) return <LoadError message={message.error.message} onRetry={() => void message.refetch()} />;
  return <PrintedMessage detail={message.data} withSubject={false} />;
}

/**
 * "Print conversation": every message of the thread, oldest first, each with
 * its headers and sanitised body, the same way one message prints. A long
 * thread's older windows are fetched first, so nothing is left off the paper.
 */
export function ThreadPrintView({ folder, uid, onClose }: { folder: string; uid: number; onClose: () => void }) {
  const t = useT();
  const stack = useInfiniteQuery(threadStackQueryOptions(folder, uid));
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = stack;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const newestFirst = stack.data?.pages.flatMap((page) => page.items) ?? [];
  const subject = newestFirst[0]?.subject || t('(no subject)');
  return (
    <PrintPage label={t('Print conversation: {{subject}}', { subject })} onClose={onClose}>
      {stack.isError ? (
        <LoadError message={stack.error.message} onRetry={() => void stack.refetch()} />
      ) : stack.isPending || hasNextPage ? (
        <p className="pane-status" role="status" {...PENDING}>
          {t('Loading conversation…')}
        </p>
      ) : (
        <>
          <h1 className="message-subject print-thread-subject">{subject}</h1>
          {[...newestFirst].reverse().map((message) => (
            <PrintedStackMessage key={`${message.folder}\u0000${message.uid}`} folder={message.folder} uid={message.uid} />
          ))}
        </>
      )}
    </PrintPage>
  );
}
