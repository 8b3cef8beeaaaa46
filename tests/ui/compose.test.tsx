import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_RAW_BYTES, UNCERTAIN_SEND_TEXT, attachmentTooLargeText, base64EncodedSize } from '../../shared/api/compose';
import { DEFAULT_PREFERENCES } from '../../shared/api/preferences';
import { useComposeIntent } from '../../web/lib/compose-intent';
import { makeDetail, makeSummary } from './builders';
import { apiError, createFakeApi, json } from './fake-api';
import { renderApp } from './render';

function mailbox(preferences = DEFAULT_PREFERENCES) {
  return createFakeApi({
    preferences,
    messages: { INBOX: [makeSummary({ uid: 1, subject: 'Re: Re: Lunch on Friday' })] },
    details: [
      makeDetail({
        uid: 1,
        subject: 'Re: Re: Lunch on Friday',
        from: { name: 'Alice Example', address: 'alice@example.com' },
        to: [{ name: 'Joy', address: 'joy@mt-example.com' }, { name: 'Bob', address: 'bob@example.com' }],
        cc: [{ name: '', address: 'carol@example.com' }],
        text: 'Shall we meet at noon?\n> earlier line',
      }),
    ],
  });
}

/** The first render of a test file loads the app's code: more than the default second. */
const findRow = (subject: RegExp) => screen.findByRole('option', { name: subject }, { timeout: 5000 });

async function openNewEmail(user: ReturnType<typeof renderApp>['user']) {
  await findRow(/Lunch on Friday/);
  await user.click(screen.getByRole('button', { name: 'New' }));
  await user.click(await screen.findByRole('menuitem', { name: 'New Email' }));
  // The window's code loads on demand: a placeholder first, then the form.
  await screen.findByRole('combobox', { name: 'To' }, { timeout: 5000 });
  return screen.getByRole('dialog', { name: 'New Email' });
}

