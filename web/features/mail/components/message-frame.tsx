import { useEffect, useLayoutEffect, useRef } from 'react';
import { frameShell } from '../html/frame-shell';

/**
 * No allow-scripts, no allow-forms: nothing in a message runs or posts.
 * allow-same-origin lets this page reach into the frame to insert the
 * sanitised nodes and measure them (and lets cid: images load from our
 * origin); without allow-scripts the frame itself cannot use that origin.
 * allow-popups(-to-escape-sandbox): links open a normal new tab.
 */
export const FRAME_SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

/** Frame documents that hold the shell: once per document, so its policy is never replaced. */
const shellWritten = new WeakSet<Document>();

interface MessageFrameProps {
  /** Sanitised nodes; cloned into the frame, so the same fragment can fill several frames. */
  content: DocumentFragment;
  title: string;
}

export function MessageFrame({ content, title }: MessageFrameProps) {
  const frameRef = useRef<HTMLIFrameElement>(null);
  const stopWatchingRef = useRef<(() => void) | null>(null);

  function fill() {
    const frame = frameRef.current;
    const doc = frame?.contentDocument;
    if (!frame || !doc) return;
    // A frame without src has its empty document at once: the fixed shell
    // (never message content) is written into it here, in the same commit,
    // rather than loaded from srcdoc, a navigation that left the first
    // message of a session blank for a few dozen ms more (issue 14).
    if (!shellWritten.has(doc)) {
      doc.open();
      doc.write(frameShell());
      doc.close();
      shellWritten.add(doc);
    }
    // Nodes, not markup: the fragment is never serialised and parsed again.
    doc.body.replaceChildren(doc.importNode(content, true));

    const fit = () => {
      // Mail laid out wider than the pane (a 640 px newsletter on a phone) is
      // scaled down to the pane's width, never up; the app never scrolls sideways.
      const root = doc.documentElement;
      root.style.zoom = '';
      const scale = frame.clientWidth / root.scrollWidth;
      if (scale < 1) root.style.zoom = String(scale);
      frame.style.height = `${Math.ceil(root.scrollHeight)}px`;
    };
    fit();
    stopWatchingRef.current?.();
    // Images arrive after the text; grow the frame as they do.
    doc.addEventListener('load', fit, true);
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(fit);
    observer?.observe(doc.body);
    stopWatchingRef.current = () => {
      doc.removeEventListener('load', fit, true);
      observer?.disconnect();
    };
  }

  // Before the browser paints: the body shows in the same frame as the message.
  useLayoutEffect(fill, [content]);

  useEffect(() => () => stopWatchingRef.current?.(), []);

  return <iframe ref={frameRef} className="message-frame" title={title} sandbox={FRAME_SANDBOX} />;
}
