// Delivers the demo mailbox content for joy@mt-example.com through the
// stack's inbound SMTP port (so SpamAssassin and Sieve see every message, as
// with real mail) and two messages from sam through submission (SMTP AUTH).
//
// Run by `scripts/stack/stack.sh seed-demo`, which passes the ports in the
// environment and makes sure this runs only once per stack directory:
//   node --import tsx scripts/stack/seed-demo.ts
//
// Everything is deterministic (seeded PRNG), except that dates are relative
// to now. Note: IMAP INTERNALDATE is the delivery time; only the Date header
// is spread over the past weeks.
import { deflateSync } from 'node:zlib';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import { ImapFlow } from 'imapflow';

const HOST = process.env.TERN_IMAP_HOST ?? '127.0.0.1';
const INBOUND_PORT = Number(process.env.TERN_STACK_INBOUND_SMTP_PORT ?? 10025);
const SUBMISSION_PORT = Number(process.env.TERN_SMTP_PORT ?? 10587);
const IMAP_PORT = Number(process.env.TERN_IMAP_PORT ?? 10143);

const JOY = { name: 'Joy Park', email: 'joy@mt-example.com', password: 'Tern-demo-1' };
const JOY_ORG = 'joy@mt-example.org';
const SAM = { name: 'Sam Rivera', email: 'sam@mt-example.com', password: 'Tern-demo-2' };

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();
const ago = (ms: number): Date => new Date(NOW - ms);

// --- deterministic randomness ----------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20240611);
function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

// --- small binary attachments, generated so the repo holds no blobs ---------

