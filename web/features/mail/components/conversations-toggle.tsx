import { contentVersion } from '../../../../shared/content-version';
import { usePreferences, useSavePreferences } from '../../../lib/preferences';
import { useMailUiStore } from '../stores/mail-ui-store';
import { showToast } from '../stores/toast-store';
import { useT } from '../i18n';
import './threads.css';

/**
 * "Conversations": the list groups messages into threads. Remembered per user
 * in the Display preferences, so every device and tab shows the list the same way.
 */
export function ConversationsToggle() {
  const t = useT();
  const { preferences, isSuccess } = usePreferences();
  const save = useSavePreferences();
  const on = preferences.display.conversations;
  const toggle = () => {
    // Rows of one kind are no rows of the other: start the list afresh.
    const ui = useMailUiStore.getState();
    ui.setView(ui.view);
    ui.closeMessage();
    save.mutate(
      { section: 'display', value: { ...preferences.display, conversations: !on }, basedOn: contentVersion(preferences.display) },
      { onError: (error) => showToast({ tone: 'error', message: `${t('Could not change the list view.')} ${error.message}` }) },
    );
  };
  return (
    <button type="button" className="button button-small conversations-toggle" aria-pressed={on} disabled={!isSuccess || save.isPending} onClick={toggle}>
      {t('Conversations')}
    </button>
  );
}
