import { LRUCache } from 'lru-cache';
import type { SortOrder } from './sort-order';

/** A user rarely flips between more folders, sorts and searches than this on one connection. */
const CAPACITY = 8;

/**
 * Sort orders a connection has learnt, per folder. A folder's orders are
 * forgotten as soon as the server reports a message added to or removed from
 * it (EXISTS, EXPUNGE), whoever made the change: the connection pool wires
 * those events here. Counts alone cannot tell: a delete and an undo leave the
 * same number of messages with different UIDs.
 */
export class SortOrderCache<Order extends object = SortOrder> {
  private readonly orders: LRUCache<string, Order>;

  constructor(capacity = CAPACITY) {
    this.orders = new LRUCache<string, Order>({ max: capacity });
  }

  get(folder: string, variant: string): Order | undefined {
    return this.orders.get(keyOf(folder, variant));
  }

  set(folder: string, variant: string, order: Order): void {
    this.orders.set(keyOf(folder, variant), order);
  }

  has(folder: string): boolean {
    const prefix = keyOf(folder, '');
    for (const key of this.orders.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  forget(folder: string): void {
    const prefix = keyOf(folder, '');
    for (const key of [...this.orders.keys()]) if (key.startsWith(prefix)) this.orders.delete(key);
  }
}

function keyOf(folder: string, variant: string): string {
  return `${folder}\0${variant}`;
}