/** A one-page PDF with a line of text; offsets in the xref table are exact. */
function makePdf(lines: string[]): Buffer {
  const text = lines
    .map((l, i) => `BT /F1 14 Tf 72 ${720 - i * 22} Td (${l.replace(/[()\\]/g, '\\$&')}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A small RGB PNG with a diagonal gradient (a "tern-blue" sky). */
function makePng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const t = (x + y) / (width + height);
      raw[row + 1 + x * 3] = Math.round(40 + 60 * t);
      raw[row + 2 + x * 3] = Math.round(110 + 90 * t);
      raw[row + 3 + x * 3] = Math.round(200 + 55 * t);
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- legacy charsets ---------------------------------------------------------

// windows-1251 for the Cyrillic letters and a few punctuation marks we use;
// ASCII passes through. (Node can decode this charset but not encode it.)
const CP1251_EXTRA: Record<string, number> = { Ё: 0xa8, ё: 0xb8, '№': 0xb9, '—': 0x97, '«': 0xab, '»': 0xbb };
function toCp1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    if (code < 0x80) out.push(code);
    else if (code >= 0x410 && code <= 0x44f) out.push(code - 0x410 + 0xc0);
    else out.push(CP1251_EXTRA[ch] ?? 0x3f);
  }
  return Buffer.from(out);
}

// ISO-2022-JP bytes, produced once with `iconv -t ISO-2022-JP` (Node cannot
// encode it). The texts they encode are checked at start-up.
const JP_SUBJECT = '会議の議事録について';
const JP_SUBJECT_ISO2022 = 'GyRCMnE1RCRONUQ7dk8/JEskRCQkJEYbKEI=';
const JP_BODY = [
  '山田さん',
  '',
  'お疲れさまです。佐藤です。',
  '先日の定例会議の議事録をお送りします。',
  '来週の火曜日までにご確認いただけますと幸いです。',
  '',
  '・新しいメールクライアントの試験運用',
  '・次回の打ち合わせは金曜日の午後二時から',
  '',
  'よろしくお願いいたします。',
  '佐藤',
  '',
].join('\r\n');
const JP_BODY_ISO2022 = [
  'GyRCOzNFRCQ1JHMbKEINCg0KGyRCJCpIaCRsJDUkXiRHJDkhIzo0RiMkRyQ5ISMbKEINChskQkBo',
  'RnwkTkRqTmMycTVEJE41RDt2Tz8kciQqQXckaiQ3JF4kOSEjGyhCDQobJEJNaD01JE4yUE1LRnwk',
  'XiRHJEskNDNORyckJCQ/JEAkMSReJDkkSDksJCQkRyQ5ISMbKEINCg0KGyRCISY/NyQ3JCQlYSE8',
  'JWslLyVpJSQlIiVzJUgkTjtuODMxP01RGyhCDQobJEIhJjwhMnMkTkJHJEE5ZyRvJDskTzZiTUtG',
  'fCROOGE4ZUZzO34kKyRpGyhCDQoNChskQiRoJG0kNyQvJCo0aiQkJCQkPyQ3JF4kOSEjGyhCDQob',
  'JEI6NEYjGyhCDQo=',
].join('');

function checkJapanese(): void {
  const dec = new TextDecoder('iso-2022-jp');
  const subject = dec.decode(Buffer.from(JP_SUBJECT_ISO2022, 'base64'));
  const body = dec.decode(Buffer.from(JP_BODY_ISO2022, 'base64'));
  if (subject !== JP_SUBJECT || body !== JP_BODY) throw new Error('ISO-2022-JP sample does not round-trip');
}

// --- raw message helpers -----------------------------------------------------

const encodedWord = (charset: string, bytes: Buffer): string => `=?${charset}?B?${bytes.toString('base64')}?=`;
let rawCounter = 0;
function rawHeaders(h: { from: string; to: string; subject: string; date: Date }): string {
  rawCounter += 1;
  return [
    `From: ${h.from}`,
    `To: ${h.to}`,
    `Subject: ${h.subject}`,
    `Date: ${h.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <seed-raw-${rawCounter}.${NOW}@demo.tern.invalid>`,
    'MIME-Version: 1.0',
  ].join('\r\n');
}

/** RFC 2231 extended parameter, split into continuations (name*0*, name*1*, ...). */
function rfc2231Param(name: string, value: string, chunk = 40): string {
  const encoded = encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts: string[] = [];
  for (let i = 0; i < encoded.length; ) {
    let end = Math.min(i + chunk, encoded.length);
    // never split a %XX escape
    if (encoded[end - 1] === '%') end -= 1;
    else if (encoded[end - 2] === '%') end -= 2;
    parts.push(encoded.slice(i, end));
    i = end;
  }
  return parts.map((p, i) => `${name}*${i}*=${i === 0 ? "UTF-8''" : ''}${p}`).join(';\r\n\t');
}

// --- the messages ------------------------------------------------------------

type Outgoing =
  | { kind: 'inbound'; envelopeFrom: string; to: string; mail: SendMailOptions }
  | { kind: 'submission'; mail: SendMailOptions };

function specialMessages(): Outgoing[] {
  const out: Outgoing[] = [];
  const inbound = (envelopeFrom: string, mail: SendMailOptions, to = JOY.email): void => {
    out.push({ kind: 'inbound', envelopeFrom, to, mail });
  };

  inbound('lena@example.net', {
    from: 'Lena Fischer <lena@example.net>',
    to: `${JOY.name} <${JOY.email}>`,
    subject: 'Lunch on Friday?',
    date: ago(2 * DAY + 3 * HOUR),
    messageId: '<lunch-friday@demo.tern.invalid>',
    text:
      'Hi Joy,\n\nare you free for lunch on Friday? The new place on Harbour Street has a ' +
      'menu online: https://example.com/harbour-kitchen/menu?day=friday&lang=en\n\n' +
      'Their booking page is a bit long, in case you want to reserve:\n' +
      'https://booking.example.org/reserve?venue=harbour-kitchen&party=2&time=12%3A30&utm_source=newsletter&utm_medium=email\n\n' +
      'Cheers,\nLena\n',
  });

  const newsletterHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>The Tern Times</title>
<style>
  body { margin: 0; background: #eef3f8; font-family: Georgia, serif; }
  .wrap { max-width: 600px; margin: 0 auto; background: #ffffff; }
  .hero { width: 100%; display: block; }
  h1 { color: #1d4e89; font-size: 28px; padding: 0 24px; }
  .story { padding: 0 24px 16px; color: #333; line-height: 1.5; }
  .cta { display: inline-block; background: #1d4e89; color: #fff !important; padding: 10px 18px; border-radius: 4px; text-decoration: none; }
  .foot { font-size: 12px; color: #888; padding: 16px 24px; }
</style></head>
<body><div class="wrap">
  <img class="hero" src="http://images.example.invalid/newsletter/2024-06/hero.jpg" alt="Terns over the sea" width="600" height="240">
  <h1>The Tern Times &mdash; June edition</h1>
  <div class="story">
    <img src="http://images.example.invalid/newsletter/2024-06/migration.png" alt="" width="120" style="float:right;margin:0 0 8px 12px">
    <p>Arctic terns fly roughly 70,000 km every year. This month we follow three of them from Greenland to the Weddell Sea.</p>
    <p><a class="cta" href="https://news.example.com/tern-times/june?utm_campaign=june">Read the full story</a></p>
  </div>
  <table role="presentation" width="100%" style="border-collapse:collapse"><tr>
    <td style="padding:12px 24px;background:#f7d774"><b>Event:</b> Bird walk, Saturday 9:00</td>
    <td style="padding:12px 24px;background:#cfe3f5"><b>Quiz:</b> Which tern dives deepest?</td>
  </tr></table>
  <div class="foot">You receive this because you subscribed at news.example.com.
    <a href="https://news.example.com/unsubscribe?u=joy">Unsubscribe</a>
    <img src="http://images.example.invalid/track/open.gif?u=joy&amp;c=june" width="1" height="1" alt="">
  </div>
</div></body></html>`;
  inbound('newsletter@news.example.com', {
    from: 'The Tern Times <newsletter@news.example.com>',
    to: JOY.email,
    subject: 'The Tern Times — June edition: 70,000 km on two wings',
    date: ago(1 * DAY + 20 * HOUR),
    headers: { 'List-Unsubscribe': '<https://news.example.com/unsubscribe?u=joy>', 'List-Id': 'Tern Times <times.news.example.com>' },
    text: 'The Tern Times - June edition\n\nArctic terns fly roughly 70,000 km every year.\nRead the full story: https://news.example.com/tern-times/june\n',
    html: newsletterHtml,
  });

  inbound('billing@example.org', {
    from: 'Harbour Office Supplies <billing@example.org>',
    to: JOY.email,
    subject: 'Invoice 2024-0612 and the office floor plan',
    date: ago(1 * DAY + 6 * HOUR),
    text: 'Hello Joy,\n\nplease find attached invoice 2024-0612 (PDF) and the floor plan preview (PNG) you asked for.\n\nKind regards,\nHarbour Office Supplies\n',
    attachments: [
      { filename: 'invoice-2024-0612.pdf', contentType: 'application/pdf', content: makePdf(['Harbour Office Supplies', 'Invoice 2024-0612', 'Desk lamps x 4 ........ 96.00 EUR', 'Total .................. 96.00 EUR']) },
      { filename: 'floor-plan.png', contentType: 'image/png', content: makePng(96, 64) },
    ],
  });

  inbound('matthias@example.net', {
    from: 'Matthias Größe <matthias@example.net>',
    to: `${JOY.name} <${JOY.email}>`,
    subject: 'Grüße aus Zürich — café, crème brûlée & 東京 🎉',
    date: ago(20 * HOUR),
    text:
      'Liebe Joy,\n\nviele Grüße aus Zürich! Das Café am Fluss serviert die beste Crème brûlée. ☕\n\n' +
      'Nächste Woche fliege ich nach 東京 (Tōkyō) – もし時間があれば、一緒にラーメンを食べましょう。\n' +
      'Ещё пара слов по-русски, и немного עברית ושלום plus عربى for the bidi test.\n\n' +
      'Emoji check: 🐦 🌊 ✈️ 👩🏽‍💻\n\nBis bald,\nMatthias\n',
  });

  inbound('sato@example.jp.invalid', {
    raw: Buffer.from(
      `${rawHeaders({ from: 'Sato Hiroshi <sato@example.jp.invalid>', to: JOY.email, subject: encodedWord('ISO-2022-JP', Buffer.from(JP_SUBJECT_ISO2022, 'base64')), date: ago(18 * HOUR) })}\r\n` +
        'Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n' +
        Buffer.from(JP_BODY_ISO2022, 'base64').toString('latin1'),
      'latin1',
    ),
  });

  const ruSubject = 'Отчёт за май — проверьте, пожалуйста';
  const ruBody =
    'Здравствуйте, Джой!\r\n\r\nВысылаю отчёт за май. Основные цифры:\r\n' +
    '  — новых пользователей: 1 204\r\n  — писем отправлено: 58 310\r\n\r\n' +
    'Документ №17 «Итоги квартала» будет готов в пятницу.\r\n\r\nС уважением,\r\nОльга\r\n';
  inbound('olga@example.ru.invalid', {
    raw: Buffer.concat([
      Buffer.from(
        `${rawHeaders({ from: 'Olga Smirnova <olga@example.ru.invalid>', to: JOY.email, subject: encodedWord('windows-1251', toCp1251(ruSubject)), date: ago(15 * HOUR) })}\r\n` +
          'Content-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
        'latin1',
      ),
      toCp1251(ruBody),
    ]),
  });

  const start = new Date(NOW + 3 * DAY);
  start.setUTCHours(14, 0, 0, 0);
  const end = new Date(start.getTime() + HOUR);
  const icsDate = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const ics = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Tern demo//seed//EN',
    'VERSION:2.0',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    'UID:tern-demo-roadmap-review@demo.tern.invalid',
    `DTSTAMP:${icsDate(ago(12 * HOUR))}`,
    `DTSTART:${icsDate(start)}`,
    `DTEND:${icsDate(end)}`,
    'SUMMARY:Roadmap review',
    'LOCATION:Room Puffin / video link in the description',
    'DESCRIPTION:Quarterly roadmap review. Agenda: search\\, offline mode\\, Sieve UI.',
    'ORGANIZER;CN=Priya Natarajan:mailto:priya@example.com',
    'ATTENDEE;CN=Joy Park;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:joy@mt-example.com',
    'ATTENDEE;CN=Sam Rivera;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:sam@mt-example.com',
    'SEQUENCE:0',
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  inbound('priya@example.com', {
    from: 'Priya Natarajan <priya@example.com>',
    to: JOY.email,
    cc: SAM.email,
    subject: `Invitation: Roadmap review @ ${start.toUTCString().slice(0, 16)} 14:00 UTC`,
    date: ago(12 * HOUR),
    text: `Priya Natarajan invites you to "Roadmap review".\nWhen: ${start.toUTCString()} (1 hour)\nWhere: Room Puffin\n`,
    icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: ics },
  });

  const fileName = 'Prüfbericht – Отчёт №5 (final).txt';
  const boundary = 'tern-seed-rfc2231';
  inbound('archive@example.de.invalid', {
    raw: Buffer.from(
      `${rawHeaders({ from: 'Archiv <archive@example.de.invalid>', to: JOY.email, subject: 'Attachment with a non-ASCII file name (RFC 2231)', date: ago(9 * HOUR) })}\r\n` +
        `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n` +
        `--${boundary}\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n` +
        `The attachment name is encoded with RFC 2231 continuations: ${fileName}\r\n\r\n` +
        `--${boundary}\r\nContent-Type: text/plain; charset=UTF-8;\r\n\t${rfc2231Param('name', fileName)}\r\n` +
        `Content-Disposition: attachment;\r\n\t${rfc2231Param('filename', fileName)}\r\n` +
        'Content-Transfer-Encoding: base64\r\n\r\n' +
        `${Buffer.from('Prüfbericht Nr. 5\nОтчёт готов.\n', 'utf8').toString('base64')}\r\n` +
        `--${boundary}--\r\n`,
      'utf8',
    ),
  });

  inbound('winner@prizes.example.invalid', {
    from: 'Prize Department <winner@prizes.example.invalid>',
    to: JOY.email,
    subject: 'Congratulations!!! You have WON a cruise',
    date: ago(5 * HOUR),
    // The GTUBE test string: every SpamAssassin scores this as spam.
    text: 'Claim your prize now!\n\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n',
  });

  // Two from sam, through submission with SMTP AUTH like a real client.
  out.push({
    kind: 'submission',
    mail: {
      from: `${SAM.name} <${SAM.email}>`,
      to: `${JOY.name} <${JOY.email}>`,
      subject: 'Re: Lunch on Friday?',
      date: ago(2 * DAY),
      inReplyTo: '<lunch-friday@demo.tern.invalid>',
      references: ['<lunch-friday@demo.tern.invalid>'],
      text: 'Lena forwarded me the menu. Count me in if there is room for three!\n\nSam\n',
    },
  });
  out.push({
    kind: 'submission',
    mail: {
      from: `${SAM.name} <${SAM.email}>`,
      to: `${JOY.name} <${JOY_ORG}>`,
      subject: 'Notes from today’s stand-up',
      date: ago(3 * HOUR),
      text:
        'Hi Joy,\n\nquick notes:\n\n1. Search indexing is done for INBOX, Sent is next.\n' +
        '2. The Sieve editor needs a spam rule preset ("spam score >= 5 goes to Junk").\n' +
        '3. Demo on Thursday.\n\nSam\n',
    },
  });
  return out;
}

const PEOPLE = [
  ['Ava Thompson', 'ava@example.com'],
  ['Noah Müller', 'noah@example.de.invalid'],
  ['Mia Rossi', 'mia.rossi@example.it.invalid'],
  ['Liam O’Brien', 'liam@example.ie.invalid'],
  ['Sofia García', 'sofia@example.es.invalid'],
  ['Kenji Tanaka', 'kenji@example.jp.invalid'],
  ['Amara Okafor', 'amara@example.ng.invalid'],
  ['Lucas Silva', 'lucas@example.br.invalid'],
  ['Chloé Martin', 'chloe@example.fr.invalid'],
  ['Ethan Walker', 'ethan.walker@example.net'],
  ['GitHub-like Notifications', 'notifications@code.example.com'],
  ['Calendar', 'calendar-noreply@example.com'],
  ['Travel Desk', 'travel@example.org'],
  ['IT Helpdesk', 'helpdesk@example.org'],
] as const;

const SUBJECTS = [
  'Quarterly planning draft',
  'Photos from the offsite',
  'Can you review my PR?',
  'Flight confirmation ABC123',
  'Updated agenda for Thursday',
  'Question about the API limits',
  'Your password will expire soon',
  'Budget spreadsheet v3',
  'Coffee next week?',
  'Weekly digest',
  'Design feedback on the reading pane',
  'Re: Accessibility audit results',
  'Fwd: Conference talk proposal',
  'Build failed on main',
  'Team dinner — vote for a place',
  'Contract renewal',
  'New comment on "Threading edge cases"',
  'Reminder: timesheets due Friday',
  'Onboarding checklist',
  'Release notes 0.9',
] as const;

const SENTENCES = [
  'Just following up on what we discussed earlier this week.',
  'I attached nothing this time, the link should be enough.',
  'Let me know if Thursday afternoon works for you.',
  'The numbers look better than last quarter, mostly thanks to the new onboarding flow.',
  'Could you have a look before the end of the day?',
  'No rush on this one.',
  'I think we should keep the scope small for the first release.',
  'There is a known issue with very long subjects wrapping oddly.',
  'Thanks again for your help with the migration!',
  'See the notes below and tell me what you think.',
] as const;

function fillerMessages(count: number): Outgoing[] {
  const out: Outgoing[] = [];
  for (let i = 0; i < count; i++) {
    const [name, email] = pick(PEOPLE);
    const paragraphs = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SENTENCES)).join(' '),
    );
    const to = random() < 0.2 ? JOY_ORG : JOY.email;
    out.push({
      kind: 'inbound',
      envelopeFrom: email,
      to,
      mail: {
        from: `${name} <${email}>`,
        to: `${JOY.name} <${to}>`,
        cc: random() < 0.15 ? `${SAM.name} <${SAM.email}>` : undefined,
        subject: `${pick(SUBJECTS)}${random() < 0.2 ? ` (#${100 + i})` : ''}`,
        // Spread over the past six weeks, before the special messages.
        date: ago(3 * DAY + random() * 39 * DAY),
        text: `Hi Joy,\n\n${paragraphs.join('\n\n')}\n\n— ${name.split(' ')[0] ?? name}\n`,
      },
    });
  }
  return out;
}

