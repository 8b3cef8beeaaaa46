import { Hono } from 'hono';
import type { FolderList } from '../../shared/api/folders';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { listFolders } from '../mail/imap/folders';

export const folderRoutes = new Hono<AppEnv>().use(requireSession).get('/', async (c) => {
  const list = await c.var.deps.imap.run(c.var.session, ({ client }) => listFolders(client));
  return c.json<FolderList>(list);
});
