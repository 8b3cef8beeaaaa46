/**
 * Bounds how deeply a message's elements nest before the browser parses it.
 * Chromium's HTML parser slows down quadratically once nesting passes its own
 * cap of 512 (50,000 levels of <div><span>: minutes, in DOMPurify's parse and
 * again in the frame), so tags deeper than `maxDepth` are dropped here while
 * their text stays. One linear pass over the markup; the result still goes
 * through the sanitiser, so a misjudged tag costs formatting, never safety.
 */

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** An open element of the same name is closed by these (as the parser does for <p><p>, <li><li>, <td><td>). */
const CLOSES_ITS_SIBLING = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'thead', 'tbody', 'tfoot']);

// Comments and raw-text elements whole (their content holds no tags), else one tag.
// Quoted attribute values may hold < and >; an unquoted tag stops at the next <, so a
// run of "<" without ">" is not scanned to its end again and again.
const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|title|xmp|noscript)\b(?:[^<>"']|"[^"]*"|'[^']*')*>[\s\S]*?(?:<\/\1\s*>|$)|<(\/?)([a-zA-Z][^\s/<>]*)(?:[^<>"']|"[^"]*"|'[^']*')*>/g;

export function limitNesting(html: string, maxDepth: number): string {
  const open: string[] = [];
  const droppedOpen = new Map<string, number>();
  const kept: string[] = [];
  let copiedUpTo = 0;
  const drop = (start: number, end: number) => {
    kept.push(html.slice(copiedUpTo, start));
    copiedUpTo = end;
  };

  for (const match of html.matchAll(TOKEN)) {
    const name = match[3]?.toLowerCase();
    if (!name || VOID.has(name)) continue;
    if (match[2] === '/') {
      const dropped = droppedOpen.get(name) ?? 0;
      if (dropped > 0) {
        droppedOpen.set(name, dropped - 1);
        drop(match.index, match.index + match[0].length);
      } else {
        const at = open.lastIndexOf(name);
        if (at !== -1) open.length = at;
      }
      continue;
    }
    if (CLOSES_ITS_SIBLING.has(name) && open[open.length - 1] === name) open.pop();
    if (open.length >= maxDepth) {
      droppedOpen.set(name, (droppedOpen.get(name) ?? 0) + 1);
      drop(match.index, match.index + match[0].length);
    } else {
      open.push(name);
    }
  }
  if (copiedUpTo === 0) return html;
  kept.push(html.slice(copiedUpTo));
  return kept.join('');
}
