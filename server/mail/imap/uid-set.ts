/**
 * UID sets (RFC 3501 sequence-set syntax, UIDs only, never "*").
 *
 * A command line has a length limit on every server (Dovecot: 64 KB, RFC 7162
 * asks clients to stay under 8,192 octets), and 10,000 scattered UIDs written
 * out are about 70 KB. So a selection goes to the server as compact ranges,
 * split into sets of bounded length, one command each.
 */
export const MAX_UID_SET_LENGTH = 8000;

/** "1:3,7,9:8" → [1, 2, 3, 7, 8, 9]: ascending, without duplicates. */
export function parseUidSet(set: string): number[] {
  const uids = new Set<number>();
  for (const part of set.split(',')) {
    if (!part) continue;
    const [first, last = first] = part.split(':');
    const from = Number(first);
    const to = Number(last);
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < 1) {
      throw new Error(`not a UID set: ${set.slice(0, 80)}`);
    }
    for (let uid = Math.min(from, to); uid <= Math.max(from, to); uid++) uids.add(uid);
  }
  return [...uids].sort((a, b) => a - b);
}

/** Runs of consecutive UIDs as [first, last] pairs, ascending. */
function runs(uids: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const result: Array<[number, number]> = [];
  for (const uid of sorted) {
    const last = result[result.length - 1];
    if (last && uid === last[1] + 1) last[1] = uid;
    else result.push([uid, uid]);
  }
  return result;
}

const runText = ([first, last]: [number, number]) => (first === last ? String(first) : `${first}:${last}`);

/** [1, 2, 3, 7] → "1:3,7". */
export function compactUidSet(uids: readonly number[]): string {
  return runs(uids).map(runText).join(',');
}

/** The UIDs as compact sets, none longer than maxLength characters (a single run always fits). */
export function uidSetChunks(uids: readonly number[], maxLength = MAX_UID_SET_LENGTH): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const run of runs(uids)) {
    const text = runText(run);
    if (current && current.length + 1 + text.length > maxLength) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current},${text}` : text;
  }
  if (current) chunks.push(current);
  return chunks;
}
