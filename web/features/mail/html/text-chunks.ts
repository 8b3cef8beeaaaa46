import type { TextPiece } from './linkify';

export interface TextChunk {
  pieces: TextPiece[];
  /** Lines it will take at about 100 characters a line: the height it is given while off screen. */
  estimatedLines: number;
}

/** A hard split looks back this far for a space, so a long line breaks between words where it can. */
const SPACE_LOOKBACK = 200;

/**
 * Groups the pieces of a plain text into blocks of about `size` characters,
 * ending each at a line's end where one is near, so the reading pane can lay
 * out only the blocks on screen (content-visibility). A line longer than a
 * block is split between blocks; a link is split only if it alone is longer.
 */
export function chunkPieces(pieces: TextPiece[], size: number): TextChunk[] {
  const chunks: TextChunk[] = [];
  let current: TextPiece[] = [];
  let length = 0;
  let lines = 1;
  const close = () => {
    if (current.length === 0) return;
    chunks.push({ pieces: current, estimatedLines: lines + Math.ceil(length / 100) });
    current = [];
    length = 0;
    lines = 1;
  };
  const add = (piece: TextPiece) => {
    const text = typeof piece === 'string' ? piece : piece.text;
    current.push(piece);
    length += text.length;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  };

  for (const piece of pieces) {
    let rest = typeof piece === 'string' ? piece : piece.text;
    while (rest.length > 0) {
      const room = size - length;
      if (rest.length <= room) {
        add(typeof piece === 'string' ? rest : { text: rest, href: piece.href });
        break;
      }
      const cut = typeof piece === 'string' ? textCut(rest, room, length === 0) : length === 0 ? room : 0;
      if (cut > 0) {
        const head = rest.slice(0, cut);
        add(typeof piece === 'string' ? head : { text: head, href: piece.href });
        rest = rest.slice(cut);
      }
      close();
    }
  }
  close();
  return chunks;
}

/** Where to end a block within `room` characters: after a line break, else (in an empty block) after a space, else at `room`. 0: start a new block first. */
function textCut(text: string, room: number, blockIsEmpty: boolean): number {
  const lineEnd = text.lastIndexOf('\n', room - 1);
  if (lineEnd !== -1) return lineEnd + 1;
  if (!blockIsEmpty) return 0;
  const space = text.lastIndexOf(' ', room - 1);
  let cut = space >= room - SPACE_LOOKBACK ? space + 1 : room;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return cut;
}
