import { useMemo } from 'react';
import { linkify } from '../html/linkify';
import { chunkPieces } from '../html/text-chunks';

/**
 * Characters per block. The browser lays out only the blocks on screen
 * (content-visibility: auto): one text node of 100,000 lines took seconds of
 * layout, blocks of 8 KB take a few milliseconds each.
 */
const BLOCK_CHARS = 8192;

/**
 * Wrapping is part of what the body must do, not of the theme: a line of a
 * megabyte without a space still fits the pane.
 */
const WRAPPING = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/**
 * Plain text keeps its line breaks; URLs become links. Text nodes and <a> elements only.
 * The text's own direction, not the interface's: an English message reads left to right in the Arabic interface.
 */
export function PlainTextBody({ text }: { text: string }) {
  const chunks = useMemo(() => chunkPieces(linkify(text), BLOCK_CHARS), [text]);
  return (
    <div className="plain-body" dir="auto" style={WRAPPING}>
      {chunks.map((chunk, index) => (
        <div key={index} className="plain-block" style={{ containIntrinsicBlockSize: `auto ${chunk.estimatedLines * 1.55}em` }}>
          {chunk.pieces.map((piece, i) =>
            typeof piece === 'string' ? (
              piece
            ) : (
              <a key={i} href={piece.href} target="_blank" rel="noopener noreferrer">
                {piece.text}
              </a>
            ),
          )}
        </div>
      ))}
    </div>
  );
}
