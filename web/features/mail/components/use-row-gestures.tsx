import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useGetMail } from '../commands/get-mail';
import { useMailCommands } from '../commands/mail-commands';
import { MailOpenIcon, RefreshIcon, TrashIcon } from './icons';
import { dragIntent, LONG_PRESS_MS, pullDistance, pullRefreshes, swipeAction, swipeKind, type DragIntent, type SwipeAction, type TextDirection } from './row-gestures';
import { useT } from '../i18n';

/** What a row stands for, to a swipe: its messages (a conversation's all), and whether any is unread. */
export interface GestureRow {
  uids: readonly number[];
  unread: boolean;
}

interface RowGestureOptions {
  /** The list's scroll container; its rows are `[role="option"]` with aria-posinset. */
  scrollRef: RefObject<HTMLDivElement | null>;
  folder: string;
  /** The row at a position, or undefined while its window is loading. */
  rowAt: (index: number) => GestureRow | undefined;
  /** A long press: the list selects the row (alone, or added to a touch selection). */
  onLongPress: (index: number, selecting: boolean) => void;
  hasSelection: boolean;
}

interface Drag {
  pointerId: number;
  x: number;
  y: number;
  dx: number;
  dy: number;
  atTop: boolean;
  /** The list's reading direction when the finger came down: a swipe's meaning mirrors with it. */
  direction: TextDirection;
  row: HTMLElement | null;
  index: number;
  intent: DragIntent;
  longPressed: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface Reveal {
  transform: string;
  height: number;
  action: SwipeAction;
  armed: boolean;
  unread: boolean;
}

const sameReveal = (a: Reveal | null, b: Reveal | null) =>
  a === b || (a !== null && b !== null && a.transform === b.transform && a.action === b.action && a.armed === b.armed && a.unread === b.unread);

/**
 * Touch gestures on the message list and the Conversations list (issue 16):
 * swipe a row left to delete it, right to mark it read or unread (the same
 * commands as the action bar, with "Undo"; mirrored in right-to-left
 * languages, row-gestures.ts swipeKind); a long press selects it, and while
 * a touch selection lasts a tap adds or removes a row; a pull down at the top
 * of the list is "Get Mail". Hand-written on Pointer Events (no gesture
 * library is installed, and these are a few lines each): only touch pointers
 * count, so the mouse keeps clicks and drag and drop, and the list's
 * `touch-action` (mail.css) leaves vertical scrolling to the browser. Every
 * action stays on the action bar for the keyboard and screen readers; the
 * reveal and the pull indicator are decoration (aria-hidden, status text).
 */
export function useRowGestures({ scrollRef, folder, rowAt, onLongPress, hasSelection }: RowGestureOptions) {
  const t = useT();
  const commands = useMailCommands();
  const { getMail } = useGetMail(folder);
  const [selecting, setSelecting] = useState(false);
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [pulling, setPulling] = useState<'no' | 'pulling' | 'armed'>('no');
  const [refreshing, setRefreshing] = useState(false);
  const pullRef = useRef<HTMLDivElement>(null);
  // The listeners are attached once; they read the latest of everything here.
  const latest = useRef({ rowAt, onLongPress, commands, getMail, selecting });
  useEffect(() => {
    latest.current = { rowAt, onLongPress, commands, getMail, selecting };
  });

  // A touch selection ends when nothing is selected any more.
  if (selecting && !hasSelection) setSelecting(false);

  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    let drag: Drag | null = null;
    let swallowClick = false;

    const markTop = () => scroller.classList.toggle('is-at-top', scroller.scrollTop <= 0);
    markTop();

    const showReveal = (current: Drag, row: GestureRow) => {
      if (!current.row) return;
      const next: Reveal = {
        transform: current.row.style.transform,
        height: current.row.offsetHeight,
        action: swipeKind(current.dx, current.direction),
        armed: swipeAction(current.dx, current.row.offsetWidth, current.direction) !== null,
        unread: row.unread,
      };
      setReveal((shown) => (sameReveal(shown, next) ? shown : next));
    };

    const settle = (row: HTMLElement) => {
      row.classList.add('is-settling');
      row.style.translate = '';
      const done = () => row.classList.remove('is-settling', 'is-swiping');
      row.addEventListener('transitionend', done, { once: true });
      // Reduced motion has no transition, so no transitionend.
      setTimeout(done, 250);
    };

    const finish = (completed: boolean) => {
      const current = drag;
      drag = null;
      if (!current) return;
      clearTimeout(current.timer);
      if (current.intent !== 'pending' || current.longPressed) swallowClick = completed;
      if (current.intent === 'swipe' && current.row) {
        const row = latest.current.rowAt(current.index);
        const action = completed ? swipeAction(current.dx, current.row.offsetWidth, current.direction) : null;
        setReveal(null);
        if (action && row) {
          // The element is reused for whichever row takes this place: clean, at once.
          current.row.style.translate = '';
          current.row.classList.remove('is-swiping');
          if (action === 'delete') latest.current.commands.deleteMessages([...row.uids]);
          else latest.current.commands.markMessagesRead([...row.uids], row.unread);
        } else settle(current.row);
      }
      if (current.intent === 'pull') {
        if (pullRef.current) pullRef.current.style.height = '';
        setPulling('no');
        if (completed && pullRefreshes(current.dy)) {
          setRefreshing(true);
          void latest.current.getMail().finally(() => setRefreshing(false));
        }
      }
    };

    const onPointerDown = (event: PointerEvent) => {
      swallowClick = false;
      if (event.pointerType !== 'touch' || !event.isPrimary) return;
      finish(false);
      const row = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="option"]') : null;
      const index = row ? Number(row.getAttribute('aria-posinset')) - 1 : -1;
      const current: Drag = {
        pointerId: event.pointerId,
        x: event.clientX,
        y: event.clientY,
        dx: 0,
        dy: 0,
        atTop: scroller.scrollTop <= 0,
        // The language's direction, set on <html> (applyLanguage); read at each touch, as the language can change.
        direction: scroller.closest('[dir]')?.getAttribute('dir') === 'rtl' ? 'rtl' : 'ltr',
        row,
        index,
        intent: 'pending',
        longPressed: false,
        timer: undefined,
      };
      if (row && latest.current.rowAt(index)) {
        current.timer = setTimeout(() => {
          if (drag !== current || current.intent !== 'pending') return;
          current.longPressed = true;
          latest.current.onLongPress(index, latest.current.selecting);
          setSelecting(true);
        }, LONG_PRESS_MS);
      }
      drag = current;
    };

