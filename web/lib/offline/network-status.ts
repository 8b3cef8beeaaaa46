import { useSyncExternalStore } from 'react';
import { create } from 'zustand';

/**
 * Whether the page shows offline copies: the browser says it has no network,
 * or the last mail answer came from the device because the BFF could not be
 * reached (the browser may think it is online behind a dead Wi-Fi).
 */
const useServedOffline = create<{ servedOffline: boolean }>()(() => ({ servedOffline: false }));

export function markServedOffline(): void {
  if (!useServedOffline.getState().servedOffline) useServedOffline.setState({ servedOffline: true });
}

export function markServedFromServer(): void {
  if (useServedOffline.getState().servedOffline) useServedOffline.setState({ servedOffline: false });
}

function subscribeToNetwork(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** The browser's own idea: false once it knows it has no network at all. */
export function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    subscribeToNetwork,
    () => navigator.onLine,
    () => true,
  );
}

export function useOffline(): boolean {
  const online = useBrowserOnline();
  const servedOffline = useServedOffline((state) => state.servedOffline);
  return !online || servedOffline;
}
