import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawAttribute } from '../../server/mail/imap/raw-command';
import { threadsOfLine } from '../../server/mail/imap/thread-line';
import { parseThreadResponse, ThreadOrder, threadsFromHeaders, type MessageLinks } from '../../server/mail/imap/thread-order';
import { shortName } from '../../server/mail/imap/threads';

const n = (value: number): RawAttribute => ({ type: 'ATOM', value: String(value) });
const sorted = (threads: number[][]) => threads.map((thread) => [...thread].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);

describe('threads from the headers, for a server without THREAD', () => {
  const message = (uid: number, messageId: string | null, references: string | null = null, inReplyTo: string | null = null): MessageLinks => ({
    uid,
    messageId,
    references,
    inReplyTo,
  });

  it('joins replies to their parents by References and In-Reply-To, whatever the case of the ids', () => {
    const threads = threadsFromHeaders([
      message(1, '<root@a.example>'),
      message(2, '<reply@b.example>', '<root@a.example>'),
      message(3, '<late@c.example>', null, '<REPLY@B.EXAMPLE>'),
      message(4, '<alone@d.example>'),
    ]);
    expect(sorted(threads)).toEqual([[1, 2, 3], [4]]);
  });

  it('keeps siblings of a missing root together', () => {
    const threads = threadsFromHeaders([message(5, '<x@a.example>', '<gone@a.example>'), message(6, '<y@a.example>', '<gone@a.example> <x@a.example>'), message(7, '<z@a.example>', '<gone@a.example>')]);
    expect(sorted(threads)).toEqual([[5, 6, 7]]);
  });

  it('puts a message whose broken References name two conversations in one thread, once', () => {
    const threads = threadsFromHeaders([message(1, '<g@a.example>'), message(2, '<h@a.example>'), message(3, '<x@a.example>', '<g@a.example> <h@a.example>')]);
    expect(threads.flat().sort()).toEqual([1, 2, 3]);
    expect(threads.filter((thread) => thread.includes(3))).toHaveLength(1);
  });

  it('leaves messages without a Message-ID each on their own unless they name a parent', () => {
    const threads = threadsFromHeaders([message(1, null), message(2, null), message(3, null, '<p@a.example>'), message(4, '<p@a.example>')]);
    expect(sorted(threads)).toEqual([[1], [2], [3, 4]]);
  });
});

describe('THREAD answers and the order of conversations', () => {
  it('reads every message of a thread, a missing root’s children included', () => {
    // * THREAD (2)(3 6 (4 23)(44 7 96))((11)(12))
    const answer: RawAttribute[][] = [[[n(2)], [n(3), n(6), [n(4), n(23)], [n(44), n(7), n(96)]], [[n(11)], [n(12)]]]];
    expect(parseThreadResponse(answer)).toEqual([[2], [3, 6, 4, 23, 44, 7, 96], [11, 12]]);
  });

  it('reads a THREAD line from its bytes as the general parser reads it', async () => {
    const line = '* THREAD (2)(3 6 (4 23)(44 7 96))((11)(12))';
    expect(threadsOfLine(Buffer.from(line))).toEqual([[2], [3, 6, 4, 23, 44, 7, 96], [11, 12]]);
    expect(threadsOfLine(Buffer.from('* THREAD'))).toEqual([]);
    // A big answer, such as 100,000 messages give, agrees with imapflow's parser.
    const threads = Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? `(${5 * i + 1} ${5 * i + 2} (${5 * i + 3})(${5 * i + 4} ${5 * i + 5}))` : i % 11 === 0 ? `((${5 * i + 1})(${5 * i + 2}))` : `(${5 * i + 1})`));
    const big = Buffer.from(`* THREAD ${threads.join('')}`);
    // Its parser is not among imapflow's exports: loaded by file, beside its main module.
    const handler = path.join(path.dirname(createRequire(import.meta.url).resolve('imapflow')), 'handler/imap-handler.js');
    const { parser } = (await import(handler)) as { parser: (line: Buffer, options: object) => Promise<{ attributes: RawAttribute[] }> };
    const general = parseThreadResponse([(await parser(big, { maxResponseTokens: 1_000_000 })).attributes]);
    expect(threadsOfLine(big)).toEqual(general);
  });

  it('leaves any other line, or one the THREAD grammar does not allow, to the general parser', () => {
    for (const line of ['* SORT 1 2 3', '* THREADS (1)', '* THREAD (1)(2', '* THREAD (1))', '* THREAD 5 (1)', '* THREAD (1 NIL)', '* THREAD (99999999999999999999)']) {
      expect(threadsOfLine(Buffer.from(line)), line).toBeNull();
    }
  });

  it('orders threads by their newest message and each thread oldest first; every UID once', () => {
    // Date order (oldest first): 1 2 3 4 5 6.
    const order = ThreadOrder.build([[1, 5], [2], [3, 4, 3]], [1, 2, 3, 4, 5, 6]);
    expect(order.total).toBe(4);
    expect(order.window(0, 10)).toEqual([[6], [1, 5], [3, 4], [2]]);
    expect(order.window(1, 2)).toEqual([[1, 5], [3, 4]]);
    expect(order.threadOf(5)).toEqual([1, 5]);
    expect(order.threadOf(99)).toBeUndefined();
  });

  it('drops UIDs the date order no longer has and a message named in two threads stays in the first', () => {
    const order = ThreadOrder.build([[1, 2], [2, 3], [9]], [1, 2, 3]);
    expect(order.window(0, 10)).toEqual([[3], [1, 2]]);
  });

  it('names participants briefly', () => {
    expect(shortName('Ada Lovelace', 'ada@a.example')).toBe('Ada');
    expect(shortName('"Babbage, Charles"', 'cb@a.example')).toBe('Babbage');
    expect(shortName('', 'joy@mt-example.com')).toBe('joy');
  });
});
