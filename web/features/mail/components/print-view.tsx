import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { MessageDetail } from '../../../../shared/api/messages';
import { LoadError } from '../../../components/load-error';
import { formatBytes } from '../../../lib/format';
import { useWholeMessage } from '../api/get-message';
import { BodyContent, MessageMeta } from './message-view';
import './message-tools.css';

/** Longest wait for the body's frame to be filled before printing anyway (an HTML body with nothing in it). */
const DRAWN_TIMEOUT_MS = 3_000;

/** The body is drawn: its sanitised frame filled, or its text (not the loading line) in place. */
function bodyDrawn(body: Element): boolean {
  const frames = [...body.querySelectorAll('iframe')];
  if (frames.length > 0) return frames.every((frame) => (frame.contentDocument?.body?.childNodes.length ?? 0) > 0);
  return body.querySelector('.pane-status') === null;
}

/** Calls `then` once the body is drawn (checked each frame); returns a function that cancels. */
function whenDrawn(body: Element, then: () => void): () => void {
  const started = performance.now();
  let request = 0;
  const check = () => {
    if (bodyDrawn(body) || performance.now() - started > DRAWN_TIMEOUT_MS) then();
    else request = requestAnimationFrame(check);
  };
  request = requestAnimationFrame(check);
  return () => cancelAnimationFrame(request);
}

/**
 * "Print": one message alone on the page (From, To, Cc, Date, Subject, the
 * body as the reading pane draws it, the attachments' names), the app hidden
 * by the print style sheet, then the browser's print dialog. A long message is
 * printed whole.
 */
export default function PrintView({ detail, onClose }: { detail: MessageDetail; onClose: () => void }) {
  const isCut = detail.fullBodyLength !== null;
  const whole = useWholeMessage(detail.folder, detail.uid, isCut);
  const shown = isCut ? whole.data : detail;
  const body = useRef<HTMLDivElement>(null);
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
    if (!shown || !body.current) return;
    return whenDrawn(body.current, () => window.print());
  }, [shown]);

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

  const subject = detail.subject || '(no subject)';
  return createPortal(
    <div className="print-view" role="dialog" aria-modal="true" aria-label={`Print: ${subject}`}>
      <div className="print-view-actions">
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          Print
        </button>
        <button ref={closeButton} type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <article className="message print-message">
        <h1 className="message-subject">{subject}</h1>
        <MessageMeta detail={detail} />
        <div ref={body} className="message-body">
          {shown && <BodyContent detail={shown} />}
          {whole.isPending && isCut && (
            <p className="pane-status" role="status">
              Loading message…
            </p>
          )}
          {whole.isError && <LoadError message={whole.error.message} onRetry={() => void whole.refetch()} />}
        </div>
        {detail.attachments.length > 0 && (
          <section className="print-attachments" aria-label="Attachments">
            <h2>Attachments</h2>
            <ul>
              {detail.attachments.map((attachment) => (
                <li key={attachment.part}>
                  {attachment.filename || 'Untitled attachment'} ({formatBytes(attachment.size)})
                </li>
              ))}
            </ul>
          </section>
        )}
      </article>
    </div>,
    document.body,
  );
}
