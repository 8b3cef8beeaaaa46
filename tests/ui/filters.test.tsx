import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { NEW_FILTER_RULE, type ApplyFilterResult, type FilterRule, type FiltersResponse } from '../../shared/api/filters';
import { resetSettingsDrafts } from '../../web/features/settings/stores/drafts-store';
import { makeDetail, makeFolder, makeSpecialFolders, makeSummary } from './builders';
import { apiError, createFakeApi, json } from './fake-api';
import { renderApp } from './render';

vi.setConfig({ testTimeout: 30_000 });

const valueOf = (element: HTMLElement) => (element as HTMLInputElement).value;
const isChecked = (element: HTMLElement) => (element as HTMLInputElement).checked;
const rule = (overrides: Partial<FilterRule>): FilterRule => ({ ...NEW_FILTER_RULE, ...overrides });

/** The fake BFF with the filter routes: saves echo what was sent (guarded by If-Match), like the BFF. */
function filtersApi(options: Parameters<typeof createFakeApi>[0] = {}, rules: FilterRule[] = []) {
  const api = createFakeApi({ folders: [...makeSpecialFolders(), makeFolder({ path: 'Lists', name: 'Lists' })], ...options });
  let saved: FiltersResponse = { rules, version: 'v0' };
  let saves = 0;
  api.on('GET /api/filters', () => json(200, saved));
  api.on('PUT /api/filters', ({ body, headers }) => {
    if (headers.get('if-match') !== `"${saved.version}"`) return apiError(409, 'conflict', 'changed elsewhere', { version: saved.version });
    saved = { rules: body as FilterRule[], version: `v${++saves}` };
    return json(200, saved);
  });
  return api;
}

async function openFilters(api = filtersApi()) {
  resetSettingsDrafts();
  const view = renderApp({ path: '/settings/filters', api });
  await screen.findByRole('form', { name: 'Filters' }, { timeout: 10_000 });
  return view;
}

const ruleGroup = (n: number) => within(screen.getByRole('group', { name: `Rule ${n}` }));

