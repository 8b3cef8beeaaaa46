import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { OutboxEntry, SendRequest } from '../../shared/api/compose';
import { ApiError } from '../../web/lib/api-client';
import { BrowserOutbox } from '../../web/lib/offline/browser-outbox';
import { ReadingCache } from '../../web/lib/offline/reading-cache';

/** Each test its own database: fake-indexeddb keeps them for the whole file. */
let databases = 0;
const freshName = () => `tern-offline-test-${++databases}`;

const ADA = 'ada@mt-example.com';
const BOB = 'bob@mt-example.com';

function message(uid: number, text = 'x'): { uid: number; text: string } {
  return { uid, text };
}

describe('the offline reading cache', () => {
  it('keeps one session, of the last user signed in, for a start without network, and forgets it with the rest', async () => {
    const cache = new ReadingCache(freshName());
    expect(await cache.keptSession()).toBeUndefined();
    await cache.put('session', ['session'], { email: ADA }, ADA);
    await cache.keepOnly(BOB);
    await cache.put('session', ['session'], { email: BOB }, BOB);
    expect(await cache.keptSession()).toEqual({ email: BOB });
    await cache.put('session', ['session'], { email: ADA }, ADA);
    expect(await cache.keptSession()).toEqual({ email: ADA });
    await cache.wipe();
    expect(await cache.keptSession()).toBeUndefined();
  });

  it('keeps the newest messages up to its count and evicts the oldest first', async () => {
    const cache = new ReadingCache(freshName(), { messages: 3, windows: 10, bytes: 1_000_000 });
    for (const uid of [1, 2, 3, 4, 5]) await cache.put('message', ['mail', 'detail', 'INBOX', uid], message(uid), ADA);
    const kept = [];
    for (const uid of [1, 2, 3, 4, 5]) kept.push(await cache.get('message', ['mail', 'detail', 'INBOX', uid], ADA));
    expect(kept).toEqual([undefined, undefined, message(3), message(4), message(5)]);
  });

  it('counts messages and list windows apart, and a message read again is newest again', async () => {
    const cache = new ReadingCache(freshName(), { messages: 2, windows: 1, bytes: 1_000_000 });
    await cache.put('message', ['m', 1], message(1), ADA);
    await cache.put('message', ['m', 2], message(2), ADA);
    await cache.put('window', ['w', 0], { items: [1, 2] }, ADA);
    // Fetched again: it is now the newest message, so 2 is the oldest.
    await cache.put('message', ['m', 1], message(1, 'newer'), ADA);
    await cache.put('message', ['m', 3], message(3), ADA);
    await cache.put('window', ['w', 1], { items: [3] }, ADA);
    expect(await cache.get('message', ['m', 1], ADA)).toEqual(message(1, 'newer'));
    expect(await cache.get('message', ['m', 2], ADA)).toBeUndefined();
    expect(await cache.get('message', ['m', 3], ADA)).toEqual(message(3));
    expect(await cache.get('window', ['w', 0], ADA)).toBeUndefined();
    expect(await cache.get('window', ['w', 1], ADA)).toEqual({ items: [3] });
  });

  it('stays within its size in bytes, dropping the oldest answers whatever their kind', async () => {
    const cache = new ReadingCache(freshName(), { messages: 100, windows: 100, bytes: 2_500 });
    const big = (uid: number) => message(uid, 'a'.repeat(1_000));
    await cache.put('window', ['w', 0], { text: 'b'.repeat(1_000) }, ADA);
    await cache.put('message', ['m', 1], big(1), ADA);
    await cache.put('message', ['m', 2], big(2), ADA);
    expect(await cache.get('window', ['w', 0], ADA)).toBeUndefined();
    expect(await cache.get('message', ['m', 1], ADA)).toEqual(big(1));
    expect(await cache.get('message', ['m', 2], ADA)).toEqual(big(2));
    // An answer larger than the whole cache is not kept, and evicts nothing.
    await cache.put('message', ['m', 3], message(3, 'c'.repeat(3_000)), ADA);
    expect(await cache.get('message', ['m', 3], ADA)).toBeUndefined();
    expect(await cache.get('message', ['m', 2], ADA)).toEqual(big(2));
  });

  it('keys every answer by its user: one never reads another\'s, and sign-in drops the others\'', async () => {
    const cache = new ReadingCache(freshName());
    await cache.put('message', ['m', 1], message(1, 'for Ada'), ADA);
    await cache.put('message', ['m', 1], message(1, 'for Bob'), BOB);
    expect(await cache.get('message', ['m', 1], ADA)).toEqual(message(1, 'for Ada'));
    expect(await cache.get('message', ['m', 1], BOB)).toEqual(message(1, 'for Bob'));
    expect(await cache.get('message', ['m', 1], 'carol@mt-example.com')).toBeUndefined();
    await cache.keepOnly(BOB);
    expect(await cache.get('message', ['m', 1], ADA)).toBeUndefined();
    expect(await cache.get('message', ['m', 1], BOB)).toEqual(message(1, 'for Bob'));
  });

  it('keeps and reads nothing while nobody is signed in, and a wipe leaves nothing of anyone', async () => {
    const cache = new ReadingCache(freshName());
    await cache.put('message', ['m', 1], message(1), null);
    expect(await cache.get('message', ['m', 1], null)).toBeUndefined();
    await cache.put('folders', ['f'], { folders: [] }, ADA);
    await cache.put('message', ['m', 2], message(2), BOB);
    await cache.wipe();
    expect(await cache.get('folders', ['f'], ADA)).toBeUndefined();
    expect(await cache.get('message', ['m', 2], BOB)).toBeUndefined();
  });
});