// --- delivery ----------------------------------------------------------------

function dateOf(m: Outgoing): number {
  const d = m.mail.date;
  if (d instanceof Date) return d.getTime();
  if (typeof d === 'string') return Date.parse(d);
  if (m.mail.raw !== undefined) {
    const match = /^Date: (.+)$/m.exec(m.mail.raw.toString());
    if (match?.[1]) return Date.parse(match[1]);
  }
  return NOW;
}

async function inboxCount(): Promise<number> {
  const client = new ImapFlow({
    host: HOST,
    port: IMAP_PORT,
    secure: false,
    doSTARTTLS: false,
    auth: { user: JOY.email, pass: JOY.password },
    logger: false,
  });
  await client.connect();
  try {
    const status = await client.status('INBOX', { messages: true });
    return status ? (status.messages ?? 0) : 0;
  } finally {
    await client.logout();
  }
}

async function main(): Promise<void> {
  checkJapanese();
  const messages = [...specialMessages(), ...fillerMessages(60)];
  // Oldest first, so UIDs (arrival order) roughly follow the Date headers.
  messages.sort((a, b) => dateOf(a) - dateOf(b));

  const before = await inboxCount();
  const inbound = nodemailer.createTransport({ host: HOST, port: INBOUND_PORT, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
  const submission = nodemailer.createTransport({
    host: HOST,
    port: SUBMISSION_PORT,
    secure: false,
    ignoreTLS: true,
    auth: { user: SAM.email, pass: SAM.password },
  });
  try {
    for (const m of messages) {
      if (m.kind === 'inbound') {
        await inbound.sendMail({ ...m.mail, envelope: { from: m.envelopeFrom, to: [m.to] } });
      } else {
        await submission.sendMail(m.mail);
      }
    }
  } finally {
    inbound.close();
    submission.close();
  }

  // Mail is queued by Postfix and delivered over LMTP asynchronously: wait
  // until all of it is in the INBOX, so the demo starts complete.
  const expected = before + messages.length;
  const deadline = Date.now() + 90_000;
  let count = before;
  while ((count = await inboxCount()) < expected) {
    if (Date.now() > deadline) {
      throw new Error(`only ${count - before} of ${messages.length} demo messages arrived in joy's INBOX within 90 s`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`seed-demo: delivered ${messages.length} messages to ${JOY.email} (INBOX now has ${count})`);
}

main().catch((err: unknown) => {
  console.error('seed-demo failed:', err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
