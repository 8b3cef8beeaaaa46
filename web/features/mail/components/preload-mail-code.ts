import { loadMenu } from '../../../components/lazy-menu';
import { loadConfirmDialog, loadMoveFolderDialog, loadShortcutsDialog } from './dialog-host';
import { preloadReader } from './message-view';

/** The reader, menus and dialogs: not on the first screen, fetched once it is up so the first click never waits for code. */
export const preloadMailPageCode = () => Promise.all([preloadReader(), loadMenu(), loadConfirmDialog(), loadShortcutsDialog(), loadMoveFolderDialog()]);
