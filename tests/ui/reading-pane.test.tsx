import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAttachment, makeDetail, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { renderApp } from './render';

async function openMessage(detail: ReturnType<typeof makeDetail>) {
  const api = createFakeApi({
    messages: { INBOX: [makeSummary({ uid: detail.uid, subject: detail.subject })] },
    details: [detail],
  });
  const view = renderApp({ api });
  await view.user.click(await screen.findByRole('option', { name: new RegExp(detail.subject) }));
  await screen.findByRole('heading', { name: detail.subject });
  return { ...view, pane: screen.getByRole('region', { name: 'Reading pane' }) };
}

describe('reading pane', () => {
  it('shows subject, from, to, cc and date', async () => {
    const { pane } = await openMessage(
      makeDetail({
        uid: 7,
        subject: 'Lunch on Friday?',
        from: { name: 'Alice Example', address: 'alice@example.com' },
        to: [{ name: 'Joy', address: 'joy@mt-example.com' }],
        cc: [{ name: '', address: 'bob@example.com' }],
        date: '2024-03-05T10:24:00.000Z',
      }),
    );
    const meta = within(pane);
    const value = (term: string) => meta.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(value('From')).toBe('Alice Example <alice@example.com>');
    expect(value('To')).toBe('Joy <joy@mt-example.com>');
    expect(value('Cc')).toBe('bob@example.com');
    expect(pane.querySelector('time')?.getAttribute('datetime')).toBe('2024-03-05T10:24:00.000Z');
    expect(value('Date')).toMatch(/2024/);
  });

  it('lists attachments with name, type, size and a download link', async () => {
    const { pane } = await openMessage(
      makeDetail({
        uid: 7,
        subject: 'The report',
        attachments: [
          makeAttachment({ part: '2', filename: 'report.pdf', contentType: 'application/pdf', size: 12_800 }),
          makeAttachment({ part: '3.1', filename: 'Übersicht März.xlsx', contentType: 'application/vnd.ms-excel', size: 2_621_440 }),
        ],
      }),
    );
    const list = within(within(pane).getByRole('region', { name: 'Attachments' }));
    const pdf = list.getByRole('link', { name: /report\.pdf/ });
    expect(pdf.getAttribute('href')).toBe('/api/messages/7/attachments/2?folder=INBOX');
    expect(pdf.hasAttribute('download')).toBe(true);
    expect(pdf.textContent).toContain('PDF · 13 KB');
    expect(pdf.getAttribute('title')).toContain('application/pdf');

    const sheet = list.getByRole('link', { name: /Übersicht März\.xlsx/ });
    expect(sheet.getAttribute('href')).toBe('/api/messages/7/attachments/3.1?folder=INBOX');
    expect(sheet.textContent).toContain('Spreadsheet · 2.5 MB');
  });

  it('keeps plain-text line breaks and turns only web and mail addresses into links', async () => {
    const text = [
      'Hi Joy,',
      'the plan is at https://example.com/plan?x=1&y=2.',
      'Write to support@example.com or see (www.example.org).',
      'Not a link: javascript:alert(1) and "><img src=x onerror=alert(1)>',
    ].join('\n');
    const { pane } = await openMessage(makeDetail({ uid: 3, subject: 'Plain', text, html: null }));

    const body = pane.querySelector('.plain-body');
    expect(body?.textContent).toBe(text);
    const links = within(pane).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/plan?x=1&y=2',
      'mailto:support@example.com',
      'https://www.example.org/',
    ]);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(body?.querySelector('img')).toBeNull();
  });

  /** The policy the frame's own document declares, the second wall behind the sanitiser. */
  const framePolicy = (frame: HTMLIFrameElement) => frame.contentDocument?.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');

  it('renders HTML mail in a sandboxed frame that cannot run script or post forms', async () => {
    const { pane } = await openMessage(
      makeDetail({ uid: 4, subject: 'Newsletter', html: '<p>Hello <b>there</b></p><script>alert(1)</script>', text: 'Hello there' }),
    );
    const frame = (await within(pane).findByTitle('Message body: Newsletter')) as HTMLIFrameElement;
    expect(frame.tagName).toBe('IFRAME');
    const sandbox = frame?.getAttribute('sandbox')?.split(/\s+/) ?? [];
    expect(frame?.hasAttribute('sandbox')).toBe(true);
    expect(sandbox).not.toContain('allow-scripts');
    expect(sandbox).not.toContain('allow-forms');
    expect(sandbox).not.toContain('allow-top-navigation');
    // The sanitised nodes are in the frame as soon as it shows; the script is not.
    expect(frame.contentDocument?.body.textContent).toBe('Hello there');
    expect(framePolicy(frame)).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'none'; form-action 'none'; base-uri 'none'");
    // The frame's document comes first (its policy ahead of the body), and the message itself never travels as markup.
    expect(frame.hasAttribute('srcdoc')).toBe(false);
    expect(frame.contentDocument?.head.firstElementChild?.nextElementSibling?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(frame?.contentDocument?.body.querySelector('b')?.textContent).toBe('there');
    expect(frame?.contentDocument?.querySelector('script')).toBeNull();
    // HTML wins over the text alternative.
    expect(pane.querySelector('.plain-body')).toBeNull();
  });

  it('blocks remote images until "Show remote content" is clicked, then loads them through the image proxy only', async () => {
    const { pane, user } = await openMessage(
      makeDetail({ uid: 5, subject: 'Promo', html: '<p>Sale!</p><img src="https://images.example/banner.gif">' }),
    );
    const frame = (await within(pane).findByTitle('Message body: Promo')) as HTMLIFrameElement;
    await waitFor(() => expect(frame.contentDocument?.body.textContent).toBe('Sale!'));
    expect(frame.contentDocument?.querySelector('img')?.hasAttribute('src')).toBe(false);

    await user.click(within(pane).getByRole('button', { name: 'Show remote content' }));

    await waitFor(() =>
      expect(frame.contentDocument?.querySelector('img')?.getAttribute('src')).toBe(`/api/image-proxy?url=${encodeURIComponent('https://images.example/banner.gif')}&sig=fake`),
    );
    // The frame's own policy still allows images from Tern's origin only.
    expect(framePolicy(frame)).toContain("img-src 'self' data:;");
    expect(framePolicy(frame)).not.toContain('https:');
    expect(within(pane).queryByRole('button', { name: 'Show remote content' })).toBeNull();
  });

  it('offers no remote-content button when there is nothing remote', async () => {
    const { pane } = await openMessage(makeDetail({ uid: 6, subject: 'Local', html: '<p>Just text</p>' }));
    await within(pane).findByTitle('Message body: Local');
    expect(within(pane).queryByRole('button', { name: 'Show remote content' })).toBeNull();
  });

  it("cuts a stranger's thousand recipients to the first ten until asked, so the message stays in sight", async () => {
    const crowd = Array.from({ length: 1000 }, (_, index) => ({ name: '', address: `person${index}@example.org` }));
    const { pane, user } = await openMessage(makeDetail({ uid: 8, subject: 'Crowd', to: crowd }));
    const to = () => within(pane).getByText('To', { selector: 'dt' }).nextElementSibling as HTMLElement;
    expect(to().querySelectorAll('.address')).toHaveLength(10);
    expect(to().textContent).toContain('person9@example.org');
    expect(to().textContent).not.toContain('person10@example.org');
    await user.click(within(to()).getByRole('button', { name: '990 more' }));
    expect(to().querySelectorAll('.address')).toHaveLength(1000);
  });

  it('cuts a subject of thousands of characters to a few lines, and shows it whole on request', async () => {
    const subject = `Invoice ${'very '.repeat(2000)}urgent`;
    const { pane, user } = await openMessage(makeDetail({ uid: 9, subject }));
    const heading = within(pane).getByRole('heading', { name: subject });
    expect(heading.classList.contains('is-cut')).toBe(true);
    const toggle = within(pane).getByRole('button', { name: 'Show the whole subject' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(heading.classList.contains('is-cut')).toBe(false);
    expect(within(pane).getByRole('button', { name: 'Show less of the subject' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('leaves an ordinary subject and a short recipient list as they are', async () => {
    const { pane } = await openMessage(makeDetail({ uid: 10, subject: 'Lunch on Friday?', to: [{ name: 'Joy', address: 'joy@mt-example.com' }] }));
    expect(within(pane).getByRole('heading', { name: 'Lunch on Friday?' }).classList.contains('is-cut')).toBe(false);
    expect(within(pane).queryByRole('button', { name: /Show the whole subject| more$/ })).toBeNull();
  });
});
