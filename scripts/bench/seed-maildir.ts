import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BareImap, quote } from './bare-imap';
import { doveadm, userMaildir, type BenchStack } from './bench-stack';

/**
 * Fills benchmark folders by writing Maildir files directly (Dovecot only
 * has to scan the directory and read each file once), instead of delivering
 * 100,000 messages through SMTP or APPEND.
 *
 * File names follow Dovecot's own scheme, <seconds>.M<usecs>P<pid>Q<n>.<host>,S=<size>,W=<vsize>:2,<flags>;
 * Dovecot hands out UIDs in file-name time order, so UID order is arrival
 * order as in a real mailbox, and S=/W= spare it a stat per message.
 */

/** Bumped whenever the generated content changes: folders seeded by another version are seeded again. */
export const SEED_VERSION = 4;
const MARKER = 'tern-bench-seed.json';
const HOST = 'tern-bench';
/** The newest message is delivered at this moment (fixed, so every seeding produces the same mailbox). */
const NEWEST_ARRIVAL = Date.UTC(2025, 5, 2, 8, 30, 0);

/** Rare subject words: each hits RARE_HITS messages of every folder and appears nowhere else. */
export const RARE_WORDS = ['Zanzibar', 'quokka', 'marzipan', 'Okavango', 'theremin', 'Reykjavik', 'kombucha', 'Patagonia', 'origami', 'saxophone'];
const RARE_HITS = 5;
export const NEWSLETTER_SUBJECT = 'Shop Weekly – June: summer sale, new arrivals and more';

/** The search keys of Tern's quick search (server/mail/imap/selection.ts): subject or sender. */
export function quickSearchKeys(word: string): string {
  return `OR SUBJECT ${quote(word)} FROM ${quote(word)}`;
}

export interface FolderSpec {
  name: string;
  count: number;
}

export interface SeededFolder extends FolderSpec {
  /** UID of the ~60 KB HTML newsletter. */
  htmlUid: number;
  htmlBytes: number;
  /** UIDs 1..count are the seeded messages; anything above was appended later. */
  maxSeededUid: number;
  seededNow: boolean;
  seconds: number;
}

interface Marker {
  version: number;
  count: number;
  htmlIndex: number;
  htmlFile: string;
}

export async function seedFolders(
  stack: BenchStack,
  user: { email: string; password: string },
  specs: FolderSpec[],
  log: (line: string) => void,
): Promise<SeededFolder[]> {
  const maildir = userMaildir(stack, user.email);
  const owner = fs.existsSync(maildir) ? fs.statSync(maildir) : null;
  const seeded: SeededFolder[] = [];
  for (const spec of specs) {
    const started = performance.now();
    // The Inbox is the Maildir itself (the browser measure signs in to a seeded Inbox); other folders are .Name.
    const inbox = spec.name === 'INBOX';
    const folderDir = inbox ? maildir : path.join(maildir, `.${spec.name}`);
    let marker = readMarker(folderDir, spec);
    const seededNow = marker === null;
    if (!marker) {
      if (inbox) {
        // Creates the Maildir of a user who never signed in. UIDs 1..count must be the seeded
        // messages, so an Inbox is seeded only while empty (the browser users' names carry the seed version).
        const status = doveadm(stack, ['mailbox', 'status', '-u', user.email, 'messages', 'INBOX']);
        if (!/messages=0\b/.test(status)) throw new Error(`${user.email}'s Inbox is not empty and not seeded by this version: remove ${maildir}`);
      } else {
        if (fs.existsSync(folderDir)) {
          log(`${spec.name}: seeded by another version or incomplete; deleting and seeding again`);
          doveadm(stack, ['mailbox', 'delete', '-u', user.email, spec.name]);
        }
        doveadm(stack, ['mailbox', 'create', '-s', '-u', user.email, spec.name]);
      }
      const { uid, gid } = owner ?? fs.statSync(maildir);
      marker = writeMessages(folderDir, spec, uid, gid, log);
      log(`${spec.name}: ${spec.count.toLocaleString('en')} files written in ${seconds(started)} s; Dovecot indexes them`);
      // Scans the directory, assigns UIDs, builds dovecot.index (and, with `index`, the full-text
      // index: most of the seeding time at 100k). BENCH_SEED_FTS=0 leaves that to the first body search;
      // without fts_autoindex=no the scan itself would queue all of it for Dovecot's indexer.
      const scan =
        process.env.BENCH_SEED_FTS === '0'
          ? ['-o', 'plugin/fts_autoindex=no', 'mailbox', 'status', '-u', user.email, 'messages', spec.name]
          : ['index', '-u', user.email, spec.name];
      doveadm(stack, scan);
      fs.writeFileSync(path.join(folderDir, MARKER), JSON.stringify(marker));
      fs.chownSync(path.join(folderDir, MARKER), uid, gid);
    }
    const htmlUid = uidOfFile(folderDir, marker.htmlFile);
    seeded.push({
      ...spec,
      htmlUid,
      htmlBytes: fs.statSync(currentPath(folderDir, marker.htmlFile)).size,
      maxSeededUid: spec.count,
      seededNow,
      seconds: (performance.now() - started) / 1000,
    });
  }
  await warmDovecot(stack, user, seeded, log);
  return seeded;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

function readMarker(folderDir: string, spec: FolderSpec): Marker | null {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(folderDir, MARKER), 'utf8')) as Marker;
    if (marker.version !== SEED_VERSION || marker.count !== spec.count) return null;
    let files = 0;
    for (const sub of ['cur', 'new']) {
      for (const name of fs.readdirSync(path.join(folderDir, sub))) if (name.includes(`.${HOST},`)) files++;
    }
    return files === spec.count ? marker : null;
  } catch {
    return null;
  }
}

