import { describe, expect, it } from 'vitest';
import { DRAG_SLOP, dragIntent, pullDistance, pullRefreshes, PULL_TO_REFRESH, swipeAction, swipeKind } from '../../web/features/mail/components/row-gestures';

describe('touch gestures on the message list', () => {
  it('waits while the finger has barely moved (a tap, or a long press in the making)', () => {
    expect(dragIntent(0, 0, true)).toBe('pending');
    expect(dragIntent(DRAG_SLOP - 1, 0, false)).toBe('pending');
    expect(dragIntent(-6, 6, true)).toBe('pending');
  });

  it('takes only drags within 30° of horizontal as swipes, either way; steeper ones scroll', () => {
    expect(dragIntent(40, 0, false)).toBe('swipe');
    expect(dragIntent(-40, 20, false)).toBe('swipe'); // 26.6°
    expect(dragIntent(-40, -25, false)).toBe('scroll'); // 32°
    expect(dragIntent(5, 60, false)).toBe('scroll');
    expect(dragIntent(0, -60, true)).toBe('scroll');
  });

  it('takes a downward drag as a pull only at the top of the list', () => {
    expect(dragIntent(10, 60, true)).toBe('pull');
    expect(dragIntent(10, 60, false)).toBe('scroll');
    expect(dragIntent(0, -60, true)).toBe('scroll');
  });

  it('acts on a swipe past 35 % of the row (at most 120 px): left deletes, right marks read; a short one snaps back', () => {
    expect(swipeAction(-100, 390, 'ltr')).toBeNull();
    expect(swipeAction(-137, 390, 'ltr')).toBe('delete');
    expect(swipeAction(137, 390, 'ltr')).toBe('toggle-read');
    expect(swipeAction(119, 1000, 'ltr')).toBeNull();
    expect(swipeAction(120, 1000, 'ltr')).toBe('toggle-read');
  });

  it('mirrors in a right-to-left language (Arabic): right, toward the line\'s start, deletes; left marks read', () => {
    expect(swipeAction(137, 390, 'rtl')).toBe('delete');
    expect(swipeAction(-137, 390, 'rtl')).toBe('toggle-read');
    expect(swipeAction(100, 390, 'rtl')).toBeNull();
    // The reveal under the row shows the same action before the swipe is far enough.
    expect(swipeKind(30, 'rtl')).toBe('delete');
    expect(swipeKind(30, 'ltr')).toBe('toggle-read');
  });

  it('follows a pull at half speed, up to a limit, and refreshes once it is shown far enough', () => {
    expect(pullDistance(-20)).toBe(0);
    expect(pullDistance(60)).toBe(30);
    expect(pullDistance(1000)).toBe(96);
    expect(pullRefreshes(PULL_TO_REFRESH * 2 - 2)).toBe(false);
    expect(pullRefreshes(PULL_TO_REFRESH * 2)).toBe(true);
  });
});
