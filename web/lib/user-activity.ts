/**
 * When the person last touched this tab. Reads the page makes on its own
 * (refetches after a live update, a calendar's next day) say so to the BFF
 * (BACKGROUND_HEADER), so an open tab nobody uses does not keep its session
 * alive (TERN_SESSION_IDLE_MINUTES).
 */
const RECENT_MS = 60_000;
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

let lastInputAt = 0;
let listening = false;

function listen(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  const seen = () => (lastInputAt = Date.now());
  for (const type of INPUT_EVENTS) window.addEventListener(type, seen, { capture: true, passive: true });
}

/** True when nobody has used the tab for a while; starts listening at the first call. */
export function isBackground(): boolean {
  listen();
  return Date.now() - lastInputAt > RECENT_MS;
}