/** Where a seeded file is now: Dovecot renames it when its flags change (the browser measure opens it: \Seen). */
function currentPath(folderDir: string, fileName: string): string {
  const base = fileName.slice(0, fileName.indexOf(':2,'));
  for (const sub of ['cur', 'new']) {
    const found = fs.readdirSync(path.join(folderDir, sub)).find((name) => name.startsWith(base));
    if (found) return path.join(folderDir, sub, found);
  }
  throw new Error(`${fileName} is gone from ${folderDir}`);
}

/** The UID Dovecot gave a file, from its dovecot-uidlist ("<uid> [ext] :<base name>"). */
function uidOfFile(folderDir: string, fileName: string): number {
  const base = fileName.slice(0, fileName.indexOf(':2,'));
  const list = fs.readFileSync(path.join(folderDir, 'dovecot-uidlist'), 'latin1');
  const at = list.indexOf(`:${base}\n`);
  if (at < 0) throw new Error(`${fileName} is not in ${folderDir}/dovecot-uidlist; was the folder indexed?`);
  const lineStart = list.lastIndexOf('\n', at) + 1;
  return Number(list.slice(lineStart, list.indexOf(' ', lineStart)));
}

/**
 * Synchronous writes in one loop: 100,000 small files take seconds this way,
 * where a promise per file or a process per file would take minutes.
 */
function writeMessages(folderDir: string, spec: FolderSpec, uid: number, gid: number, log: (line: string) => void): Marker {
  const random = mulberry32(hashString(spec.name));
  const cur = path.join(folderDir, 'cur');
  // Arrival times: one message every 1..59 minutes, ending at NEWEST_ARRIVAL.
  const gaps = Array.from({ length: spec.count }, () => 60 + Math.floor(random() * 58 * 60));
  let arrival = Math.floor(NEWEST_ARRIVAL / 1000) - gaps.reduce((sum, gap) => sum + gap, 0);
  const htmlIndex = spec.count - 12;
  const rareAt = rarePositions(spec.count, htmlIndex);
  let htmlFile = '';
  const progressEvery = Math.max(10_000, Math.floor(spec.count / 5));
  for (let index = 0; index < spec.count; index++) {
    arrival += gaps[index]!;
    const newest = spec.count - index <= 40;
    const message =
      index === htmlIndex
        ? newsletter(arrival)
        : ordinaryMessage(random, index, arrival, rareAt.get(index) ?? null);
    const flags = flagsFor(random, newest);
    const name = `${arrival}.M${(index * 7919) % 1_000_000}P4242Q${index}.${HOST},S=${message.length},W=${message.length + countLf(message)}:2,${flags}`;
    if (index === htmlIndex) htmlFile = name;
    const fd = fs.openSync(path.join(cur, name), 'wx', 0o600);
    try {
      fs.writeSync(fd, message);
      fs.fchownSync(fd, uid, gid);
      // The file's mtime is the message's INTERNALDATE (arrival) in Maildir.
      fs.futimesSync(fd, arrival, arrival);
    } finally {
      fs.closeSync(fd);
    }
    if ((index + 1) % progressEvery === 0 && index + 1 < spec.count) log(`${spec.name}: ${(index + 1).toLocaleString('en')} files`);
  }
  return { version: SEED_VERSION, count: spec.count, htmlIndex, htmlFile };
}

