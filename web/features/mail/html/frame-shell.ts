/**
 * The fixed document every message frame starts from, written into the
 * frame's first (empty) document. It holds no message content: that is
 * imported as DOM nodes after it (see message-frame.tsx).
 *
 * The policy is the second wall behind the sanitiser: nothing but inline styles
 * and images from our own origin (cid: attachments, and remote images once the
 * user allows them: they come through the image proxy) or data: URLs. So no
 * message can reach another server from the frame, whatever the user allows.
 */
export function frameCsp(): string {
  return "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'none'; form-action 'none'; base-uri 'none'";
}

const BASE_STYLE = [
  ':root{color-scheme:light}',
  'html{background:#fff}',
  'body{margin:0;padding:20px 24px;font:14px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d2430;overflow-wrap:break-word}',
  'img{max-width:100%;height:auto}',
  'pre{white-space:pre-wrap}',
  'a{color:#1f5fbf}',
  'blockquote{margin:0 0 0 4px;padding-left:12px;border-left:3px solid #d5dbe5;color:#4a5565}',
].join('');

export function frameShell(): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${frameCsp()}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>${BASE_STYLE}</style>` +
    '</head><body></body></html>'
  );
}
