import { useEffect, useRef, useState, type DragEvent } from 'react';
import { base64EncodedSize, type OutboxEntry, type SendRequest } from '../../../../shared/api/compose';
import { MAX_ATTACHMENT_ENCODED_BYTES, MAX_MESSAGE_BYTES } from '../../../../shared/limits';
import { ApiError } from '../../../lib/api-client';
import type { ComposeIntent } from '../../../lib/compose-intent';
import { currentLocale } from '../../../lib/i18n/i18n';
import { usePreferences } from '../../../lib/preferences';
import { deleteDraft, deleteUpload, saveDraft, sendMessage, uploadFile } from '../api/compose-api';
import { t, useT } from '../i18n';
import { textToHtml } from '../model/compose-model';
import { estimatedSize, initialState, isEmpty, messageOf, newKey, type AttachmentItem, type ComposeState } from '../stores/compose-state';
import { RecipientField } from './recipient-field';
import { formatList } from '../../../lib/i18n/lists';
import { RichEditor } from './rich-editor';
import './compose.css';

/** Autosave this long after typing stops (SPEC §6: a crash loses at most a few seconds). */
const AUTOSAVE_DELAY_MS = 3000;

export interface ComposeWindowProps {
  intent: ComposeIntent;
  /** The state to reopen with after "Undo" or a failed send. */
  restored: ComposeState | null;
  /** Shown at once when reopened after a failure. */
  restoredError: string | null;
  ownAddress: string;
  csrfToken: string;
  onClose: () => void;
  /** Gone at once (no undo delay); the entry says whether some recipients were refused. */
  onSent: (entry: OutboxEntry) => void;
  onQueued: (entry: OutboxEntry, state: ComposeState) => void;
  /** The BFF could not be reached: keeps the message in the browser outbox; false if the browser cannot. */
  onOffline: (request: SendRequest, state: ComposeState) => Promise<boolean>;
}

function megabytes(bytes: number): string {
  const amount = new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1_048_576);
  return t('{{amount}} MB', { amount });
}

/** "1,677,722 bytes (1.6 MB)": exact for checking, rounded for reading (as the BFF's refusal says it). */
function bytesAndMegabytes(bytes: number): string {
  return t('{{amount}} bytes ({{megabytes}})', { count: bytes, amount: new Intl.NumberFormat(currentLocale()).format(bytes), megabytes: megabytes(bytes) });
}

/** The refusal before uploading: the BFF's 413 text (SPEC §6), in the user's language. */
function attachmentTooLargeText(filename: string, bytes: number): string {
  return t('"{{filename}}" is {{size}}; encoded for sending it becomes {{encodedSize}}, over the limit of {{limit}} per attachment.', {
    filename,
    size: bytesAndMegabytes(bytes),
    encodedSize: bytesAndMegabytes(base64EncodedSize(bytes)),
    limit: bytesAndMegabytes(MAX_ATTACHMENT_ENCODED_BYTES),
  });
}

function openFailed(error: unknown): string {
  return error instanceof Error ? error.message : t('The message could not be opened.');
}

function draftNotSaved(failure: unknown): string {
  return failure instanceof Error ? t('The draft could not be saved: {{reason}}', { reason: failure.message }) : t('The draft could not be saved.');
}

/** The compose pane: stays open (docked) while the user browses mail. */
export default function ComposeWindow(props: ComposeWindowProps) {
  const t = useT();
  const { preferences, isPending } = usePreferences();
  const [state, setState] = useState<ComposeState | null>(props.restored);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (state || isPending) return;
    initialState(props.intent, props.ownAddress, preferences).then(setState, (error: unknown) => setLoadError(openFailed(error)));
  }, [state, isPending, props.intent, props.ownAddress, preferences]);

  if (loadError) {
    return (
      <section className="compose-window" role="dialog" aria-label={t('New Email')}>
        <p className="compose-error" role="alert">
          {loadError}
        </p>
        <button type="button" className="button" onClick={props.onClose}>
          {t('Close')}
        </button>
      </section>
    );
  }
  if (!state) {
    return (
      <section className="compose-window" role="dialog" aria-label={t('New Email')} aria-busy="true">
        <p className="pane-status">{t('Opening…')}</p>
      </section>
    );
  }
  return <ComposeForm {...props} initial={state} />;
}

