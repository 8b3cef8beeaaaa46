import { useSyncExternalStore } from 'react';

/**
 * The three layouts of issue 16, one app: the same components, arranged by CSS
 * at these widths. Components ask only where the structure differs (one pane
 * at a time on a phone). The numbers must match the media queries in the CSS.
 */
export const PHONE_QUERY = '(max-width: 39.999em)';
export const TOUCH_QUERY = '(max-width: 64em)';

// jsdom (the ui tests) has no matchMedia: there every layout is the desktop's.
const hasMatchMedia = () => typeof window.matchMedia === 'function';

function subscribeTo(query: string) {
  return (onChange: () => void) => {
    if (!hasMatchMedia()) return () => {};
    const list = window.matchMedia(query);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  };
}

const subscriptions = new Map<string, (onChange: () => void) => () => void>();

/** Whether a media query matches now; re-renders when it starts or stops matching (a resize, a rotation). */
export function useMediaQuery(query: string): boolean {
  let subscribe = subscriptions.get(query);
  if (!subscribe) {
    subscribe = subscribeTo(query);
    subscriptions.set(query, subscribe);
  }
  return useSyncExternalStore(
    subscribe,
    () => hasMatchMedia() && window.matchMedia(query).matches,
    () => false,
  );
}

/** Phone: one pane at a time. */
export const usePhoneLayout = () => useMediaQuery(PHONE_QUERY);
/** Phone or tablet: folders in a drawer, taller rows for fingers. */
export const useTouchLayout = () => useMediaQuery(TOUCH_QUERY);
