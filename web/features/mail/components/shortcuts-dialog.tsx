import { Modal } from '../../../components/modal';
import { SHORTCUT_GROUPS } from '../commands/shortcuts';
import { msg } from '../../../lib/i18n/i18n';
import { useT } from '../i18n';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

const SYMBOL_CAPS: Record<string, { cap: string; title: string }> = {
  ArrowDown: { cap: '↓', title: msg('Down arrow') },
  ArrowUp: { cap: '↑', title: msg('Up arrow') },
  Backspace: { cap: '⌫', title: msg('Backspace') },
  Shift: { cap: '⇧', title: msg('Shift') },
};

/**
 * Keys printed with their name, as the user's keyboard prints it (a German one
 * says "Strg", "Entf"). Keys of their own, the English cap as the default:
 * "Delete" the key is not "Delete" the command in every language.
 */
const NAMED_CAPS: Record<string, { key: string; english: string }> = {
  Ctrl: { key: msg('Ctrl key'), english: 'Ctrl' },
  Delete: { key: msg('Delete key'), english: 'Delete' },
  Enter: { key: msg('Enter key'), english: 'Enter' },
  Escape: { key: msg('Esc key'), english: 'Esc' },
};

function Keys({ keyName }: { keyName: string }) {
  const t = useT();
  const caps = keyName.split('+').map((part) => {
    if (part === 'Ctrl' && isMac) return { cap: '⌘', title: t('Command') };
    const symbol = SYMBOL_CAPS[part];
    if (symbol) return { cap: symbol.cap, title: t(symbol.title) };
    const named = NAMED_CAPS[part];
    return { cap: named ? t(named.key, { defaultValue: named.english }) : part, title: undefined };
  });
  return (
    <kbd>
      {caps.map(({ cap, title }, i) => (
        <kbd key={i} title={title} aria-label={title}>
          {cap}
        </kbd>
      ))}
    </kbd>
  );
}

/** "?": every shortcut of Mail, from the same table the key handler uses. */
export default function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <Modal title={t('Keyboard shortcuts')} onClose={onClose} className="shortcuts-dialog">
      <div className="shortcut-groups">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.title} aria-label={t(group.title)} className={group.shortcuts.every((s) => s.id === null && s.keys[0] !== 'Escape') ? 'is-coming' : undefined}>
            <h3>{t(group.title)}</h3>
            <dl>
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.label}>
                  <dt>
                    {shortcut.keys.map((key, i) => (
                      <span key={key}>
                        {i > 0 && <span className="shortcut-or"> {t('or')} </span>}
                        <Keys keyName={key} />
                      </span>
                    ))}
                  </dt>
                  <dd>{t(shortcut.label)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" data-autofocus onClick={onClose}>
          {t('Close')}
        </button>
      </div>
    </Modal>
  );
}