    const onPointerMove = (event: PointerEvent) => {
      const current = drag;
      if (!current || event.pointerId !== current.pointerId) return;
      current.dx = event.clientX - current.x;
      current.dy = event.clientY - current.y;
      if (current.intent === 'pending') {
        current.intent = dragIntent(current.dx, current.dy, current.atTop);
        if (current.intent === 'pending') return;
        clearTimeout(current.timer);
        // A row that is loading, or one just long-pressed, does not swipe.
        if (current.intent === 'swipe' && (current.longPressed || !current.row || !latest.current.rowAt(current.index))) current.intent = 'scroll';
        if (current.intent === 'scroll') return;
        scroller.setPointerCapture(current.pointerId);
        if (current.intent === 'swipe') current.row?.classList.add('is-swiping');
      }
      if (current.intent === 'swipe' && current.row) {
        const row = latest.current.rowAt(current.index);
        if (!row) return;
        current.row.style.translate = `${current.dx}px 0`;
        showReveal(current, row);
      } else if (current.intent === 'pull') {
        if (pullRef.current) pullRef.current.style.height = `${pullDistance(current.dy)}px`;
        setPulling(pullRefreshes(current.dy) ? 'armed' : 'pulling');
      }
    };

    const onPointerUp = (event: PointerEvent) => {
      if (drag?.pointerId === event.pointerId) finish(true);
    };
    const onPointerCancel = (event: PointerEvent) => {
      if (drag?.pointerId === event.pointerId) finish(false);
    };
    // The click that follows a swipe, a pull or a long press is not a tap on the row.
    const onClick = (event: MouseEvent) => {
      if (!swallowClick) return;
      swallowClick = false;
      event.stopPropagation();
      event.preventDefault();
    };
    // A long press is ours, not the browser's context menu.
    const onContextMenu = (event: Event) => {
      if (drag) event.preventDefault();
    };

    scroller.addEventListener('scroll', markTop, { passive: true });
    scroller.addEventListener('pointerdown', onPointerDown);
    scroller.addEventListener('pointermove', onPointerMove);
    scroller.addEventListener('pointerup', onPointerUp);
    scroller.addEventListener('pointercancel', onPointerCancel);
    scroller.addEventListener('click', onClick, true);
    scroller.addEventListener('contextmenu', onContextMenu);
    return () => {
      finish(false);
      scroller.removeEventListener('scroll', markTop);
      scroller.removeEventListener('pointerdown', onPointerDown);
      scroller.removeEventListener('pointermove', onPointerMove);
      scroller.removeEventListener('pointerup', onPointerUp);
      scroller.removeEventListener('pointercancel', onPointerCancel);
      scroller.removeEventListener('click', onClick, true);
      scroller.removeEventListener('contextmenu', onContextMenu);
    };
  }, [scrollRef]);

  const revealNode: ReactNode = reveal && (
    <div
      aria-hidden="true"
      className={`swipe-reveal is-${reveal.action === 'delete' ? 'delete' : 'read'}${reveal.armed ? ' is-armed' : ''}`}
      style={{ transform: reveal.transform, height: reveal.height }}
    >
      {reveal.action === 'delete' ? (
        <>
          <TrashIcon />
          {t('Delete')}
        </>
      ) : (
        <>
          <MailOpenIcon />
          {reveal.unread ? t('Mark as read') : t('Mark as unread')}
        </>
      )}
    </div>
  );

  const pullIndicator: ReactNode = (
    <div ref={pullRef} className={`pull-indicator${refreshing ? ' is-refreshing' : ''}${pulling !== 'no' ? ' is-pulling' : ''}`}>
      <span className={refreshing ? 'spin' : undefined} aria-hidden="true">
        <RefreshIcon />
      </span>
      <span role="status">{refreshing ? t('Refreshing…') : pulling === 'armed' ? t('Release to refresh') : pulling === 'pulling' ? t('Pull to refresh') : ''}</span>
    </div>
  );

  return { selecting, reveal: revealNode, pullIndicator };
}
