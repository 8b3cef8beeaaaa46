import { randomBytes, randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { MAX_ATTACHMENT_RAW_BYTES, type OutboxEntry, type Upload } from '../../shared/api/compose';
import { buildMessage } from '../../server/compose/mime-builder';
import { ApiClient } from '../../tests/support/api-client';
import { CSRF_HEADER } from '../../shared/api/session';
import type { BenchStack } from './bench-stack';
import type { ExtraRow } from './mailbox-measures';
import { compare } from './measure';

interface User {
  email: string;
  password: string;
}

const SUBJECT = 'Bench send 9 MB';
/** Four files at the 2 MB limit and one of 0.75 MB: about 9 MB once encoded. */
const FILES = [...Array.from({ length: 4 }, () => MAX_ATTACHMENT_RAW_BYTES), 786_432].map((size, index) => ({
  filename: `bench-${index}.bin`,
  content: randomBytes(size),
}));
/** Each run stores two 9 MB messages per side: a few runs say enough. */
const MAX_REPS = 5;

/**
 * (g) Sending a 9 MB message (issue 5): "Send Email" through the BFF (outbox
 * row, MIME built by nodemailer, SMTP submission as the user; the Sent copy
 * follows after the answer, as it does for the user)
 * against nodemailer handing the same message, built the same way, straight to
 * the submission port. The uploads happen before each BFF run, as they do
 * while the user writes.
 */
export async function measureSend(bffUrl: string, stack: BenchStack, user: User, reps: number): Promise<ExtraRow> {
  const api = new ApiClient(bffUrl);
  const signedIn = await api.signIn(user.email, user.password);
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.status}`);
  await api.json('PUT', '/api/preferences/sending', { undoSendSeconds: 0 });
  const built = await buildMessage({
    from: { name: '', address: user.email },
    replyTo: null,
    to: [{ name: '', address: user.email }],
    cc: [],
    bcc: [],
    subject: SUBJECT,
    text: 'Nine megabytes.',
    html: null,
    attachments: FILES.map((file) => ({ ...file, contentType: 'application/octet-stream' })),
    inReplyTo: null,
    references: [],
  });
  const smtp = nodemailer.createTransport({
    host: stack.env.TERN_SMTP_HOST ?? '127.0.0.1',
    port: Number(stack.env.TERN_SMTP_PORT),
    secure: false,
    ignoreTLS: true,
    auth: { user: user.email, pass: user.password },
  });
  let uploads: string[] = [];
  const upload = async (file: (typeof FILES)[number]) => {
    const response = await fetch(`${bffUrl}/api/uploads?filename=${file.filename}`, {
      method: 'POST',
      headers: { cookie: api.cookie ?? '', [CSRF_HEADER]: api.csrfToken ?? '', 'content-type': 'application/octet-stream' },
      body: new Uint8Array(file.content),
    });
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
    return ((await response.json()) as Upload).id;
  };
  try {
    const result = await compare(
      async () => {
        const entry = await api.json<OutboxEntry>('POST', '/api/compose/send', {
          idempotencyKey: randomUUID(),
          message: { to: [{ name: '', address: user.email }], cc: [], bcc: [], subject: SUBJECT, text: 'Nine megabytes.', html: null, attachments: uploads, source: null, forwardParts: [] },
        });
        if (entry.status !== 'sent') throw new Error(`BFF send: ${entry.status} ${entry.error ?? ''}`);
      },
      async () => {
        await smtp.sendMail({ envelope: built.envelope, raw: built.raw });
      },
      {
        warmups: 1,
        reps: Math.min(reps, MAX_REPS),
        beforeEach: async (side) => {
          if (side === 'bff') uploads = await Promise.all(FILES.map(upload));
        },
      },
    );
    const megabytes = (built.raw.length / 1_048_576).toFixed(1);
    return { id: 'g', title: `send a ${megabytes} MB message (until SMTP took it)`, ...result, floorIs: 'nodemailer → submission, same raw message, no Sent copy' };
  } finally {
    smtp.close();
    await removeBenchMail(stack, user);
  }
}

/** The sent 9 MB messages would only fill the bench user's quota run after run. */
async function removeBenchMail(stack: BenchStack, user: User): Promise<void> {
  const client = new ImapFlow({ host: stack.imapHost, port: stack.imapPort, secure: false, auth: { user: user.email, pass: user.password }, logger: false });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for (const folder of ['INBOX', 'Sent']) {
      await client.mailboxOpen(folder);
      const uids = (await client.search({ header: { subject: SUBJECT } }, { uid: true })) || [];
      if (uids.length > 0) await client.messageDelete(uids, { uid: true });
    }
  } finally {
    await client.logout();
  }
}
