/**
 * The order of a folder as an ESORT "ALL" sequence set (RFC 5267 §4.2: the set
 * lists UIDs in sort order, and a range may run downwards, "100000:1").
 * Kept compact: a folder sorted by date is usually a handful of ranges, so a
 * window is found without expanding 100,000 UIDs into objects. Consecutive
 * single UIDs are joined into ranges as they are read.
 * Hand-written: no IMAP library exposes windowed access to ESORT results.
 */
export class SortOrder {
  private constructor(
    private readonly runs: ReadonlyArray<{ from: number; to: number }>,
    /** Position of each run's first message: binary search finds a window's start. */
    private readonly starts: readonly number[],
    readonly total: number,
  ) {}

  static parse(sequenceSet: string): SortOrder {
    const runs: Array<{ from: number; to: number }> = [];
    for (const item of sequenceSet.split(',')) {
      if (item === '') continue;
      const colon = item.indexOf(':');
      const from = toUid(colon < 0 ? item : item.slice(0, colon));
      const to = colon < 0 ? from : toUid(item.slice(colon + 1));
      const last = runs[runs.length - 1];
      if (last && from === to && extends_(last, from)) last.to = from;
      else runs.push({ from, to });
    }
    const starts: number[] = [];
    let total = 0;
    for (const run of runs) {
      starts.push(total);
      total += Math.abs(run.to - run.from) + 1;
    }
    return new SortOrder(runs, starts, total);
  }

  static fromUids(uids: readonly number[]): SortOrder {
    return SortOrder.parse(uids.join(','));
  }

  /** The UIDs at positions offset … offset+limit-1; from the end, position 0 is the last UID. */
  window(offset: number, limit: number, fromEnd = false): number[] {
    if (!fromEnd) return this.forward(offset, limit);
    const start = Math.max(0, this.total - offset - limit);
    const count = Math.max(0, Math.min(limit, this.total - offset));
    return this.forward(start, count).reverse();
  }

  private forward(offset: number, limit: number): number[] {
    const uids: number[] = [];
    let run = this.runAt(offset);
    let position = offset;
    while (uids.length < limit && run < this.runs.length) {
      const { from, to } = this.runs[run]!;
      const step = to >= from ? 1 : -1;
      const length = Math.abs(to - from) + 1;
      for (let index = position - this.starts[run]!; index < length && uids.length < limit; index++) {
        uids.push(from + step * index);
      }
      run++;
      position = this.starts[run] ?? this.total;
    }
    return uids;
  }

  private runAt(position: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    if (high < 0 || position >= this.total) return this.runs.length;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

function toUid(text: string): number {
  const uid = Number(text);
  if (!Number.isSafeInteger(uid) || uid < 1 || text.trim() !== text) throw new Error(`not a UID sequence set: ${text}`);
  return uid;
}

/** Whether uid continues the run in its direction (a single-UID run may grow either way). */
function extends_(run: { from: number; to: number }, uid: number): boolean {
  if (run.from === run.to) return uid === run.to + 1 || uid === run.to - 1;
  return run.to > run.from ? uid === run.to + 1 : uid === run.to - 1;
}
