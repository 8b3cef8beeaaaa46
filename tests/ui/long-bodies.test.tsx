import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../shared/api/messages';
import { BODY_PREVIEW_CHARS } from '../../shared/limits';
import { makeDetail, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { renderApp } from './render';

/** What the BFF answers for a long body: its start, and the whole when asked with body=full. */
function serveLong(whole: MessageDetail, preview: string) {
  const api = createFakeApi({ messages: { INBOX: [makeSummary({ uid: whole.uid, subject: whole.subject })] } });
  api.on(`GET /api/messages/${whole.uid}`, ({ query }) =>
    Response.json(query.get('body') === 'full' ? whole : { ...whole, text: preview, fullBodyLength: whole.text!.length }),
  );
  return api;
}

async function open(api: ReturnType<typeof createFakeApi>, subject: string) {
  const view = renderApp({ api });
  await view.user.click(await screen.findByRole('option', { name: new RegExp(subject) }));
  await screen.findByRole('heading', { name: subject });
  const pane = screen.getByRole('region', { name: 'Reading pane' });
  return { ...view, pane, body: () => pane.querySelector<HTMLElement>('.plain-body')! };
}

describe('long plain-text bodies in the reading pane', () => {
  // jsdom handles a megabyte of text slowly; the time limits here are jsdom's, not the app's (the e2e holds those).
  it('shows the start of a megabyte-long line in blocks, wrapped, and the rest after "Show the whole message"', { timeout: 30_000 }, async () => {
    const line = `Start ${'x'.repeat(1_048_576)} end of the line`;
    const api = serveLong(makeDetail({ uid: 3, subject: 'One huge line', text: line }), line.slice(0, BODY_PREVIEW_CHARS));
    const { pane, body, user } = await open(api, 'One huge line');

    expect(body().textContent!.length).toBeLessThanOrEqual(BODY_PREVIEW_CHARS);
    expect(body().textContent!.startsWith('Start xxx')).toBe(true);
    // An unbroken line wraps inside the pane instead of widening it.
    expect(getComputedStyle(body()).overflowWrap).toBe('anywhere');
    expect(getComputedStyle(body()).whiteSpace).toBe('pre-wrap');
    // Laid out in blocks, so the browser can skip the ones off screen.
    expect(body().querySelectorAll('.plain-block').length).toBeGreaterThan(10);
    expect(within(pane).getByRole('status').textContent).toContain('Only the start of this long message is shown');

    await user.click(within(pane).getByRole('button', { name: 'Show the whole message' }));
    await waitFor(() => expect(body().textContent).toBe(line), { timeout: 10_000 });
    expect(within(pane).queryByRole('button', { name: 'Show the whole message' })).toBeNull();
  });

  it('shows the start of 100,000 lines, cut at a line end, in blocks that keep every line whole', { timeout: 30_000 }, async () => {
    const lines = Array.from({ length: 100_000 }, (_, index) => `Line ${index} of many`);
    const text = lines.join('\n');
    const previewEnd = text.lastIndexOf('\n', BODY_PREVIEW_CHARS);
    const api = serveLong(makeDetail({ uid: 4, subject: 'Many lines', text }), text.slice(0, previewEnd));
    const { pane, body, user } = await open(api, 'Many lines');

    expect(body().textContent).toBe(text.slice(0, previewEnd));
    const blocks = [...body().querySelectorAll('.plain-block')].map((block) => block.textContent!);
    expect(blocks.length).toBeGreaterThan(10);
    // Every block but the last ends with a line break: no line is split between two.
    expect(blocks.slice(0, -1).every((block) => block.endsWith('\n'))).toBe(true);

    await user.click(within(pane).getByRole('button', { name: 'Show the whole message' }));
    await waitFor(() => expect(body().textContent).toBe(text), { timeout: 10_000 });
    expect(body().textContent!.endsWith('Line 99999 of many')).toBe(true);
  });

  it('links stay whole and clickable across blocks', async () => {
    const text = `${'word '.repeat(3000)}see https://tern.example/a(b)c) ${'more '.repeat(3000)}`;
    const api = createFakeApi({ messages: { INBOX: [makeSummary({ uid: 5, subject: 'Link inside' })] }, details: [makeDetail({ uid: 5, subject: 'Link inside', text })] });
    const { pane, body } = await open(api, 'Link inside');
    expect(within(pane).getByRole('link', { name: 'https://tern.example/a(b)c' }).getAttribute('href')).toBe('https://tern.example/a(b)c');
    expect(body().textContent).toBe(text);
    expect(within(pane).queryByRole('button', { name: 'Show the whole message' })).toBeNull();
  });
});
