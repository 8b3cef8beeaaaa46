/**
 * The arithmetic of the message list's touch gestures (use-row-gestures.tsx),
 * kept pure so its thresholds are tested without a finger.
 */

/** A finger moves this far (px) before we decide what it is doing; less is a tap or a long press. */
export const DRAG_SLOP = 10;
/** A drag within this angle of horizontal is a swipe; anything steeper is left to scrolling. */
export const MAX_SWIPE_ANGLE_DEG = 30;
/** Held this long without moving, a row is selected. */
export const LONG_PRESS_MS = 500;
/** A pull shown this far (px, after damping) refreshes on release. */
export const PULL_TO_REFRESH = 64;
const MAX_PULL = 96;

export type DragIntent = 'pending' | 'swipe' | 'pull' | 'scroll';

/** What a drag of (dx, dy) from where it started is; `atTop`: the list was scrolled to its top. */
export function dragIntent(dx: number, dy: number, atTop: boolean): DragIntent {
  if (Math.hypot(dx, dy) < DRAG_SLOP) return 'pending';
  const tangent = Math.tan((MAX_SWIPE_ANGLE_DEG * Math.PI) / 180);
  if (Math.abs(dy) <= Math.abs(dx) * tangent) return 'swipe';
  if (atTop && dy > 0 && Math.abs(dx) < dy) return 'pull';
  return 'scroll';
}

export type SwipeAction = 'delete' | 'toggle-read';
export type TextDirection = 'ltr' | 'rtl';

/**
 * What a swipe does, by where it goes in the reading direction, so it mirrors
 * with the layout: toward the line's start (left in English, right in Arabic)
 * deletes, toward its end marks read or unread.
 */
export function swipeKind(dx: number, direction: TextDirection): SwipeAction {
  const towardStart = direction === 'rtl' ? dx > 0 : dx < 0;
  return towardStart ? 'delete' : 'toggle-read';
}

/** A swipe far enough acts (swipeKind); a short one snaps back. */
export function swipeThreshold(rowWidth: number): number {
  return Math.min(120, rowWidth * 0.35);
}

export function swipeAction(dx: number, rowWidth: number, direction: TextDirection): SwipeAction | null {
  if (Math.abs(dx) < swipeThreshold(rowWidth)) return null;
  return swipeKind(dx, direction);
}

/** How far the list follows a pull of `dy`: half the finger's way, at most MAX_PULL. */
export function pullDistance(dy: number): number {
  return Math.max(0, Math.min(MAX_PULL, dy / 2));
}

export function pullRefreshes(dy: number): boolean {
  return pullDistance(dy) >= PULL_TO_REFRESH;
}
