import { describe, expect, it } from 'vitest';
import { SortOrder } from '../../server/mail/imap/sort-order';

describe('SortOrder (ESORT ALL sequence sets)', () => {
  it('reads a descending range as newest first and windows it by position', () => {
    const order = SortOrder.parse('100000:1');
    expect(order.total).toBe(100_000);
    expect(order.window(0, 3)).toEqual([100_000, 99_999, 99_998]);
    expect(order.window(99_998, 5)).toEqual([2, 1]);
  });

  it('crosses run boundaries inside one window', () => {
    const order = SortOrder.parse('10:8,3,20:22,5');
    expect(order.total).toBe(8);
    expect(order.window(0, 8)).toEqual([10, 9, 8, 3, 20, 21, 22, 5]);
    expect(order.window(2, 3)).toEqual([8, 3, 20]);
    expect(order.window(6, 10)).toEqual([22, 5]);
  });

  it('gives an empty window past the end and for an empty folder', () => {
    expect(SortOrder.parse('1:5').window(5, 10)).toEqual([]);
    expect(SortOrder.parse('').total).toBe(0);
    expect(SortOrder.parse('').window(0, 50)).toEqual([]);
  });

  it('matches a plain list of UIDs when built from one', () => {
    const uids = [7, 3, 9, 1, 2, 4];
    expect(SortOrder.fromUids(uids).window(1, 4)).toEqual([3, 9, 1, 2]);
  });

  it('reads a window from the end, newest first, for an ascending order', () => {
    const order = SortOrder.parse('1:100000');
    expect(order.window(0, 3, true)).toEqual([100_000, 99_999, 99_998]);
    expect(order.window(99_998, 5, true)).toEqual([2, 1]);
    expect(order.window(100_000, 5, true)).toEqual([]);
    expect(SortOrder.parse('4,9,1:3').window(1, 3, true)).toEqual([2, 1, 9]);
  });

  it('joins consecutive single UIDs into runs and keeps every position right', () => {
    const order = SortOrder.parse('1,2,3,4,10,9,8,20');
    expect(order.total).toBe(8);
    expect(order.window(0, 8)).toEqual([1, 2, 3, 4, 10, 9, 8, 20]);
    expect(order.window(3, 3)).toEqual([4, 10, 9]);
  });

  it('rejects what is not a sequence set rather than guessing', () => {
    expect(() => SortOrder.parse('1:x')).toThrow(/sequence set/);
    expect(() => SortOrder.parse('0:4')).toThrow(/sequence set/);
  });
});
