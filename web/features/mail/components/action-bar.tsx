import { useGetMail } from '../commands/get-mail';
import { RefreshIcon } from './icons';

/**
 * Mail's commands. Only those that work today are here; "New", "Reply",
 * "Reply All", "Forward", "Spam" and "Delete" arrive with their features.
 */
export function ActionBar({ folder }: { folder: string | null }) {
  const { getMail, isFetching } = useGetMail(folder);
  return (
    <div className="action-bar">
      <button type="button" className="button" onClick={getMail} aria-busy={isFetching}>
        <span className={isFetching ? 'spin' : undefined}>
          <RefreshIcon />
        </span>
        Get Mail
      </button>
    </div>
  );
}