/** RARE_HITS positions per rare word, spread over the folder, one of them among the newest. */
function rarePositions(count: number, avoid: number): Map<number, string> {
  const positions = new Map<number, string>();
  RARE_WORDS.forEach((word, w) => {
    for (let hit = 0; hit < RARE_HITS; hit++) {
      let at = Math.floor(((hit + (w + 1) / (RARE_WORDS.length + 1)) * count) / RARE_HITS) - 1;
      while (at === avoid || positions.has(at)) at = (at + 1) % count;
      positions.set(at, word);
    }
  });
  return positions;
}

function flagsFor(random: () => number, newest: boolean): string {
  const roll = random();
  if (newest) return roll < 0.5 ? '' : roll < 0.6 ? 'FS' : 'S';
  if (roll < 0.02) return '';
  if (roll < 0.05) return 'FS';
  if (roll < 0.1) return 'RS';
  return 'S';
}

function countLf(buffer: Buffer): number {
  let count = 0;
  let at = -1;
  while ((at = buffer.indexOf(10, at + 1)) >= 0) count++;
  return count;
}

// --- message content ---------------------------------------------------------

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Elif', 'Farid', 'Greta', 'Hiro', 'Inès', 'Jonas', 'Kavya', 'Lars', 'Mei', 'Nikolai', 'Olivia', 'Pedro', 'Quentin', 'Rosa', 'Sven', 'Tomás', 'Uma', 'Viktor', 'Wen', 'Xavier', 'Yara', 'Zoë'];
const LAST = ['Andersen', 'Becker', 'Costa', 'Dubois', 'Eriksson', 'Fischer', 'García', 'Hansen', 'Ivanova', 'Jensen', 'Kowalski', 'López', 'Müller', 'Nakamura', 'Olsen', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Weber'];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'acme-corp.example', 'northwind.example', 'contoso.example', 'fabrikam.example', 'globex.example', 'initech.example', 'umbrella.example'];
const SERVICES = [
  { name: 'GitHub', address: 'notifications@github.example' },
  { name: 'Calendar', address: 'calendar-notification@mail.example' },
  { name: 'Jira', address: 'jira@northwind.example' },
  { name: 'Billing', address: 'billing@cloud.example' },
  { name: 'Travel Desk', address: 'bookings@travel.example' },
];
const TOPICS = ['budget', 'roadmap', 'offsite', 'release 4.2', 'hiring plan', 'quarterly review', 'design review', 'customer call', 'server migration', 'onboarding', 'invoice', 'contract renewal', 'team lunch', 'security audit', 'conference talk', 'API changes', 'database upgrade', 'holiday schedule', 'board meeting', 'support ticket'];
const SUBJECTS = [
  (t: string) => `Re: ${t}`,
  (t: string) => `Fwd: ${t} notes`,
  (t: string) => `Question about the ${t}`,
  (t: string) => `${cap(t)}: next steps`,
  (t: string) => `Updated draft for the ${t}`,
  (t: string) => `Re: Re: ${t} – timing`,
  (t: string) => `Reminder: ${t} on Thursday`,
  (t: string) => `[team] ${t} follow-up`,
  (t: string) => `Café chat about the ${t}?`,
  (t: string) => `Action items from the ${t}`,
];
const SENTENCES = [
  'Thanks for sending this over so quickly.',
  'I had a look at the numbers and they mostly line up with what we discussed last week.',
  'Could you double-check the figures in the second table before we share it more widely?',
  'Let me know if Thursday afternoon works for a quick call; otherwise Friday morning is fine too.',
  'The team agreed to move the deadline by one week to leave room for testing.',
  'I have attached my notes from the meeting; the open questions are at the end.',
  'We still need a decision on the vendor before the end of the month.',
  'Please keep this between us until the announcement goes out.',
  'The staging environment is back up, so you can try the new build whenever you like.',
  'I will be out of office from Monday to Wednesday with limited access to email.',
  'Overall this looks good to me, with a few small comments inline.',
  'Can we add this to the agenda for the next planning session?',
  'The customer confirmed the order and asked for delivery before the holidays.',
  'Für die Übersicht habe ich die wichtigsten Punkte noch einmal zusammengefasst.',
  'On a related note, the office will be closed on the public holiday.',
  'If anything is unclear, just reply to this message and I will explain in more detail.',
];

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function ordinaryMessage(random: () => number, index: number, arrival: number, rareWord: string | null): Buffer {
  const service = random() < 0.15 ? pick(random, SERVICES) : null;
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  const domain = pick(random, DOMAINS);
  const from = service ?? { name: `${first} ${last}`, address: `${ascii(first)}.${ascii(last)}@${domain}`.toLowerCase() };
  let subject = pick(random, SUBJECTS)(pick(random, TOPICS));
  if (rareWord) subject = `${subject} (${rareWord} edition)`;
  // Usually written a few seconds before arrival; now and then a message arrives hours late.
  const sent = arrival - (random() < 0.005 ? 3600 + Math.floor(random() * 47 * 3600) : 5 + Math.floor(random() * 85));
  const zone = pick(random, [0, 60, 120, -300, -240, 330, 540]);
  const target = 2000 + Math.floor(random() * 2000);
  const kind = random();

  const headers = [
    `Return-Path: <${from.address}>`,
    'Delivered-To: bench@tern-test.example',
    `Received: from mail.${from.address.split('@')[1]} (mail.${from.address.split('@')[1]} [198.51.100.${index % 250}])`,
    `\tby mx.tern-test.example (Postfix) with ESMTPS id ${(index * 2654435761 >>> 0).toString(16).toUpperCase()}`,
    `\tfor <bench@tern-test.example>; ${rfc2822(arrival, 0)}`,
    `Message-ID: <${(arrival * 31 + index).toString(36)}.${index}@${from.address.split('@')[1]}>`,
    `Date: ${rfc2822(sent, zone)}`,
    `From: ${encodeWord(from.name)} <${from.address}>`,
    'To: Bench User <bench@tern-test.example>',
    ...(random() < 0.2 ? [`Cc: ${encodeWord(`${pick(random, FIRST)} ${pick(random, LAST)}`)} <team@${domain}>`] : []),
    `Subject: ${encodeWord(subject)}`,
    'MIME-Version: 1.0',
  ];
  const text = (bytes: number) => {
    // The rare word is in the body too, for the full-text (body) search measure.
    const lines = rareWord ? [`Hi,`, '', `Notes from the ${rareWord} meeting below.`, ''] : [`Hi,`, ''];
    let size = 6;
    while (size < bytes) {
      const paragraph = wrap(Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(random, SENTENCES)).join(' '));
      lines.push(paragraph, '');
      size += Buffer.byteLength(paragraph) + 2;
    }
    lines.push('Best regards,', from.name);
    return lines.join('\n');
  };
  const headerBytes = headers.join('\n').length;
  const room = Math.max(400, target - headerBytes - 300);
  let body: string[];
  if (kind < 0.65) {
    body = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text(room)];
  } else if (kind < 0.93) {
    const plain = text(room / 2);
    const html = `<html><body>${plain
      .split('\n\n')
      .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, ' ')}</p>`)
      .join('\n')}</body></html>`;
    body = [
      `Content-Type: multipart/alternative; boundary="alt-${index}"`,
      '',
      `--alt-${index}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      plain,
      `--alt-${index}`,
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      html,
      `--alt-${index}--`,
    ];
  } else {
    const attachment = Buffer.alloc(600 + Math.floor(random() * 600));
    for (let i = 0; i < attachment.length; i++) attachment[i] = Math.floor(random() * 256);
    body = [
      `Content-Type: multipart/mixed; boundary="mix-${index}"`,
      '',
      `--mix-${index}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text(room - attachment.length * 1.4),
      `--mix-${index}`,
      `Content-Type: application/pdf; name="${pick(random, TOPICS).replace(/\W+/g, '-')}.pdf"`,
      `Content-Disposition: attachment; filename="${pick(random, TOPICS).replace(/\W+/g, '-')}.pdf"`,
      'Content-Transfer-Encoding: base64',
      '',
      attachment.toString('base64').replace(/.{76}/g, '$&\n'),
      `--mix-${index}--`,
    ];
  }
  return Buffer.from(`${[...headers, ...body].join('\n')}\n`);
}

/** A ~60 KB marketing newsletter: nested tables, inline styles, remote images, quoted-printable. */
function newsletter(arrival: number): Buffer {
  const items: string[] = [];
  for (let i = 0; items.join('').length < 50_000; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    items.push(`
<tr>
  <td style="padding:24px 32px;border-bottom:1px solid #e6e9ef;font-family:Helvetica,Arial,sans-serif">
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
      <tr>
        <td width="160" valign="top" style="padding-right:20px">
          <a href="https://news.shop.example/c/${i}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=june" style="text-decoration:none">
            <img src="https://cdn.shop.example/img/2025/06/product-${i}.jpg" width="160" height="120" alt="${cap(topic)}" style="display:block;border:0;border-radius:6px;width:160px;height:120px">
          </a>
        </td>
        <td valign="top" style="font-size:15px;line-height:22px;color:#333333">
          <h2 style="margin:0 0 8px;font-size:19px;line-height:24px;color:#1a1f36;font-weight:600">${cap(topic)}: what is new this month</h2>
          <p style="margin:0 0 12px">${escapeHtml(SENTENCES[i % SENTENCES.length]!)} ${escapeHtml(SENTENCES[(i + 5) % SENTENCES.length]!)} Prices start at €${19 + i}.99 – only while stocks last.</p>
          <a href="https://news.shop.example/c/${i}/more?utm_source=newsletter" style="display:inline-block;padding:10px 18px;background:#635bff;color:#ffffff;border-radius:4px;font-weight:600;text-decoration:none">Read more →</a>
        </td>
      </tr>
    </table>
  </td>
</tr>`);
  }
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Shop Weekly – June</title>
<style>@media only screen and (max-width:600px){.container{width:100%!important}.hide-mobile{display:none!important}}</style>
</head>
<body style="margin:0;padding:0;background:#f4f6fa">
<img src="https://news.shop.example/open.gif?id=8f3a2c" width="1" height="1" alt="" style="display:none">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f6fa">
<tr><td align="center" style="padding:24px 0">
<table role="presentation" class="container" width="640" cellpadding="0" cellspacing="0" border="0" style="background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="padding:20px 32px;background:#1a1f36"><img src="https://cdn.shop.example/img/logo-white.png" width="120" height="32" alt="Shop" style="display:block;border:0"></td></tr>
<tr><td><img src="https://cdn.shop.example/img/2025/06/hero.jpg" width="640" height="280" alt="Summer sale" style="display:block;width:100%;height:auto;border:0"></td></tr>
${items.join('\n')}
<tr><td style="padding:24px 32px;font-family:Helvetica,Arial,sans-serif;font-size:12px;line-height:18px;color:#8792a2">
You receive this email because you subscribed at shop.example. <a href="https://news.shop.example/unsubscribe?u=bench" style="color:#8792a2">Unsubscribe</a> · <a href="https://news.shop.example/prefs" style="color:#8792a2">Preferences</a><br>Shop Example GmbH · Musterstraße 1 · 10115 Berlin
</td></tr>
</table></td></tr></table>
</body></html>`;
  const text = `Shop Weekly – June\n\n${TOPICS.map((t) => `* ${cap(t)}: what is new this month\n  https://news.shop.example/c/${t.replace(/\W+/g, '-')}`).join('\n')}\n\nUnsubscribe: https://news.shop.example/unsubscribe?u=bench\n`;
  const message = [
    'Return-Path: <bounce-8f3a2c@news.shop.example>',
    'Delivered-To: bench@tern-test.example',
    'Received: from mta-17.news.shop.example (mta-17.news.shop.example [203.0.113.17])',
    `\tby mx.tern-test.example (Postfix) with ESMTPS id 4F2A9C1B3;\n\t${rfc2822(arrival, 0)}`,
    `Message-ID: <newsletter-2025-06.${arrival}@news.shop.example>`,
    `Date: ${rfc2822(arrival - 40, 120)}`,
    'From: Shop Weekly <news@news.shop.example>',
    'To: bench@tern-test.example',
    `Subject: ${encodeWord(NEWSLETTER_SUBJECT)}`,
    'List-Unsubscribe: <https://news.shop.example/unsubscribe?u=bench>, <mailto:unsubscribe@news.shop.example>',
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="nl-boundary-8f3a2c"',
    '',
    '--nl-boundary-8f3a2c',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(text),
    '--nl-boundary-8f3a2c',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(html),
    '--nl-boundary-8f3a2c--',
    '',
  ].join('\n');
  return Buffer.from(message);
}

function wrap(text: string, width = 76): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function ascii(text: string): string {
  return text.normalize('NFD').replace(/[^\x20-\x7e]/g, '');
}

/** RFC 2047 encoded word where the text is not plain ASCII. */
function encodeWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return /[",]/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
  return `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let encoded = '';
    for (const byte of Buffer.from(line)) {
      encoded += (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32 ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    if (encoded.endsWith(' ')) encoded = `${encoded.slice(0, -1)}=20`;
    // Soft line breaks at 76 characters, never inside an =XX escape.
    while (encoded.length > 76) {
      let cut = 75;
      if (encoded[cut - 1] === '=') cut -= 1;
      else if (encoded[cut - 2] === '=') cut -= 2;
      out.push(`${encoded.slice(0, cut)}=`);
      encoded = encoded.slice(cut);
    }
    out.push(encoded);
  }
  return out.join('\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mon, 02 Jun 2025 10:30:00 +0200" for a UTC second and a zone offset in minutes. */
function rfc2822(utcSeconds: number, zoneMinutes: number): string {
  const local = new Date((utcSeconds + zoneMinutes * 60) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const sign = zoneMinutes < 0 ? '-' : '+';
  const abs = Math.abs(zoneMinutes);
  return `${DAYS[local.getUTCDay()]}, ${two(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

function hashString(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- Dovecot's caches ---------------------------------------------------------

/**
 * Runs each benchmark query once so Dovecot caches what they read (the Date
 * and Subject of every message, envelopes of the newest): a user's folder on a
 * real server has been read before, and the first timed run must not pay for
 * parsing 100,000 files. Also drops messages a previous, interrupted run
 * appended (UIDs above the seeded ones).
 */
async function warmDovecot(stack: BenchStack, user: { email: string; password: string }, folders: SeededFolder[], log: (line: string) => void): Promise<void> {
  const imap = await BareImap.connect(stack.imapHost, stack.imapPort);
  try {
    await imap.login(user.email, user.password);
    for (const folder of folders) {
      const started = performance.now();
      await imap.select(folder.name);
      const extra = await imap.command(`UID SEARCH UID ${folder.maxSeededUid + 1}:*`);
      const stray = (/^\* SEARCH (.*)$/m.exec(extra.untagged.map((line) => line.toString('latin1')).join('\n'))?.[1] ?? '')
        .split(' ')
        .map(Number)
        .filter((uid) => uid > folder.maxSeededUid);
      if (stray.length > 0) {
        log(`${folder.name}: removing ${stray.length} message(s) left by an earlier run`);
        await imap.command(`UID STORE ${stray.join(',')} +FLAGS.SILENT (\\Deleted)`);
        await imap.command(`UID EXPUNGE ${stray.join(',')}`);
      }
      await imap.command('UID SORT RETURN (ALL) (DATE) UTF-8 ALL');
      for (const word of RARE_WORDS) await imap.command(`UID SORT RETURN (ALL) (DATE) UTF-8 ${quickSearchKeys(word)}`);
      // The first body search builds the full-text index of mail that was written
      // to the Maildir directly (delivered mail is indexed as it arrives).
      await imap.command(`UID SEARCH BODY ${quote(RARE_WORDS[0]!)}`);
      await imap.command(`UID FETCH ${Math.max(1, folder.maxSeededUid - 60)}:${folder.maxSeededUid} (UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE INTERNALDATE)`);
      await imap.command(`UID FETCH ${folder.htmlUid} (UID FLAGS ENVELOPE BODYSTRUCTURE INTERNALDATE BODY.PEEK[])`);
      const ms = performance.now() - started;
      if (ms > 1000) log(`${folder.name}: Dovecot read and cached the folder in ${(ms / 1000).toFixed(1)} s`);
    }
  } finally {
    await imap.logout();
  }
}
