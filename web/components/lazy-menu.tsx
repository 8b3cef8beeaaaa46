import { lazy, Suspense } from 'react';
import type { MenuProps } from './menu';

export const loadMenu = () => import('./menu');
const Menu = lazy(loadMenu);

/** A menu whose code arrives when it is first opened (or preloaded after the first screen). */
export function LazyMenu(props: MenuProps) {
  return (
    <Suspense fallback={null}>
      <Menu {...props} />
    </Suspense>
  );
}