describe('compose', { timeout: 20_000 }, () => {
  // A window left open by the previous test would hold the next request back.
  beforeEach(() => useComposeIntent.getState().close());

  it('turns typed and pasted addresses into chips, converts IDN domains, marks invalid ones and will not send them', async () => {
    const { user, api } = renderApp({ api: mailbox() });
    const dialog = await openNewEmail(user);
    const to = within(dialog).getByRole('combobox', { name: 'To' });
    await user.type(to, 'ada@mt-example.com, not-an-address; Zoë <zoe@bücher.example>{Enter}');
    const chips = within(within(dialog).getByRole('list', { name: 'To recipients' })).getAllByRole('listitem');
    expect(chips.map((chip) => chip.getAttribute('title'))).toEqual([
      'ada@mt-example.com',
      '"not-an-address" is not a valid email address',
      'zoe@xn--bcher-kva.example',
    ]);
    expect(within(dialog).getByText('"not-an-address" is not a valid email address.')).toBeTruthy();

    await user.click(within(dialog).getByRole('button', { name: 'Send Email' }));
    expect(within(dialog).getByText('Fix the addresses marked in red: not-an-address.')).toBeTruthy();
    expect(api.calls.some((call) => call.path === '/api/compose/send')).toBe(false);

    await user.click(within(dialog).getByRole('button', { name: 'Remove not-an-address' }));
    expect(within(dialog).queryByText(/is not a valid email address/)).toBeNull();
  });

  it('refuses a file whose encoded size passes 2,097,152 bytes before uploading, with the numbers', async () => {
    expect(base64EncodedSize(MAX_ATTACHMENT_RAW_BYTES)).toBe(2_097_152);
    expect(base64EncodedSize(MAX_ATTACHMENT_RAW_BYTES + 1)).toBe(2_097_156);
    const { user, api } = renderApp({ api: mailbox() });
    const dialog = await openNewEmail(user);
    const file = new File([new Uint8Array(MAX_ATTACHMENT_RAW_BYTES + 1)], 'scan.pdf', { type: 'application/pdf' });
    await user.upload(within(dialog).getByTestId('compose-file-input'), file);
    expect(await within(dialog).findByText(attachmentTooLargeText('scan.pdf', MAX_ATTACHMENT_RAW_BYTES + 1))).toBeTruthy();
    expect(attachmentTooLargeText('scan.pdf', MAX_ATTACHMENT_RAW_BYTES + 1)).toBe(
      '"scan.pdf" is 1,572,865 bytes (1.5 MB); encoded for sending it becomes 2,097,156 bytes (2.0 MB), over the limit of 2,097,152 bytes (2.0 MB) per attachment.',
    );
    expect(api.calls.some((call) => call.path.startsWith('/api/uploads'))).toBe(false);
  });

  it('puts the signature after the "-- " separator in a new message', async () => {
    const preferences = { ...DEFAULT_PREFERENCES, signature: { format: 'plain' as const, text: 'Joy Example\nTern team', html: '' } };
    const { user } = renderApp({ api: mailbox(preferences) });
    const dialog = await openNewEmail(user);
    await user.click(within(dialog).getByRole('checkbox', { name: 'Plain text' }));
    expect((within(dialog).getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('\n\n-- \nJoy Example\nTern team');
  });

  it('replies to all with "Re:" not stacked, without the user\'s own address, quoting the original below the signature', async () => {
    const preferences = { ...DEFAULT_PREFERENCES, signature: { format: 'plain' as const, text: 'Joy', html: '' } };
    const { user, api } = renderApp({ api: mailbox(preferences) });
    await user.click(await findRow(/Lunch on Friday/));
    await user.click(screen.getByRole('button', { name: 'Reply All' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reply All' }, { timeout: 5000 });
    await waitFor(() => expect((within(dialog).getByLabelText('Subject') as HTMLInputElement).value).toBe('Re: Lunch on Friday'));
    const titles = (label: string) => within(within(dialog).getByRole('list', { name: `${label} recipients` })).getAllByRole('listitem').map((chip) => chip.getAttribute('title'));
    expect(titles('To')).toEqual(['alice@example.com', 'bob@example.com']);
    expect(titles('Cc')).toEqual(['carol@example.com']);

    await user.click(within(dialog).getByRole('checkbox', { name: 'Plain text' }));
    const body = (within(dialog).getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value;
    expect(body).toMatch(/^\n\n-- \nJoy\n\nOn .*, Alice Example <alice@example\.com> wrote:\n> Shall we meet at noon\?\n>> earlier line$/);

    api.on('POST /api/compose/send', () => json(200, { id: crypto.randomUUID(), status: 'sent', dueAt: new Date().toISOString(), error: null, messageId: '<x@y>', subject: '' }));
    await user.click(within(dialog).getByRole('button', { name: 'Send Email' }));
    await screen.findByText('Message sent.');
    const sent = api.calls.find((call) => call.path === '/api/compose/send')!.body as { message: { source: unknown; to: unknown[] } };
    expect(sent.message.source).toEqual({ folder: 'INBOX', uid: 1, mode: 'replyAll' });
    expect(screen.queryByRole('dialog', { name: 'Reply All' })).toBeNull();
  });

  it('offers "Undo" while the message waits in the outbox, and undo reopens the message as it was', async () => {
    const preferences = { ...DEFAULT_PREFERENCES, sending: { undoSendSeconds: 10 } };
    const { user, api } = renderApp({ api: mailbox(preferences) });
    const entry = { id: crypto.randomUUID(), status: 'queued', error: null, messageId: '<x@y>', subject: 'Second thoughts' };
    // Due ten seconds after "Send Email", as the BFF answers with the user's undo delay.
    api.on('POST /api/compose/send', () => json(200, { ...entry, dueAt: new Date(Date.now() + 10_000).toISOString() }));
    api.on(`DELETE /api/compose/outbox/${entry.id}`, () => json(200, { ...entry, status: 'cancelled', dueAt: new Date().toISOString() }));
    const dialog = await openNewEmail(user);
    await user.type(within(dialog).getByRole('combobox', { name: 'To' }), 'ada@mt-example.com{Enter}');
    await user.type(within(dialog).getByLabelText('Subject'), 'Second thoughts');
    await user.click(within(dialog).getByRole('button', { name: 'Send Email' }));

    expect(await screen.findByText(/^Sending in \d+ s…$/)).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    const reopened = await screen.findByRole('dialog', { name: 'New Email' });
    expect((within(reopened).getByLabelText('Subject') as HTMLInputElement).value).toBe('Second thoughts');
    expect(within(within(reopened).getByRole('list', { name: 'To recipients' })).getByRole('listitem').getAttribute('title')).toBe('ada@mt-example.com');
    expect(api.calls.filter((call) => call.method === 'DELETE' && call.path === `/api/compose/outbox/${entry.id}`)).toHaveLength(1);
  });

  it('autosaves a few seconds after typing stops, each save replacing the previous draft', async () => {
    const { user, api } = renderApp({ api: mailbox() });
    let nextUid = 40;
    api.on('POST /api/compose/drafts', () => json(200, { folder: 'Drafts', uid: ++nextUid }));
    const dialog = await openNewEmail(user);
    await user.type(within(dialog).getByLabelText('Subject'), 'Plans');
    const saves = () => api.calls.filter((call) => call.path === '/api/compose/drafts').map((call) => call.body as { replaceUid?: number; message: { subject: string } });
    await waitFor(() => expect(saves()).toHaveLength(1), { timeout: 5000 });
    expect(saves()[0]).toMatchObject({ message: { subject: 'Plans' } });
    expect(saves()[0]!.replaceUid).toBeUndefined();
    expect(await within(dialog).findByText(/^Draft saved at /)).toBeTruthy();

    await user.type(within(dialog).getByLabelText('Subject'), ' for May');
    await waitFor(() => expect(saves()).toHaveLength(2), { timeout: 5000 });
    expect(saves()[1]).toMatchObject({ replaceUid: 41, message: { subject: 'Plans for May' } });
  });

  it('opens a saved draft again with its fields and attachments', async () => {
    const api = createFakeApi({
      messages: { INBOX: [makeSummary({ uid: 7, subject: 'Unfinished', flags: { draft: true } })] },
      details: [makeDetail({ uid: 7, subject: 'Unfinished', flags: { draft: true }, text: 'Half a thought' })],
    });
    api.on('GET /api/compose/drafts/7', () =>
      json(200, {
        uid: 7,
        to: [{ name: 'Ada', address: 'ada@mt-example.com' }],
        cc: [],
        bcc: [],
        subject: 'Unfinished',
        text: 'Half a thought',
        html: null,
        attachments: [{ id: crypto.randomUUID(), filename: 'sketch.png', contentType: 'image/png', size: 3000, encodedSize: 4000 }],
      }),
    );
    const { user } = renderApp({ api });
    await user.click(await findRow(/Unfinished/));
    await user.click(await screen.findByRole('button', { name: 'Edit Draft' }));
    const dialog = await screen.findByRole('dialog', { name: 'Draft' }, { timeout: 5000 });
    expect((within(dialog).getByLabelText('Subject') as HTMLInputElement).value).toBe('Unfinished');
    expect((within(dialog).getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('Half a thought');
    expect(within(within(dialog).getByRole('list', { name: 'Attachments' })).getByText('sketch.png')).toBeTruthy();
  });

  it('keeps the message open and saved when sending fails, and shows the server\'s reason', async () => {
    const { user, api } = renderApp({ api: mailbox() });
    api.on('POST /api/compose/send', () => apiError(503, 'mail_server_unavailable', 'The mail server cannot be reached right now. Try again in a moment.'));
    api.on('POST /api/compose/drafts', () => json(200, { folder: 'Drafts', uid: 5 }));
    const dialog = await openNewEmail(user);
    await user.type(within(dialog).getByRole('combobox', { name: 'To' }), 'ada@mt-example.com{Enter}');
    await user.type(within(dialog).getByLabelText('Subject'), 'Important');
    await user.click(within(dialog).getByRole('button', { name: 'Send Email' }));
    expect(await within(dialog).findByText('The mail server cannot be reached right now. Try again in a moment.')).toBeTruthy();
    await waitFor(() => expect(api.calls.some((call) => call.path === '/api/compose/drafts')).toBe(true));
    expect(screen.getByRole('dialog', { name: 'New Email' })).toBe(dialog);
    expect((within(dialog).getByLabelText('Subject') as HTMLInputElement).value).toBe('Important');
  });

  it('closes the window when a message the server could not take is safely queued, and says it waits to retry', async () => {
    const { user, api } = renderApp({ api: mailbox() });
    const reason = 'The mail server cannot be reached right now. Try again in a moment.';
    const entry = { id: crypto.randomUUID(), status: 'retrying', dueAt: new Date(Date.now() + 5000).toISOString(), error: reason, messageId: '<x@y>', subject: 'Later today' };
    api.on('POST /api/compose/send', () => json(200, entry));
    api.on(`GET /api/compose/outbox/${entry.id}`, () => json(200, entry));
    const dialog = await openNewEmail(user);
    await user.type(within(dialog).getByRole('combobox', { name: 'To' }), 'ada@mt-example.com{Enter}');
    await user.type(within(dialog).getByLabelText('Subject'), 'Later today');
    await user.click(within(dialog).getByRole('button', { name: 'Send Email' }));
    expect(await screen.findByText(`Waiting to retry: ${reason}. Tern keeps trying and will tell you if it gives up.`)).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Cancel sending' })).toBeTruthy();
  });

  it('reopens the message when it may not have been sent, saying so, and polls no more', async () => {
    const { user, api } = renderApp({ api: mailbox() });
    const entry = { id: crypto.randomUUID(), status: 'sending', dueAt: new Date().toISOString(), error: null, messageId: '<x@y>', subject: 'Check me' };
    api.on('POST /api/compose/send', () => json(200, entry));
    api.on(`GET /api/compose/outbox/${entry.id}`, () => json(200, { ...entry, status: 'uncertain', error: UNCERTAIN_SEND_TEXT }));
    api.on(`POST /api/compose/outbox/${entry.id}/dismiss`, () => json(200, { ...entry, status: 'uncertain', error: UNCERTAIN_SEND_TEXT }));
    const dialog = await openNewEmail(user);
    await user.type(within(dialog).getByRole('combobox', { name: 'To' }), 'ada@mt-example.com{Enter}');
    await user.type(within(dialog).getByLabelText('Subject'), 'Check me');
    await user.click(within(dialog).getByRole('button', { name: 'Send Email' }));
    const reopened = await screen.findByRole('dialog', { name: 'New Email' });
    expect(await within(reopened).findByText(UNCERTAIN_SEND_TEXT)).toBeTruthy();
    expect((within(reopened).getByLabelText('Subject') as HTMLInputElement).value).toBe('Check me');
    const polls = () => api.calls.filter((call) => call.path === `/api/compose/outbox/${entry.id}`).length;
    const seen = polls();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(polls()).toBe(seen);
  });

  it('shows failed and uncertain messages from earlier in the outbox notice until they are dismissed', async () => {
    const api = mailbox();
    const failed = { id: crypto.randomUUID(), status: 'failed', dueAt: new Date().toISOString(), error: 'The mail server refused the message: 554 5.7.1 Access denied', messageId: '<a@y>', subject: 'Quarterly report' };
    const uncertain = { id: crypto.randomUUID(), status: 'uncertain', dueAt: new Date().toISOString(), error: UNCERTAIN_SEND_TEXT, messageId: '<b@y>', subject: 'Invitation: Planning' };
    let entries = [failed, uncertain];
    api.on('GET /api/compose/outbox', () => json(200, { entries }));
    api.on(`POST /api/compose/outbox/${failed.id}/dismiss`, () => {
      entries = [uncertain];
      return json(200, failed);
    });
    const { user } = renderApp({ api });
    const notices = await screen.findByRole('region', { name: 'Outbox' }, { timeout: 5000 });
    expect(within(notices).getByText(/Quarterly report/).textContent).toBe('Not sent: “Quarterly report”. The mail server refused the message: 554 5.7.1 Access denied');
    expect(within(notices).getByText(/Invitation: Planning/).textContent).toBe(`May not have been sent: “Invitation: Planning”. ${UNCERTAIN_SEND_TEXT}`);
    await user.click(within(notices).getAllByRole('button', { name: 'Dismiss' })[0]!);
    await waitFor(() => expect(within(notices).queryByText(/Quarterly report/)).toBeNull());
    expect(within(notices).getByText(/Invitation: Planning/)).toBeTruthy();
  });

  it('says a message went to some recipients only, and keeps whom it did not reach in the outbox notice until dismissed', async () => {
    const api = mailbox();
    const reason = 'The mail server refused these recipients, who get nothing: typo@mt-example.com: 550 5.1.1 User unknown.';
    const entry = { id: crypto.randomUUID(), status: 'sent', dueAt: new Date().toISOString(), error: reason, messageId: '<p@y>', subject: 'Minutes' };
    let entries: Array<typeof entry> = [];
    api.on('POST /api/compose/send', () => {
      entries = [entry];
      return json(200, entry);
    });
    api.on('GET /api/compose/outbox', () => json(200, { entries }));
    api.on(`POST /api/compose/outbox/${entry.id}/dismiss`, () => {
      entries = [];
      return json(200, entry);
    });
    const { user } = renderApp({ api });
    const dialog = await openNewEmail(user);
    await user.type(within(dialog).getByRole('combobox', { name: 'To' }), 'ada@mt-example.com{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Send Email' }));
    await screen.findByText('Message sent, but not to everyone: see the outbox notice.');
    expect(screen.queryByText('Message sent.')).toBeNull();
    const notices = await screen.findByRole('region', { name: 'Outbox' }, { timeout: 5000 });
    expect(within(notices).getByText(/Minutes/).textContent).toBe(`Sent, but not to everyone: “Minutes”. ${reason}`);
    await user.click(within(notices).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Outbox' })).toBeNull());
  });

  it('schedules with "Send later" and says when the message will go', async () => {
    const { user, api } = renderApp({ api: mailbox() });
    const when = new Date(Date.now() + 3 * 3_600_000);
    when.setSeconds(0, 0);
    api.on('POST /api/compose/send', (call) => json(200, { id: crypto.randomUUID(), status: 'queued', dueAt: (call.body as { sendAt: string }).sendAt, error: null, messageId: '<x@y>', subject: '' }));
    const dialog = await openNewEmail(user);
    await user.type(within(dialog).getByRole('combobox', { name: 'To' }), 'ada@mt-example.com{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Send later' }));
    const local = new Date(when.getTime() - when.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    fireEvent.change(within(dialog).getByLabelText('Send at'), { target: { value: local } });
    await user.click(within(dialog).getByRole('button', { name: 'Schedule' }));
    expect(await screen.findByText(/^Message scheduled for /)).toBeTruthy();
    const sent = api.calls.find((call) => call.path === '/api/compose/send')!.body as { sendAt: string };
    expect(new Date(sent.sendAt).getTime()).toBe(when.getTime());
  });
});
