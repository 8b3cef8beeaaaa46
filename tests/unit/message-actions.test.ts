import type { ImapFlow } from 'imapflow';
import { describe, expect, it, vi } from 'vitest';
import { checkName } from '../../server/mail/imap/folder-admin';
import { imapDate, purgeAtSignOut, purgeCriteria, purgeCutoff } from '../../server/mail/imap/purge';
import type { RawAttribute } from '../../server/mail/imap/raw-command';
import { esearchAll } from '../../server/mail/imap/raw-command';
import { searchKeys, uidSearch, type ImapRunner } from '../../server/mail/imap/selection';
import { compactUidSet, parseUidSet, uidSetChunks } from '../../server/mail/imap/uid-set';

describe('UID sets', () => {
  it('compacts UIDs into ascending ranges, ignoring order and duplicates', () => {
    expect(compactUidSet([7, 1, 2, 3, 3, 9, 10, 12])).toBe('1:3,7,9:10,12');
    expect(compactUidSet([5])).toBe('5');
    expect(compactUidSet([])).toBe('');
  });

  it('expands sets, reversed ranges included, to ascending UIDs', () => {
    expect(parseUidSet('1:3,7,10:9')).toEqual([1, 2, 3, 7, 9, 10]);
    expect(parseUidSet('')).toEqual([]);
    expect(parseUidSet('1:5000')).toHaveLength(5000);
    expect(() => parseUidSet('1:*')).toThrow(/not a UID set/);
    expect(() => parseUidSet('0')).toThrow(/not a UID set/);
  });

  it('splits a long selection into sets of bounded length that together name every UID once', () => {
    // Every other UID: no ranges to fold, the worst case for the command line.
    const uids = Array.from({ length: 10_000 }, (_, index) => 100_000 + index * 2);
    const chunks = uidSetChunks(uids, 8000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(8000);
    expect(chunks.flatMap(parseUidSet)).toEqual(uids);
    expect(uidSetChunks(Array.from({ length: 100_000 }, (_, index) => index + 1))).toEqual(['1:100000']);
    expect(uidSetChunks([])).toEqual([]);
  });
});

describe('selection search', () => {
  it('uses the message list search semantics', () => {
    expect(searchKeys(undefined, 'subject')).toEqual([{ type: 'ATOM', value: 'ALL' }]);
    expect(searchKeys('', 'from')).toEqual([{ type: 'ATOM', value: 'ALL' }]);
    expect(searchKeys('invoice', 'body')).toEqual([
      { type: 'ATOM', value: 'BODY' },
      { type: 'STRING', value: 'invoice' },
    ]);
  });

  it('reads the ALL set of an ESEARCH answer, and nothing when nothing matched', () => {
    const tag = [
      { type: 'ATOM', value: 'TAG' },
      { type: 'STRING', value: 'A7' },
    ] as const;
    expect(esearchAll([[[...tag], { type: 'ATOM', value: 'UID' }, { type: 'ATOM', value: 'ALL' }, { type: 'SEQUENCE', value: '1:3,9' }]])).toBe('1:3,9');
    expect(esearchAll([[[...tag], { type: 'ATOM', value: 'UID' }]])).toBe('');
  });
});

/** A client whose server answers every command with the given untagged response. */
function fakeClient(capabilities: string[], untagged: { kind: string; attributes?: RawAttribute[]; numbers?: number[] }) {
  const sent: Array<{ command: string; attributes: RawAttribute[] }> = [];
  const client = {
    capabilities: new Map(capabilities.map((name) => [name, true])),
    async exec(command: string, attributes: RawAttribute[], options: { untagged: Record<string, (response: unknown) => void> }) {
      sent.push({ command, attributes });
      options.untagged[untagged.kind]?.(untagged);
      return { next: () => undefined };
    },
  };
  return { client: client as unknown as ImapFlow, sent };
}

describe('uidSearch', () => {
  it('asks for a compact ESEARCH answer where the server has ESEARCH', async () => {
    const { client, sent } = fakeClient(['ESEARCH'], {
      kind: 'ESEARCH',
      attributes: [{ type: 'ATOM', value: 'UID' }, { type: 'ATOM', value: 'ALL' }, { type: 'SEQUENCE', value: '4:6,9' }],
    });
    expect(await uidSearch(client, searchKeys('Grüße', 'subject'))).toEqual([4, 5, 6, 9]);
    expect(sent[0]!.command).toBe('UID SEARCH');
    expect(sent[0]!.attributes.slice(2, 4)).toEqual([{ type: 'ATOM', value: 'CHARSET' }, { type: 'ATOM', value: 'UTF-8' }]);
  });

  it('reads a plain SEARCH answer (numbers) where it has not, without a charset for ASCII text', async () => {
    const { client, sent } = fakeClient([], { kind: 'SEARCH', numbers: [9, 3, 3, 5] });
    expect(await uidSearch(client, searchKeys('invoice', 'from'))).toEqual([3, 5, 9]);
    expect(sent[0]!.attributes).toEqual([{ type: 'ATOM', value: 'FROM' }, { type: 'STRING', value: 'invoice' }]);
  });
});

describe('purge at sign-out', () => {
  const credentials = { email: 'joy@mt-example.com', password: 'secret' };

  it('never stands in the way of signing out: a failure or a slow server is logged and left behind', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const failing: ImapRunner = { run: () => Promise.reject(Object.assign(new Error('Command failed'), { responseStatus: 'NO' })) };
      expect(await purgeAtSignOut(failing, credentials, 1000)).toBeNull();
      const hanging: ImapRunner = { run: () => new Promise(() => undefined) };
      expect(await purgeAtSignOut(hanging, credentials, 10)).toBeNull();
      expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
        expect.stringContaining('purge of Trash and Spam failed: Error NO'),
        expect.stringContaining('still running after 10 ms'),
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('cuts off a whole day more than PURGE_AFTER_DAYS back, so no time zone purges anything younger', () => {
    const now = new Date('2026-11-26T00:30:00Z');
    const cutoff = purgeCutoff(now, 30);
    expect(cutoff.toISOString()).toBe('2026-10-26T00:00:00.000Z');
    // The latest instant any server zone (UTC-12 … UTC+14) reads as "before that day" is still 30 days old.
    const latestMatched = cutoff.getTime() + 12 * 3_600_000;
    expect(now.getTime() - latestMatched).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(purgeCutoff(new Date('2026-03-31T23:59:59Z'), 30).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  it('writes RFC 3501 dates and prefers the save date when the server has one', () => {
    expect(imapDate(new Date('2026-10-05T00:00:00Z'))).toBe('5-Oct-2026');
    expect(imapDate(new Date('2027-01-31T00:00:00Z'))).toBe('31-Jan-2027');
    const cutoff = new Date('2026-10-26T00:00:00Z');
    expect(purgeCriteria(cutoff, true)).toEqual([
      { type: 'ATOM', value: 'SAVEDBEFORE' },
      { type: 'ATOM', value: '26-Oct-2026' },
    ]);
    expect(purgeCriteria(cutoff, false)[0]).toEqual({ type: 'ATOM', value: 'BEFORE' });
  });
});

describe('folder names', () => {
  it('refuses a name holding the hierarchy delimiter, with a message saying why', () => {
    expect(() => checkName('a/b', '/')).toThrow(/cannot contain "\/"/);
    expect(() => checkName('a.b', '/')).not.toThrow();
    expect(() => checkName('a/b', null)).not.toThrow();
  });
});