describe('Settings → "Filters"', () => {
  it('adds, reorders and disables rules, and saves them in order', async () => {
    const api = filtersApi();
    const { user } = await openFilters(api);
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.type(ruleGroup(1).getByLabelText('Text to look for'), 'news@example.org');
    await user.selectOptions(ruleGroup(1).getByLabelText('Move to folder'), 'Lists');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.selectOptions(ruleGroup(2).getByLabelText('Look at'), 'header');
    await user.type(ruleGroup(2).getByLabelText('Header name'), 'List-Id');
    await user.type(ruleGroup(2).getByLabelText('Text to look for'), 'dev.lists.example');
    await user.click(ruleGroup(2).getByLabelText('Mark as read'));

    await user.click(screen.getByRole('button', { name: 'Move rule 2 up' }));
    expect(valueOf(ruleGroup(1).getByLabelText('Header name'))).toBe('List-Id');
    expect(valueOf(ruleGroup(2).getByLabelText('Text to look for'))).toBe('news@example.org');
    // The moved rule keeps the focus, now as rule 1.
    expect(document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Rule 1');
    await user.click(ruleGroup(2).getByLabelText('Enabled'));
    expect(screen.getByRole('link', { name: /^Filters\s*\(not saved yet\)$/ })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    expect(await screen.findByText(/Filters saved/)).toBeTruthy();
    expect(api.callsTo('PUT', '/api/filters')[0]?.body).toEqual([
      rule({ field: 'header', header: 'List-Id', value: 'dev.lists.example', markRead: true }),
      rule({ value: 'news@example.org', moveTo: 'Lists', enabled: false }),
    ]);
    expect(api.callsTo('PUT', '/api/filters')[0]?.headers.get('if-match')).toBe('"v0"');
    expect(isChecked(ruleGroup(2).getByLabelText('Enabled'))).toBe(false);
  });

  it('names the rule and the problem, saves nothing until fixed, and shows the server\'s refusal of a missing folder', async () => {
    const api = filtersApi();
    const { user } = await openFilters(api);
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.type(ruleGroup(1).getByLabelText('Text to look for'), 'a@b.com');
    await user.click(ruleGroup(1).getByLabelText('Flag'));
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.click(ruleGroup(2).getByLabelText('Flag'));
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Rule 2: type the text to look for.');
    expect(ruleGroup(2).getByText('Rule 2: type the text to look for.')).toBeTruthy();
    expect(api.callsTo('PUT', '/api/filters')).toHaveLength(0);

    await user.type(ruleGroup(2).getByLabelText('Text to look for'), 'x');
    await user.selectOptions(ruleGroup(2).getByLabelText('Move to folder'), 'Lists');
    const message = 'Rule 2: the folder "Lists" does not exist.';
    api.on('PUT /api/filters', () => apiError(400, 'bad_request', message, { fields: { '1.moveTo': message } }));
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(ruleGroup(2).getByText(message)).toBeTruthy();
    expect(valueOf(ruleGroup(2).getByLabelText('Text to look for'))).toBe('x');
  });

  it('"Apply to this folder now" goes through the folder window by window and shows its progress', async () => {
    const api = filtersApi();
    const windows: ApplyFilterResult[] = [
      { looked: 1000, matched: 2, remaining: 27, next: 1000 },
      { looked: 27, matched: 1, remaining: 0, next: null },
    ];
    let answerSecond = (_: Response) => {};
    api.on('POST /api/filters/apply', ({ body }) =>
      (body as { after: number }).after === 0 ? json(200, windows[0]) : new Promise<Response>((resolve) => (answerSecond = resolve)),
    );
    const { user } = await openFilters(api);
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.type(ruleGroup(1).getByLabelText('Text to look for'), 'invoice');
    await user.selectOptions(ruleGroup(1).getByLabelText('Move to folder'), 'Lists');
    await user.click(ruleGroup(1).getByRole('button', { name: 'Apply to this folder now' }));
    await waitFor(() => expect(ruleGroup(1).getByRole('status').textContent).toContain('Looked at 1,000 of 1,027 messages; 2 matched.'));
    expect(ruleGroup(1).getByRole('button', { name: 'Cancel' })).toBeTruthy();
    answerSecond(json(200, windows[1]));
    await waitFor(() => expect(ruleGroup(1).getByRole('status').textContent).toContain('Done: 3 of 1,027 messages matched.'));
    expect(ruleGroup(1).getByRole('button', { name: 'Apply to this folder now' })).toBeTruthy();
    expect(api.callsTo('POST', '/api/filters/apply').map((call) => call.body)).toEqual([
      { rule: rule({ value: 'invoice', moveTo: 'Lists' }), folder: 'INBOX', after: 0 },
      { rule: rule({ value: 'invoice', moveTo: 'Lists' }), folder: 'INBOX', after: 1000 },
    ]);
  });
});

describe('"Create filter" in the reading pane', () => {
  it('opens Filters with a new rule from the message, after the rules already there, ready to finish', async () => {
    const detail = makeDetail({ uid: 7, subject: 'Weekly digest' });
    const api = filtersApi({ messages: { INBOX: [makeSummary({ uid: 7, subject: 'Weekly digest' })] }, details: [detail] }, [rule({ value: 'old@example.org', flag: true })]);
    api.on('GET /api/filters/from-message', () => json(200, rule({ field: 'header', header: 'List-Id', match: 'contains', value: 'digest.lists.example' })));
    resetSettingsDrafts();
    const { user, currentPath } = renderApp({ api });
    await user.click(await screen.findByRole('option', { name: /Weekly digest/ }));
    await user.click(await screen.findByRole('button', { name: 'Create filter' }));

    await screen.findByRole('form', { name: 'Filters' }, { timeout: 10_000 });
    expect(currentPath()).toBe('/settings/filters?new');
    expect(api.callsTo('GET', '/api/filters/from-message')[0]?.query.toString()).toBe('folder=INBOX&uid=7');
    expect(valueOf(ruleGroup(1).getByLabelText('Text to look for'))).toBe('old@example.org');
    expect(valueOf(ruleGroup(2).getByLabelText('Look at'))).toBe('header');
    expect(valueOf(ruleGroup(2).getByLabelText('Header name'))).toBe('List-Id');
    expect(valueOf(ruleGroup(2).getByLabelText('Text to look for'))).toBe('digest.lists.example');
    await waitFor(() => expect(document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Rule 2'));
    expect(screen.getByRole('link', { name: /^Filters\s*\(not saved yet\)$/ })).toBeTruthy();
    // The reading pane started loading its HTML renderer: let it finish before the page goes.
    await import('../../web/features/mail/components/html-body');
  });
});
