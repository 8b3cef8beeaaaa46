import type { Folder, Quota } from '../../shared/api/folders';
import type { Attachment, MessageDetail, MessageFlags, MessageSummary } from '../../shared/api/messages';
import type { SessionInfo } from '../../shared/api/session';

/** Builders for API answers: sensible defaults, overrides for what a test cares about. */

export function makeSession(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return { email: 'joy@mt-example.com', csrfToken: 'csrf-test-token', ...overrides };
}

export function makeFolder(overrides: Partial<Folder> = {}): Folder {
  const path = overrides.path ?? 'INBOX';
  return {
    path,
    name: path.split('/').pop() ?? path,
    specialUse: null,
    depth: 0,
    delimiter: '/',
    unread: 0,
    total: 0,
    subscribed: true,
    ...overrides,
  };
}

/** The special five as the API orders them, with overrides by special use. */
export function makeSpecialFolders(overrides: Partial<Record<'inbox' | 'drafts' | 'sent' | 'junk' | 'trash', Partial<Folder>>> = {}): Folder[] {
  return [
    makeFolder({ path: 'INBOX', name: 'Inbox', specialUse: 'inbox', total: 20, ...overrides.inbox }),
    makeFolder({ path: 'Drafts', name: 'Drafts', specialUse: 'drafts', ...overrides.drafts }),
    makeFolder({ path: 'Sent', name: 'Sent', specialUse: 'sent', ...overrides.sent }),
    makeFolder({ path: 'Junk', name: 'Spam', specialUse: 'junk', ...overrides.junk }),
    makeFolder({ path: 'Trash', name: 'Trash', specialUse: 'trash', ...overrides.trash }),
  ];
}

/** 812 MB of 1 GB, the guide's example. */
export function makeQuota(overrides: Partial<Quota> = {}): Quota {
  return { usedBytes: 812 * 1024 ** 2, limitBytes: 1024 ** 3, ...overrides };
}

export function makeFlags(overrides: Partial<MessageFlags> = {}): MessageFlags {
  return { seen: true, flagged: false, answered: false, forwarded: false, draft: false, junk: false, ...overrides };
}

type SummaryOverrides = Partial<Omit<MessageSummary, 'flags'>> & { flags?: Partial<MessageFlags> };

export function makeSummary(overrides: SummaryOverrides = {}): MessageSummary {
  const uid = overrides.uid ?? 1;
  return {
    uid,
    from: { name: 'Alice Example', address: 'alice@example.com' },
    to: [{ name: 'Joy', address: 'joy@mt-example.com' }],
    subject: `Message ${uid}`,
    date: '2024-03-05T10:24:00.000Z',
    size: 2048,
    hasAttachments: false,
    ...overrides,
    flags: makeFlags(overrides.flags),
  };
}

export function makeAttachment(overrides: Partial<Attachment> = {}): Attachment {
  return { part: '2', filename: 'report.pdf', contentType: 'application/pdf', size: 12_800, contentId: null, ...overrides };
}

type DetailOverrides = Partial<Omit<MessageDetail, 'flags'>> & { flags?: Partial<MessageFlags> };

export function makeDetail(overrides: DetailOverrides = {}): MessageDetail {
  const uid = overrides.uid ?? 1;
  return {
    folder: 'INBOX',
    uid,
    subject: `Message ${uid}`,
    from: { name: 'Alice Example', address: 'alice@example.com' },
    to: [{ name: 'Joy', address: 'joy@mt-example.com' }],
    cc: [],
    replyTo: [],
    date: '2024-03-05T10:24:00.000Z',
    html: null,
    fullBodyLength: null,
    text: 'Hello Joy,\n\nSee you soon.\nAlice',
    attachments: [],
    ...overrides,
    flags: makeFlags(overrides.flags),
  };
}
