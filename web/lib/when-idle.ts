/** Runs `callback` when the browser is idle, at the latest after `timeoutMs`; returns the cancel. */
export function whenIdle(callback: () => void, timeoutMs: number): () => void {
  if (window.requestIdleCallback) {
    const id = window.requestIdleCallback(callback, { timeout: timeoutMs });
    return () => window.cancelIdleCallback(id);
  }
  const timer = window.setTimeout(callback, Math.min(timeoutMs, 200));
  return () => window.clearTimeout(timer);
}
