import type { ApiClient } from './api-client';

/** One parsed Server-Sent Events frame. */
export interface Frame {
  event: string;
  data: string;
}

/**
 * GET /api/events read the way EventSource reads it: frames split at blank
 * lines, comments (heartbeats) dropped.
 */
export class EventStream {
  private readonly frames: Frame[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly abort = new AbortController();
  ended = false;

  private constructor(readonly response: Response) {}

  static async open(api: ApiClient): Promise<EventStream> {
    const abort = new AbortController();
    const response = await fetch(`${api.baseUrl}/api/events`, {
      headers: { accept: 'text/event-stream', ...(api.cookie && { cookie: api.cookie }) },
      signal: abort.signal,
    });
    const stream = new EventStream(response);
    stream.abort.signal.addEventListener('abort', () => abort.abort());
    if (response.ok) void stream.read();
    return stream;
  }

  private async read(): Promise<void> {
    const reader = this.response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: Frame = { event: 'message', data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) frame.event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length === 0) continue;
          frame.data = data.join('\n');
          this.frames.push(frame);
        }
        this.wake();
      }
    } catch {
      // Aborted by close().
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The first frame (received so far or later) that matches; consumed. */
  async next(match: (frame: Frame) => boolean, timeoutMs: number): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0]!;
      if (this.ended) throw new Error(`the stream ended; frames left: ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** Resolves when the server ends the stream. */
  async untilEnded(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error(`the stream is still open after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): void {
    this.abort.abort();
  }
}
