import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { t, useT } from '../i18n';

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
  const t = useT();
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
        setOwnError(t('Give the folder a name.'));
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

/** "New folder", or "New folder 2" (3, …) when that name is taken: in the UI's language. */
export function defaultFolderName(taken: string[]): string {
  const names = new Set(taken.map((n) => n.toLocaleLowerCase()));
  const first = t('New folder');
  if (!names.has(first.toLocaleLowerCase())) return first;
  let n = 2;
  const numbered = () => t('New folder {{n}}', { n });
  while (names.has(numbered().toLocaleLowerCase())) n++;
  return numbered();
}
