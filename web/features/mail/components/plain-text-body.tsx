import { useMemo } from 'react';
import { linkify } from '../html/linkify';

/** Plain text keeps its line breaks; URLs become links. Text nodes and <a> elements only. */
export function PlainTextBody({ text }: { text: string }) {
  const pieces = useMemo(() => linkify(text), [text]);
  return (
    <div className="plain-body">
      {pieces.map((piece, i) =>
        typeof piece === 'string' ? (
          piece
        ) : (
          <a key={i} href={piece.href} target="_blank" rel="noopener noreferrer">
            {piece.text}
          </a>
        ),
      )}
    </div>
  );
}
