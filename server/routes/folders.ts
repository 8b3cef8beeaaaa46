import { Hono } from 'hono';
import { createFolderRequestSchema, deleteFolderQuerySchema, updateFolderRequestSchema } from '../../shared/api/actions';
import type { Folder, FolderList } from '../../shared/api/folders';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery, readJson } from '../http/validate';
import { createFolder, deleteFolder, updateFolder } from '../mail/imap/folder-admin';
import { listFolders } from '../mail/imap/folders';

export const folderRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const list = await c.var.deps.imap.run(c.var.session, ({ client }) => listFolders(client));
    return c.json<FolderList>(list);
  })
  .post('/', async (c) => {
    const folder = await createFolder(c.var.deps.imap, c.var.session, parseInput(createFolderRequestSchema, await readJson(c)));
    c.var.deps.live.notifyChanged(c.var.session.email, [folder.path]);
    return c.json<Folder>(folder, 201);
  })
  .patch('/', async (c) => {
    const request = parseInput(updateFolderRequestSchema, await readJson(c));
    const folder = await updateFolder(c.var.deps.imap, c.var.session, request);
    c.var.deps.live.notifyChanged(c.var.session.email, [request.path, folder.path]);
    return c.json<Folder>(folder);
  })
  .delete('/', async (c) => {
    const { path } = parseQuery(deleteFolderQuerySchema, c);
    await deleteFolder(c.var.deps.imap, c.var.session, path);
    c.var.deps.live.notifyChanged(c.var.session.email, [path]);
    return c.body(null, 204);
  });