function ComposeForm(props: ComposeWindowProps & { initial: ComposeState }) {
  const t = useT();
  const [state, setState] = useState<ComposeState>(props.initial);
  const [error, setError] = useState<string | null>(props.restoredError);
  const [busy, setBusy] = useState<'sending' | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [showCcBcc, setShowCcBcc] = useState(state.cc.length + state.bcc.length > 0);
  const [laterOpen, setLaterOpen] = useState(false);
  const [laterValue, setLaterValue] = useState('');
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);
  const changed = useRef(false);
  const saving = useRef<Promise<void> | null>(null);

  const update = (patch: Partial<ComposeState> | ((current: ComposeState) => Partial<ComposeState>)) => {
    changed.current = true;
    setState((current) => ({ ...current, ...(typeof patch === 'function' ? patch(current) : patch) }));
  };
  const updateAttachment = (key: string, patch: Partial<AttachmentItem>) =>
    setState((current) => ({ ...current, attachments: current.attachments.map((item) => (item.key === key ? { ...item, ...patch } : item)) }));

  /** Saves the draft now (replacing the previous version); one save at a time. */
  const saveNow = async (): Promise<void> => {
    await saving.current;
    const current = latest.current;
    const run = saveDraft({ message: messageOf(current), replaceUid: current.draftUid ?? undefined }).then((saved) => {
      changed.current = false;
      setState((now) => ({ ...now, draftUid: saved.uid }));
      latest.current = { ...latest.current, draftUid: saved.uid };
      setSavedAt(new Date().toLocaleTimeString(currentLocale(), { hour: 'numeric', minute: '2-digit' }));
    });
    saving.current = run.catch(() => undefined);
    await run;
  };

  // Reopened after a failed send: the message is kept as a draft at once (SPEC §6).
  useEffect(() => {
    if (props.restoredError && !isEmpty(latest.current)) void saveNow().catch(() => undefined);
    // Once, on opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Autosave a few seconds after the last change.
  useEffect(() => {
    if (!changed.current || busy || isEmpty(state) || state.attachments.some((item) => !item.upload && !item.error)) return;
    const timer = setTimeout(() => {
      saveNow().catch((failure: unknown) => setError(draftNotSaved(failure)));
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state, busy]);

  const attach = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = newKey();
      const encodedSize = base64EncodedSize(file.size);
      // Refused before uploading, with the numbers (SPEC §6); the BFF applies the same rule.
      const refused = encodedSize > MAX_ATTACHMENT_ENCODED_BYTES ? attachmentTooLargeText(file.name, file.size) : null;
      update((current) => ({
        attachments: [...current.attachments, { key, name: file.name, size: file.size, encodedSize, progress: 0, upload: null, error: refused }],
      }));
      if (refused) continue;
      uploadFile(file, props.csrfToken, (progress) => updateAttachment(key, { progress })).then(
        (upload) => {
          changed.current = true;
          updateAttachment(key, { upload, progress: 1 });
        },
        (failure: unknown) => updateAttachment(key, { error: failure instanceof Error ? failure.message : t('The upload failed.') }),
      );
    }
  };

  const removeAttachment = (item: AttachmentItem) => {
    update((current) => ({ attachments: current.attachments.filter((other) => other.key !== item.key) }));
    if (item.upload) void deleteUpload(item.upload.id).catch(() => undefined);
  };

  const problems = (): string | null => {
    const recipients = [...state.to, ...state.cc, ...state.bcc];
    if (recipients.length === 0) return t('Add at least one recipient.');
    const invalid = recipients.filter((chip) => !chip.valid);
    if (invalid.length > 0) return t('Fix the addresses marked in red: {{addresses}}.', { addresses: formatList(invalid.map((chip) => chip.address)) });
    if (state.attachments.some((item) => !item.upload && !item.error)) return t('Wait until the attachments have finished uploading.');
    if (state.attachments.some((item) => item.error)) return t('Remove the attachments that could not be added.');
    return null;
  };

  const send = async (sendAt?: string) => {
    const problem = problems();
    if (problem) return setError(problem);
    setBusy('sending');
    setError(null);
    await saving.current;
    const current = latest.current;
    const request: SendRequest = { idempotencyKey: current.idempotencyKey, message: messageOf(current), draftUid: current.draftUid ?? undefined, sendAt };
    try {
      const entry = await sendMessage(request);
      if (entry.status === 'sent') props.onSent(entry);
      else props.onQueued(entry, current);
    } catch (failure) {
      // Offline: it waits in the browser, with this key, and goes once the BFF answers (issue 16).
      if (failure instanceof ApiError && failure.code === 'network' && (await props.onOffline(request, current).catch(() => false))) return;
      setBusy(null);
      const message = failure instanceof Error ? failure.message : t('The message could not be sent.');
      // Not knowing whether it reached the server, a retry must reuse the key; a refusal is final, so a new one.
      if (!(failure instanceof ApiError && failure.code === 'network')) update({ idempotencyKey: newKey() });
      setError(message);
      // The message stays open and is kept as a draft (SPEC §6).
      if (!isEmpty(current)) void saveNow().catch(() => undefined);
    }
  };

  const discard = () => {
    for (const item of state.attachments) if (item.upload) void deleteUpload(item.upload.id).catch(() => undefined);
    if (state.draftUid !== null) void deleteDraft(state.draftUid).catch(() => undefined);
    props.onClose();
  };

  const switchFormat = (format: 'rich' | 'plain') => {
    if (format === state.format) return;
    // Rich → plain keeps the text; plain → rich makes paragraphs of it.
    update(format === 'plain' ? { format } : { format, html: textToHtml(state.text) });
  };

  const total = estimatedSize(state);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) attach(event.dataTransfer.files);
  };

  return (
    <section
      className={dragging ? 'compose-window is-dragging' : 'compose-window'}
      role="dialog"
      aria-label={t(state.title)}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="compose-title">
        <h2>{t(state.title)}</h2>
        <span className="compose-saved" role="status">
          {savedAt ? t('Draft saved at {{time}}', { time: savedAt }) : ''}
        </span>
      </header>
      <div className="compose-fields">
        <RecipientField label={t('To')} chips={state.to} onChange={(to) => update({ to })} />
        {showCcBcc ? (
          <>
            <RecipientField label={t('Cc')} chips={state.cc} onChange={(cc) => update({ cc })} />
            <RecipientField label={t('Bcc')} chips={state.bcc} onChange={(bcc) => update({ bcc })} />
          </>
        ) : (
          <button type="button" className="button button-quiet button-small compose-ccbcc" onClick={() => setShowCcBcc(true)}>
            {t('Cc / Bcc')}
          </button>
        )}
        <div className="compose-row">
          <label className="compose-label" htmlFor="compose-subject">
            {t('Subject')}
          </label>
          <input id="compose-subject" className="compose-input" type="text" value={state.subject} maxLength={998} onChange={(event) => update({ subject: event.target.value })} />
        </div>
      </div>
      <div className="compose-format">
        <label>
          <input type="checkbox" checked={state.format === 'plain'} onChange={(event) => switchFormat(event.target.checked ? 'plain' : 'rich')} /> {t('Plain text')}
        </label>
      </div>
      {state.format === 'rich' ? (
        <RichEditor initialHtml={state.html} onChange={({ html, text }) => update({ html, text })} />
      ) : (
        <textarea className="compose-plain" aria-label={t('Message')} value={state.text} onChange={(event) => update({ text: event.target.value })} />
      )}
      <div className="compose-attachments">
        {state.forwarded.length > 0 && (
          <ul className="attachment-items" aria-label={t('Forwarded attachments')}>
            {state.forwarded.map((attachment) => (
              <li key={attachment.part} className="attachment-item">
                <span className="attachment-item-name">{attachment.filename}</span>
                <span className="attachment-item-size">{megabytes(base64EncodedSize(attachment.size))}</span>
                <button type="button" className="chip-remove" aria-label={t('Remove {{name}}', { name: attachment.filename })} onClick={() => update((current) => ({ forwarded: current.forwarded.filter((other) => other !== attachment) }))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {state.attachments.length > 0 && (
          <ul className="attachment-items" aria-label={t('Attachments')}>
            {state.attachments.map((item) => (
              <li key={item.key} className={item.error ? 'attachment-item is-error' : 'attachment-item'}>
                <span className="attachment-item-name">{item.name}</span>
                {item.error ? (
                  <span className="attachment-item-error" role="alert">
                    {item.error}
                  </span>
                ) : item.upload ? (
                  <span className="attachment-item-size">{megabytes(item.encodedSize)}</span>
                ) : (
                  <progress className="attachment-progress" max={1} value={item.progress} aria-label={t('Uploading {{name}}', { name: item.name })} />
                )}
                <button type="button" className="chip-remove" aria-label={t('Remove {{name}}', { name: item.name })} onClick={() => removeAttachment(item)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <p className={total > MAX_MESSAGE_BYTES ? 'compose-size is-over' : 'compose-size'} aria-live="polite">
          {total > MAX_MESSAGE_BYTES
            ? t('Message exceeds maximum fixed size ({{limit}})', { limit: MAX_MESSAGE_BYTES })
            : t('Message size: {{size}} of {{limit}}', { size: megabytes(total), limit: megabytes(MAX_MESSAGE_BYTES) })}
        </p>
      </div>
      {error && (
        <p className="compose-error" role="alert">
          {error}
        </p>
      )}
      <footer className="compose-actions">
        <button type="button" className="button button-primary" disabled={busy !== null} onClick={() => void send()}>
          {busy === 'sending' ? t('Sending…') : t('Send Email')}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => setLaterOpen((open) => !open)} aria-expanded={laterOpen}>
          {t('Send later')}
        </button>
        <button type="button" className="button" onClick={() => fileInput.current?.click()}>
          {t('Attach')}
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="compose-file-input"
          onChange={(event) => {
            if (event.target.files) attach(event.target.files);
            event.target.value = '';
          }}
        />
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void saveNow().catch((failure: unknown) => setError(draftNotSaved(failure)))}
        >
          {t('Save Draft')}
        </button>
        <button type="button" className="button button-quiet" onClick={discard}>
          {t('Discard')}
        </button>
      </footer>
      {laterOpen && (
        <form
          className="compose-later"
          onSubmit={(event) => {
            event.preventDefault();
            const when = new Date(laterValue);
            if (Number.isNaN(when.getTime()) || when.getTime() <= Date.now()) return setError(t('Pick a time in the future.'));
            void send(when.toISOString());
          }}
        >
          <label>
            {t('Send at')} <input type="datetime-local" value={laterValue} onChange={(event) => setLaterValue(event.target.value)} required />
          </label>
          <button type="submit" className="button button-small">
            {t('Schedule')}
          </button>
        </form>
      )}
    </section>
  );
}