function sendRequest(subject: string): SendRequest {
  return {
    idempotencyKey: crypto.randomUUID(),
    message: { to: [{ name: '', address: 'bob@mt-example.com' }], cc: [], bcc: [], subject, text: 'Hi', html: null, attachments: [], source: null, forwardParts: [] },
  };
}

/**
 * The BFF's send route as far as the browser outbox can tell: it stores a key
 * once (a second request with the same key gets the first row), and its answer
 * may be lost on the way back.
 */
function fakeBff() {
  const stored = new Map<string, OutboxEntry>();
  const requests: string[] = [];
  let loseNextAnswer = false;
  let down = false;
  const send = async (request: SendRequest): Promise<OutboxEntry> => {
    await Promise.resolve();
    if (down) throw new ApiError(0, 'network', 'Tern cannot reach its server.');
    requests.push(request.idempotencyKey);
    let entry = stored.get(request.idempotencyKey);
    if (!entry) {
      entry = { id: crypto.randomUUID(), status: 'sent', dueAt: new Date().toISOString(), error: null, messageId: '<m@x>', subject: request.message.subject };
      stored.set(request.idempotencyKey, entry);
    }
    if (loseNextAnswer) {
      loseNextAnswer = false;
      throw new ApiError(0, 'network', 'Tern cannot reach its server.');
    }
    return entry;
  };
  return {
    send,
    stored,
    requests,
    loseNextAnswer: () => (loseNextAnswer = true),
    setDown: (value: boolean) => (down = value),
  };
}

