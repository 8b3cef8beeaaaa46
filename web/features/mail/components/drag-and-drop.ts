import type { DragEvent } from 'react';

/**
 * Messages dragged from the list carry this type; folders accept only it.
 * The payload is the source folder's path: what is dragged is the selection,
 * which the drag start has made sure includes the row under the pointer.
 */
export const MESSAGES_DRAG_TYPE = 'application/x-tern-messages';

export function isMessageDrag(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes(MESSAGES_DRAG_TYPE);
}

export function startMessageDrag(event: DragEvent, folder: string, label: string): void {
  const data = event.dataTransfer;
  if (!data) return;
  data.setData(MESSAGES_DRAG_TYPE, folder);
  data.setData('text/plain', label);
  data.effectAllowed = 'move';
  // The browser's picture of one row would misstate a drag of many: show the count instead.
  if (typeof data.setDragImage === 'function') {
    const ghost = document.createElement('div');
    ghost.className = 'drag-ghost';
    ghost.textContent = label;
    document.body.append(ghost);
    data.setDragImage(ghost, 12, 12);
    setTimeout(() => ghost.remove(), 0);
  }
}
