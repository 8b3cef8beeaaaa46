import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useSearch } from 'wouter';
import {
  FILTER_FIELDS,
  FILTER_MATCHES,
  filterRuleProblems,
  filtersSettingsSchema,
  NEW_FILTER_RULE,
  type FilterField,
  type FilterMatch,
  type FilterRule,
  type FiltersResponse,
} from '../../../../shared/api/filters';
import type { Folder } from '../../../../shared/api/folders';
import { MAX_FILTER_RULES } from '../../../../shared/limits';
import { ApiError } from '../../../lib/api-client';
import { useFolders } from '../../../lib/folders-query';
import { currentLocale, msg } from '../../../lib/i18n/i18n';
import { mailKeys } from '../../../lib/mail-keys';
import { applyFilterWindow, useFilters, useSaveFilters } from '../api/filters';
import { conflictVersion, fieldProblems } from '../api/guarded-save';
import { useT } from '../i18n';
import { FILTERS_SECTION, type FiltersDraft } from '../stores/filters-draft';
import { SectionForm } from './section-form';
import { SectionLoading } from './section-loading';
import { useDraft } from './use-draft';
import './filters.css';
import { translateServerText } from '../../../lib/i18n/server-texts';

const FIELD_LABELS: Record<FilterField, string> = {
  from: msg('From'),
  to: msg('To or Cc'),
  subject: msg('Subject'),
  header: msg('Header'),
};
const MATCH_LABELS: Record<FilterMatch, string> = {
  contains: msg('contains'),
  is: msg('is'),
  matches: msg('matches'),
};
// Examples of what to type: a header's name and an address are the same in every language.
const HEADER_EXAMPLE = 'List-Id';
const ADDRESS_EXAMPLE = 'someone@example.com';

/** Problems keyed like the API's fields: `<rule index>.<field>`, or '' for the whole list. */
type Problems = Record<string, string>;

/** "Filters" (issue 17): ordered rules the mail server runs at delivery, in the same Sieve script as anti-spam and auto-reply. */
export function FiltersSection() {
  const t = useT();
  const query = useFilters();
  const folders = useFolders();
  if (!query.data) return <SectionLoading title={t('Filters')} query={query} />;
  return <FiltersForm saved={query.data} folders={folders.data?.folders ?? []} />;
}

function FiltersForm({ saved, folders }: { saved: FiltersResponse; folders: Folder[] }) {
  const t = useT();
  const search = useSearch();
  const { draft, dirty, update, reset, basedOn, rebase } = useDraft<FiltersDraft>(FILTERS_SECTION, { rules: saved.rules }, saved.version);
  const save = useSaveFilters();
  const [problems, setProblems] = useState<Problems>({});
  const [savedMessage, setSavedMessage] = useState<string | null>(null);
  // Opened by "Create filter" (…/filters?new): on its rule, the last one.
  const [focusRule, setFocusRule] = useState<number | null>(() => (new URLSearchParams(search).has('new') ? draft.rules.length - 1 : null));

  function change(rules: FilterRule[]) {
    update({ rules });
    setProblems({});
    setSavedMessage(null);
  }

  function addRule() {
    change([...draft.rules, NEW_FILTER_RULE]);
    setFocusRule(draft.rules.length);
  }

  function moveRule(from: number, to: number) {
    const rules = [...draft.rules];
    const [moved] = rules.splice(from, 1);
    rules.splice(to, 0, moved!);
    change(rules);
    setFocusRule(to);
  }

  function submit() {
    const checked = filtersSettingsSchema.safeParse(draft.rules);
    if (!checked.success) {
      setProblems(Object.fromEntries(checked.error.issues.map((issue) => [issue.path.join('.'), translateServerText(issue.message)])));
      return;
    }
    save.mutate(
      { rules: draft.rules, basedOn },
      {
        onSuccess: () => {
          reset();
          setSavedMessage(t('Filters saved. The mail server applies them to new mail from now on.'));
        },
        onError: (error) => {
          const current = conflictVersion(error);
          if (current) rebase(current);
          const fields = fieldProblems(error);
          if (fields) setProblems(fields);
        },
      },
    );
  }

  const firstProblem = Object.values(problems)[0] ?? null;
  const serverError = save.error && !fieldProblems(save.error) ? save.error.message : null;
  return (
    <SectionForm
      title={t('Filters')}
      intro={t(
        'Your mail server sorts new mail with these rules, in order, even while you are signed out and in every mail app. Spam is handled first (a rule never takes mail out of Spam); the auto-reply comes after the rules.',
      )}
      onSubmit={submit}
      saving={save.isPending}
      canSave={dirty}
      savedMessage={savedMessage}
      error={serverError ?? firstProblem}
    >
      {draft.rules.length === 0 && <p className="settings-hint">{t('No rules yet. “Add rule” to start one, or “Create filter” from a message.')}</p>}
      <ol className="filter-rules">
        {draft.rules.map((rule, index) => (
          <li key={index}>
            <RuleEditor
              rule={rule}
              index={index}
              count={draft.rules.length}
              folders={folders}
              problems={Object.entries(problems).flatMap(([key, message]) => (key.split('.')[0] === String(index) ? [message] : []))}
              focus={focusRule === index}
              onFocused={() => setFocusRule(null)}
              onChange={(patch) => change(draft.rules.map((candidate, at) => (at === index ? { ...candidate, ...patch } : candidate)))}
              onMove={(to) => moveRule(index, to)}
              onRemove={() => change(draft.rules.filter((_, at) => at !== index))}
            />
          </li>
        ))}
      </ol>
      <div>
        <button type="button" className="button" onClick={addRule} disabled={draft.rules.length >= MAX_FILTER_RULES}>
          {t('Add rule')}
        </button>
        {draft.rules.length >= MAX_FILTER_RULES && <p className="settings-hint">{t('You have {{count}} rules, the most there can be.', { count: MAX_FILTER_RULES })}</p>}
      </div>
    </SectionForm>
  );
}

