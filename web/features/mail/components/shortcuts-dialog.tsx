import { Modal } from '../../../components/modal';
import { SHORTCUT_GROUPS } from '../commands/shortcuts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

const KEY_LABELS: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  Enter: 'Enter',
  Escape: 'Esc',
  Delete: 'Delete',
  Backspace: '⌫',
  Shift: '⇧',
};

const KEY_TITLES: Record<string, string> = { '⌫': 'Backspace', '⇧': 'Shift', '⌘': 'Command', '↓': 'Down arrow', '↑': 'Up arrow' };

function Keys({ keyName }: { keyName: string }) {
  const parts = keyName.split('+').map((part) => (part === 'Ctrl' ? (isMac ? '⌘' : 'Ctrl') : (KEY_LABELS[part] ?? part)));
  return (
    <kbd>
      {parts.map((part, i) => (
        <kbd key={i} title={KEY_TITLES[part]} aria-label={KEY_TITLES[part]}>
          {part}
        </kbd>
      ))}
    </kbd>
  );
}

/** "?": every shortcut of Mail, from the same table the key handler uses. */
export default function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} className="shortcuts-dialog">
      <div className="shortcut-groups">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.title} aria-label={group.title} className={group.shortcuts.every((s) => s.id === null && s.keys[0] !== 'Escape') ? 'is-coming' : undefined}>
            <h3>{group.title}</h3>
            <dl>
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.label}>
                  <dt>
                    {shortcut.keys.map((key, i) => (
                      <span key={key}>
                        {i > 0 && <span className="shortcut-or"> or </span>}
                        <Keys keyName={key} />
                      </span>
                    ))}
                  </dt>
                  <dd>{shortcut.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" data-autofocus onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
