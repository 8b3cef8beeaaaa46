import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';

interface FolderNameEditorProps {
  initialName: string;
  /** The input's accessible name. */
  label: string;
  pending: boolean;
  /** The server's reason when it refused the name. */
  error: string | null;
  onSave: (name: string) => void;
  onCancel: () => void;
  depth?: number;
}

/**
 * The inline editor of a folder name: opens with the name selected, Enter
 * saves, Escape cancels. A refusal shows under it, and the name stays there
 * to be corrected.
 */
export function FolderNameEditor({ initialName, label, pending, error, onSave, onCancel, depth = 0 }: FolderNameEditorProps) {
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const [name, setName] = useState(initialName);
  const [ownError, setOwnError] = useState<string | null>(null);
  const shown = ownError ?? error;

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // The folder tree's arrows and the page's shortcuts stay out of the field.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (pending) return;
      const trimmed = name.trim();
      if (!trimmed) {
        setOwnError('Give the folder a name.');
        return;
      }
      setOwnError(null);
      onSave(trimmed);
    }
  }

  return (
    <div className="folder-editor" style={{ '--depth': depth } as CSSProperties} onClick={(event) => event.stopPropagation()}>
      <input
        ref={input}
        type="text"
        aria-label={label}
        value={name}
        maxLength={200}
        readOnly={pending}
        aria-busy={pending || undefined}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? errorId : undefined}
        onChange={(event) => {
          setName(event.target.value);
          setOwnError(null);
        }}
        onKeyDown={handleKeyDown}
      />
      {shown && (
        <p id={errorId} role="alert" className="folder-editor-error">
          {shown}
        </p>
      )}
    </div>
  );
}

/** "New folder", or "New folder 2" (3, …) when that name is taken. */
export function defaultFolderName(taken: string[]): string {
  const names = new Set(taken.map((n) => n.toLocaleLowerCase()));
  if (!names.has('new folder')) return 'New folder';
  let n = 2;
  while (names.has(`new folder ${n}`)) n++;
  return `New folder ${n}`;
}