interface RuleEditorProps {
  rule: FilterRule;
  index: number;
  count: number;
  folders: Folder[];
  problems: string[];
  /** Move focus here (a rule just added or moved). */
  focus: boolean;
  onFocused: () => void;
  onChange: (patch: Partial<FilterRule>) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}

function RuleEditor({ rule, index, count, folders, problems, focus, onFocused, onChange, onMove, onRemove }: RuleEditorProps) {
  const t = useT();
  const id = useId();
  const legendRef = useRef<HTMLLegendElement>(null);
  const number = index + 1;
  const problemsId = `${id}-problems`;

  useEffect(() => {
    if (!focus) return;
    legendRef.current?.closest('fieldset')?.scrollIntoView?.({ block: 'nearest' });
    legendRef.current?.closest('fieldset')?.querySelector<HTMLElement>('input, select')?.focus();
    onFocused();
  }, [focus, onFocused]);

  const missingFolder = rule.moveTo && !folders.some((folder) => folder.path === rule.moveTo);
  return (
    <fieldset className={rule.enabled ? 'filter-rule' : 'filter-rule is-off'} aria-describedby={problems.length ? problemsId : undefined}>
      <legend ref={legendRef}>{t('Rule {{number}}', { number })}</legend>
      <div className="filter-rule-top">
        <label className="settings-choice">
          <input type="checkbox" checked={rule.enabled} onChange={(event) => onChange({ enabled: event.target.checked })} />
          {t('Enabled')}
        </label>
        <div className="filter-rule-order">
          <button type="button" className="button button-quiet" aria-label={t('Move rule {{number}} up', { number })} disabled={index === 0} onClick={() => onMove(index - 1)}>
            ↑
          </button>
          <button type="button" className="button button-quiet" aria-label={t('Move rule {{number}} down', { number })} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
            ↓
          </button>
          <button type="button" className="button button-quiet" aria-label={t('Remove rule {{number}}', { number })} onClick={onRemove}>
            {t('Remove')}
          </button>
        </div>
      </div>

      <div className="filter-condition">
        <span>{t('If')}</span>
        <select aria-label={t('Look at')} value={rule.field} onChange={(event) => onChange({ field: event.target.value as FilterRule['field'] })}>
          {FILTER_FIELDS.map((field) => (
            <option key={field} value={field}>
              {t(FIELD_LABELS[field])}
            </option>
          ))}
        </select>
        {rule.field === 'header' && (
          <input type="text" aria-label={t('Header name')} placeholder={HEADER_EXAMPLE} value={rule.header} spellCheck={false} onChange={(event) => onChange({ header: event.target.value })} />
        )}
        <select aria-label={t('Comparison')} value={rule.match} onChange={(event) => onChange({ match: event.target.value as FilterRule['match'] })}>
          {FILTER_MATCHES.map((match) => (
            <option key={match} value={match}>
              {t(MATCH_LABELS[match])}
            </option>
          ))}
        </select>
        <input type="text" aria-label={t('Text to look for')} className="filter-value" value={rule.value} onChange={(event) => onChange({ value: event.target.value })} />
      </div>
      {rule.match === 'matches' && <p className="settings-hint">{t('In “matches”, * stands for any text and ? for one character.')}</p>}

      <div className="filter-actions">
        <span className="filter-then">{t('Then')}</span>
        <div className="filter-action-fields">
          <div className="filter-action-field">
            <label htmlFor={`${id}-move`}>{t('Move to folder')}</label>
            <select id={`${id}-move`} value={rule.moveTo} onChange={(event) => onChange({ moveTo: event.target.value })}>
              <option value="">{t('Do not move')}</option>
              {missingFolder && <option value={rule.moveTo}>{t('{{folder}} (no longer exists)', { folder: rule.moveTo })}</option>}
              {folders.map((folder) => (
                <option key={folder.path} value={folder.path}>
                  {'\u00a0'.repeat(folder.depth * 2)}
                  {folder.name}
                </option>
              ))}
            </select>
          </div>
          <div className="filter-action-field">
            <label htmlFor={`${id}-forward`}>{t('Forward a copy to')}</label>
            <input id={`${id}-forward`} type="email" value={rule.forwardTo} placeholder={ADDRESS_EXAMPLE} onChange={(event) => onChange({ forwardTo: event.target.value })} />
          </div>
        </div>
        <div className="filter-action-flags">
          <label className="settings-choice">
            <input type="checkbox" checked={rule.markRead} onChange={(event) => onChange({ markRead: event.target.checked })} />
            {t('Mark as read')}
          </label>
          <label className="settings-choice">
            <input type="checkbox" checked={rule.flag} onChange={(event) => onChange({ flag: event.target.checked })} />
            {t('Flag')}
          </label>
          <label className="settings-choice">
            <input type="checkbox" checked={rule.delete} onChange={(event) => onChange({ delete: event.target.checked })} />
            {t('Delete (move to Trash)')}
          </label>
          <label className="settings-choice">
            <input type="checkbox" checked={rule.stop} onChange={(event) => onChange({ stop: event.target.checked })} />
            <span>
              {t('Stop here')}
              <span className="settings-choice-hint">{t('No later rule runs for this message, nor the auto-reply.')}</span>
            </span>
          </label>
        </div>
      </div>

      {problems.length > 0 && (
        <ul id={problemsId} className="settings-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {/* Keyed by the rule: progress shown is for the rule as it is now (an edit or a removal ends a run). */}
      <ApplyNow key={JSON.stringify(rule)} rule={rule} index={index} folders={folders} />
    </fieldset>
  );
}

interface ApplyProgress {
  looked: number;
  total: number;
  matched: number;
  state: 'running' | 'done' | 'cancelled';
}

function progressText({ looked, total, matched, state }: ApplyProgress, t: ReturnType<typeof useT>): string {
  const format = new Intl.NumberFormat(currentLocale());
  const numbers = { looked: format.format(looked), total: total ? format.format(total) : '…', matched: format.format(matched) };
  if (state === 'done') return t('Done: {{matched}} of {{total}} messages matched.', numbers);
  if (state === 'cancelled') return t('Cancelled after {{looked}} of {{total}} messages; {{matched}} matched.', numbers);
  return t('Looked at {{looked}} of {{total}} messages; {{matched}} matched.', numbers);
}

/** "Apply to this folder now": the rule over the mail already there, one window per request, with progress. */
function ApplyNow({ rule, index, folders }: { rule: FilterRule; index: number; folders: Folder[] }) {
  const t = useT();
  const queryClient = useQueryClient();
  const inbox = folders.find((folder) => folder.specialUse === 'inbox')?.path ?? 'INBOX';
  const [folder, setFolder] = useState<string | null>(null);
  const [progress, setProgress] = useState<ApplyProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef<AbortController | null>(null);
  const target = folder ?? inbox;

  useEffect(() => () => running.current?.abort(), []);

  async function apply() {
    const problem = filterRuleProblems(rule, index)[0];
    if (problem) {
      setError(problem.message);
      return;
    }
    const controller = new AbortController();
    running.current = controller;
    setError(null);
    let current: ApplyProgress = { looked: 0, total: 0, matched: 0, state: 'running' };
    setProgress(current);
    setBusy(true);
    try {
      let after: number | null = 0;
      while (after !== null) {
        const result = await applyFilterWindow({ rule, folder: target, after }, controller.signal);
        const looked = current.looked + result.looked;
        current = { looked, total: looked + result.remaining, matched: current.matched + result.matched, state: result.next === null ? 'done' : 'running' };
        setProgress(current);
        after = result.next;
      }
    } catch (err) {
      if (controller.signal.aborted) setProgress({ ...current, state: 'cancelled' });
      else setError(err instanceof ApiError ? err.message : t('The rule could not be applied.'));
    } finally {
      running.current = null;
      setBusy(false);
      void queryClient.invalidateQueries({ queryKey: mailKeys.all });
    }
  }

  return (
    <div className="filter-apply">
      <select aria-label={t('Folder to apply rule {{number}} to', { number: index + 1 })} value={target} disabled={busy} onChange={(event) => setFolder(event.target.value)}>
        {folders.map((candidate) => (
          <option key={candidate.path} value={candidate.path}>
            {candidate.name}
          </option>
        ))}
        {folders.length === 0 && <option value={inbox}>{t('Inbox')}</option>}
      </select>
      {busy ? (
        <button type="button" className="button" onClick={() => running.current?.abort()}>
          {t('Cancel')}
        </button>
      ) : (
        <button type="button" className="button" onClick={() => void apply()}>
          {t('Apply to this folder now')}
        </button>
      )}
      {rule.forwardTo && <p className="settings-hint">{t('Forwarding applies to new mail only.')}</p>}
      {progress && (
        <p role="status" className="filter-apply-progress">
          <progress max={progress.total || 1} value={progress.looked} /> {progressText(progress, t)}
        </p>
      )}
      {error && (
        <p className="settings-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
