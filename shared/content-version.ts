// Written here because both the browser and the BFF must compute it, synchronously;
// it only detects a change (a stale tab's save), it guards nothing.

/** Object keys sorted, at every depth: the same value gives the same JSON whatever order its keys came in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, item]) => [key, canonical(item)]));
}

/** A fingerprint of a settings value (FNV-1a over its canonical JSON), the same in the browser and the BFF. */
export function contentVersion(value: unknown): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(canonical(value))) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
