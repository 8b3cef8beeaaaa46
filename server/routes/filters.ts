import { Hono } from 'hono';
import {
  applyFilterRequestSchema,
  filterFromMessageQuerySchema,
  filtersSettingsSchema,
  type ApplyFilterResult,
  type FilterRule,
  type FiltersResponse,
} from '../../shared/api/filters';
import { contentVersion } from '../../shared/content-version';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import { requireSession } from '../http/session-middleware';
import { ifMatch, parseInput, parseQuery, readJson } from '../http/validate';
import { applyFilterWindow, filterFromMessage, requireFilterFolders, scriptFolders } from '../filtering/filters-on-mailbox';

/** "Filters" (issue 17): rules the mail server runs at delivery, kept in the user's Sieve script with anti-spam and auto-reply. */
export const filterRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const { filters } = await c.var.deps.sieveSettings.load(c.var.session);
    return c.json<FiltersResponse>(responseOf(filters));
  })
  .put('/', async (c) => {
    const rules = parseInput(filtersSettingsSchema, await readJson(c));
    const { imap, sieveSettings } = c.var.deps;
    const folders = await imap.run(c.var.session, async ({ client }) => {
      await requireFilterFolders(client, rules);
      return scriptFolders(client);
    });
    const { filters } = await sieveSettings.saveFilters(c.var.session, rules, () => Promise.resolve(folders), ifMatch(c));
    return c.json<FiltersResponse>(responseOf(filters));
  })
  .get('/from-message', async (c) => {
    const { folder, uid } = parseQuery(filterFromMessageQuerySchema, c);
    const rule = await c.var.deps.imap.run(c.var.session, ({ client }) => filterFromMessage(client, folder, uid));
    return c.json<FilterRule>(rule);
  })
  .post('/apply', async (c) => {
    const { rule, folder, after } = parseInput(applyFilterRequestSchema, await readJson(c));
    // The rule as the user sees it in the form, checked as a save would check it (its number does not matter here).
    const problem = filtersSettingsSchema.safeParse([rule]).error?.issues[0];
    if (problem) throw new DomainError('bad_request', problem.message.replace(/^Rule 1: /, ''));
    const result = await c.var.deps.imap.run(c.var.session, ({ client }) => applyFilterWindow(client, rule, folder, after));
    return c.json<ApplyFilterResult>(result);
  });

function responseOf(rules: FilterRule[]): FiltersResponse {
  return { rules, version: contentVersion(rules) };
}