describe('the browser outbox', () => {
  it('keeps a message while the BFF cannot be reached and sends it once it can, with the key it was written with', async () => {
    const outbox = new BrowserOutbox(freshName());
    const bff = fakeBff();
    const request = sendRequest('Offline hello');
    expect(await outbox.add(ADA, request, { draft: 'as written' })).toBe(true);

    bff.setDown(true);
    expect(await outbox.flush(ADA, bff.send)).toEqual([{ key: request.idempotencyKey, result: 'waiting' }]);
    expect((await outbox.list(ADA)).map((item) => [item.subject, item.state])).toEqual([['Offline hello', 'waiting']]);

    bff.setDown(false);
    const [outcome] = await outbox.flush(ADA, bff.send);
    expect(outcome).toMatchObject({ key: request.idempotencyKey, result: 'handed-over', entry: { status: 'sent', subject: 'Offline hello' } });
    expect(bff.requests).toEqual([request.idempotencyKey]);
    expect(await outbox.list(ADA)).toEqual([]);
    // Nothing left to send: a later flush asks nothing.
    expect(await outbox.flush(ADA, bff.send)).toEqual([]);
    expect(bff.requests).toHaveLength(1);
  });

  it('sends again with the same key when the answer was lost, so the BFF still holds one message', async () => {
    const outbox = new BrowserOutbox(freshName());
    const bff = fakeBff();
    const request = sendRequest('Lost answer');
    await outbox.add(ADA, request, null);
    bff.loseNextAnswer();
    expect(await outbox.flush(ADA, bff.send)).toEqual([{ key: request.idempotencyKey, result: 'waiting' }]);
    await outbox.flush(ADA, bff.send);
    expect(bff.requests).toEqual([request.idempotencyKey, request.idempotencyKey]);
    expect(bff.stored.size).toBe(1);
    expect(await outbox.list(ADA)).toEqual([]);
  });

  it('hands a message over once when two flushes run at the same time', async () => {
    const outbox = new BrowserOutbox(freshName());
    const bff = fakeBff();
    await outbox.add(ADA, sendRequest('One'), null);
    await outbox.add(ADA, sendRequest('Two'), null);
    const outcomes = (await Promise.all([outbox.flush(ADA, bff.send), outbox.flush(ADA, bff.send)])).flat();
    expect(outcomes.filter((outcome) => outcome.result === 'handed-over')).toHaveLength(2);
    expect(bff.requests).toHaveLength(2);
    expect(new Set(bff.requests).size).toBe(2);
  });

  it('keeps a refused message, marked failed with the reason, and never sends it again by itself', async () => {
    const outbox = new BrowserOutbox(freshName());
    const request = sendRequest('Refused');
    await outbox.add(ADA, request, { subject: 'Refused' });
    const refuse = () => Promise.reject(new ApiError(413, 'too_large', 'The message is too large.'));
    expect(await outbox.flush(ADA, refuse)).toEqual([{ key: request.idempotencyKey, result: 'failed', error: 'The message is too large.' }]);
    const [item] = await outbox.list(ADA);
    expect(item).toMatchObject({ state: 'failed', error: 'The message is too large.', draft: { subject: 'Refused' } });
    const bff = fakeBff();
    expect(await outbox.flush(ADA, bff.send)).toEqual([]);
    expect(bff.requests).toEqual([]);
  });

  it('treats a server error, throttling or an ended session as "try again later"', async () => {
    const outbox = new BrowserOutbox(freshName());
    await outbox.add(ADA, sendRequest('Later'), null);
    for (const error of [new ApiError(503, 'internal', 'down'), new ApiError(429, 'throttled', 'slow down'), new ApiError(401, 'unauthenticated', 'ended')]) {
      const [outcome] = await outbox.flush(ADA, () => Promise.reject(error));
      expect(outcome?.result).toBe('waiting');
    }
  });

  it('keeps each user\'s messages apart, counts them and wipes only that user\'s', async () => {
    const outbox = new BrowserOutbox(freshName());
    await outbox.add(ADA, sendRequest('From Ada'), null);
    await outbox.add(BOB, sendRequest('From Bob'), null);
    expect(await outbox.unsentCount(ADA)).toBe(1);
    const bff = fakeBff();
    await outbox.flush(BOB, bff.send);
    expect([...bff.stored.values()].map((entry) => entry.subject)).toEqual(['From Bob']);
    expect((await outbox.list(ADA)).map((item) => item.subject)).toEqual(['From Ada']);
    await outbox.add(BOB, sendRequest('Bob again'), null);
    await outbox.wipe(ADA);
    expect(await outbox.unsentCount(ADA)).toBe(0);
    expect(await outbox.unsentCount(BOB)).toBe(1);
  });
});
