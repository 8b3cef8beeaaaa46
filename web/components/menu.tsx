import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  /** Nesting shown by indentation (folder trees). */
  depth?: number;
  danger?: boolean;
}

export interface MenuProps {
  /** The menu's accessible name. */
  label: string;
  items: MenuItem[];
  /** The button that opened it, or the pointer position of a context menu. */
  anchor: HTMLElement | { x: number; y: number };
  /** `restoreFocus` is false when the user clicked elsewhere (focus goes there). */
  onClose: (restoreFocus: boolean) => void;
}

/** Where a menu `width` wide opens: under its button, or at the pointer; towards the reading direction's end (leftwards in right-to-left). */
function startOf(anchor: MenuProps['anchor'], width: number): { top: number; left: number } {
  const rightToLeft = document.documentElement.dir === 'rtl';
  if (!(anchor instanceof HTMLElement)) return { top: anchor.y, left: rightToLeft ? anchor.x - width : anchor.x };
  const rect = anchor.getBoundingClientRect();
  return { top: rect.bottom + 4, left: rightToLeft ? rect.right - width : rect.left };
}

/**
 * A popup menu (WAI-ARIA menu pattern): focus moves into it, arrows, Home/End
 * and first letters move between items, Enter or Space chooses, Escape and Tab
 * close. Loaded on demand: nobody needs it for the first screen.
 */
export default function Menu({ label, items, anchor, onClose }: MenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState(() => startOf(anchor, 0));

  // Keep the whole menu on screen once its size is known.
  useLayoutEffect(() => {
    const box = menu.current?.getBoundingClientRect();
    const start = startOf(anchor, box?.width ?? 0);
    setPosition({
      left: Math.max(4, Math.min(start.left, window.innerWidth - (box?.width ?? 0) - 4)),
      top: Math.max(4, Math.min(start.top, window.innerHeight - (box?.height ?? 0) - 4)),
    });
  }, [anchor]);

  const buttons = () => [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [])];

  // The latest onClose, without re-running the effects below when the parent re-renders.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus();
  }, []);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !(anchor instanceof HTMLElement && anchor.contains(target))) close.current(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [anchor]);

  function focusAt(index: number) {
    const all = buttons();
    all[(index + all.length) % all.length]?.focus();
  }

  function handleKeyDown(event: KeyboardEvent) {
    const all = buttons();
    const current = all.indexOf(document.activeElement as HTMLButtonElement);
    switch (event.key) {
      case 'ArrowDown':
        focusAt(current + 1);
        break;
      case 'ArrowUp':
        focusAt(current - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(all.length - 1);
        break;
      case 'Escape':
        onClose(true);
        break;
      case 'Tab':
        onClose(true);
        break;
      default: {
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
        const letter = event.key.toLowerCase();
        const order = [...all.slice(current + 1), ...all.slice(0, current + 1)];
        order.find((b) => b.textContent?.trim().toLowerCase().startsWith(letter))?.focus();
      }
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return createPortal(
    <div
      ref={menu}
      role="menu"
      aria-label={label}
      className="menu"
      style={position}
      onKeyDown={handleKeyDown}
    >
      {items.map((item, index) => (
        <button
          key={`${index}-${item.label}`}
          type="button"
          role="menuitem"
          tabIndex={-1}
          disabled={item.disabled}
          className={item.danger ? 'menu-item is-danger' : 'menu-item'}
          style={item.depth ? { paddingInlineStart: 12 + item.depth * 14 } : undefined}
          onClick={() => {
            onClose(true);
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>,
    document.body,
  );
}
