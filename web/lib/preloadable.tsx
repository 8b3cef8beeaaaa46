import { lazy, type ComponentType } from 'react';

export interface Preloadable<P> {
  /** Renders the component; suspends only while its code has not arrived yet. */
  Component: ComponentType<P>;
  /** Starts loading the code (once); resolves when it is there. */
  preload: () => Promise<void>;
}

/**
 * A lazily loaded component that renders at once when its code is already
 * there. React.lazy alone suspends on its first render even then (the module
 * promise resolves a microtask later), and a Suspense fallback, once shown,
 * stays at least 300 ms (React 19 throttles revealing the content): a reader
 * preloaded at idle would still flash "Loading…" for a third of a second.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const start = () => {
    loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null; // a failed chunk (network) may be asked for again
        throw error;
      },
    );
    return loading;
  };
  const Lazy = lazy(async () => ({ default: await start() }));
  function Component(props: P) {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  }
  return { Component, preload: () => start().then(() => undefined) };
}
