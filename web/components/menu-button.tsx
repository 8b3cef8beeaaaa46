import { useState, type ReactNode } from 'react';
import { LazyMenu } from './lazy-menu';
import type { MenuItem } from './menu';

interface MenuButtonProps {
  /** The button's (and the menu's) accessible name. */
  label: string;
  children: ReactNode;
  /** Built when the menu opens, so it reflects the state at that moment. */
  items: () => MenuItem[];
  className?: string;
  disabled?: boolean;
  title?: string;
  /** Controlled open state, for a keyboard shortcut that opens it. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}

export function MenuButton({ label, children, items, className = 'button', disabled, title, open, onOpenChange }: MenuButtonProps) {
  const [button, setButton] = useState<HTMLButtonElement | null>(null);
  const [ownOpen, setOwnOpen] = useState(false);
  const isOpen = (open ?? ownOpen) && !disabled;
  const setOpen = (next: boolean) => {
    setOwnOpen(next);
    onOpenChange?.(next);
  };
  return (
    <>
      <button
        ref={setButton}
        type="button"
        className={className}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        title={title}
        disabled={disabled}
        onClick={() => setOpen(!isOpen)}
      >
        {children}
      </button>
      {isOpen && button && (
        <LazyMenu
          label={label}
          items={items()}
          anchor={button}
          onClose={(restoreFocus) => {
            setOpen(false);
            if (restoreFocus) button.focus();
          }}
        />
      )}
    </>
  );
}
