import { fireEvent, screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/** The row of a message, by (part of) its subject. */
export function row(subject: string | RegExp): HTMLElement {
  return screen.getByRole('option', { name: typeof subject === 'string' ? new RegExp(`${escape(subject)},`) : subject });
}

export function findRow(subject: string | RegExp): Promise<HTMLElement> {
  return screen.findByRole('option', { name: typeof subject === 'string' ? new RegExp(`${escape(subject)},`) : subject });
}

/** Subjects of the rows shown as selected, top to bottom. */
export function selectedSubjects(): string[] {
  return within(screen.getByRole('listbox'))
    .getAllByRole('option')
    .filter((o) => o.getAttribute('aria-selected') === 'true')
    .map((o) => o.querySelector('.col-subject')?.textContent ?? '');
}

/** Subjects of every row shown, top to bottom. */
export function shownSubjects(): string[] {
  return within(screen.getByRole('listbox'))
    .getAllByRole('option')
    .map((o) => o.querySelector('.col-subject')?.textContent ?? '');
}

export async function ctrlClick(user: UserEvent, element: Element): Promise<void> {
  await user.keyboard('{Control>}');
  await user.click(element);
  await user.keyboard('{/Control}');
}

export async function shiftClick(user: UserEvent, element: Element): Promise<void> {
  await user.keyboard('{Shift>}');
  await user.click(element);
  await user.keyboard('{/Shift}');
}

/**
 * Scrolls the message list so that row `index` is at the top. jsdom does no
 * layout, so the list's scroll offset is set by hand and the scroll event the
 * virtualiser listens to is fired.
 */
export function scrollListTo(index: number, rowHeight = 38): void {
  const scroller = document.querySelector('.message-list-scroll');
  if (!(scroller instanceof HTMLElement)) throw new Error('no message list');
  Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: index * rowHeight });
  fireEvent.scroll(scroller);
}

/** A stand-in for the browser's DataTransfer, which jsdom lacks. */
export function makeDataTransfer() {
  const data = new Map<string, string>();
  return {
    data,
    types: [] as string[],
    effectAllowed: 'all',
    dropEffect: 'none',
    setData(type: string, value: string) {
      data.set(type, value);
      if (!this.types.includes(type)) this.types.push(type);
    },
    getData(type: string) {
      return data.get(type) ?? '';
    },
    clearData() {
      data.clear();
      this.types.length = 0;
    },
  };
}

/** Drags `source` onto `target` the way the browser reports it: start, enter, over, drop, end. */
export function dragAndDrop(source: Element, target: Element, dataTransfer = makeDataTransfer()) {
  fireEvent.dragStart(source, { dataTransfer });
  fireEvent.dragEnter(target, { dataTransfer });
  fireEvent.dragOver(target, { dataTransfer });
  fireEvent.drop(target, { dataTransfer });
  fireEvent.dragEnd(source, { dataTransfer });
  return dataTransfer;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
