import { EDIT_SCOPES, type EditScope } from '../../../../shared/api/calendar';
import { Modal } from '../../../components/modal';
import { msg } from '../../../lib/i18n/i18n';
import { useT } from '../i18n';

const SCOPE_LABELS: Record<EditScope, string> = {
  this: msg('This event'),
  following: msg('This and following events'),
  all: msg('All events'),
};

interface ScopeDialogProps {
  action: 'change' | 'delete';
  onChoose: (scope: EditScope) => void;
  onClose: () => void;
}

/** A repeating event: "This event", "This and following events" or "All events". */
export function ScopeDialog({ action, onChoose, onClose }: ScopeDialogProps) {
  const t = useT();
  return (
    <Modal title={action === 'delete' ? t('Delete a repeating event') : t('Change a repeating event')} onClose={onClose} className="scope-dialog">
      <p className="modal-body">{action === 'delete' ? t('Which events do you want to delete?') : t('Which events do you want to change?')}</p>
      <div className="modal-actions scope-actions">
        {EDIT_SCOPES.map((scope, index) => (
          <button key={scope} type="button" className={action === 'delete' ? 'button button-danger' : 'button'} data-autofocus={index === 0 ? true : undefined} onClick={() => onChoose(scope)}>
            {t(SCOPE_LABELS[scope])}
          </button>
        ))}
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('Cancel')}
        </button>
      </div>
    </Modal>
  );
}

interface ConfirmProps {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}

export function ConfirmDelete({ title, body, confirmLabel, onConfirm, onClose }: ConfirmProps) {
  const t = useT();
  return (
    <Modal title={title} onClose={onClose} className="confirm-dialog">
      <p className="modal-body">{body}</p>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('Cancel')}
        </button>
        <button type="button" className="button button-danger" data-autofocus onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
