import { EDIT_SCOPES, EDIT_SCOPE_LABELS, type EditScope } from '../../../../shared/api/calendar';
import { Modal } from '../../../components/modal';

interface ScopeDialogProps {
  action: 'change' | 'delete';
  onChoose: (scope: EditScope) => void;
  onClose: () => void;
}

/** A repeating event: "This event", "This and following events" or "All events". */
export function ScopeDialog({ action, onChoose, onClose }: ScopeDialogProps) {
  return (
    <Modal title={action === 'delete' ? 'Delete a repeating event' : 'Change a repeating event'} onClose={onClose} className="scope-dialog">
      <p className="modal-body">{action === 'delete' ? 'Which events do you want to delete?' : 'Which events do you want to change?'}</p>
      <div className="modal-actions scope-actions">
        {EDIT_SCOPES.map((scope, index) => (
          <button key={scope} type="button" className={action === 'delete' ? 'button button-danger' : 'button'} data-autofocus={index === 0 ? true : undefined} onClick={() => onChoose(scope)}>
            {EDIT_SCOPE_LABELS[scope]}
          </button>
        ))}
        <button type="button" className="button button-quiet" onClick={onClose}>
          Cancel
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
  return (
    <Modal title={title} onClose={onClose} className="confirm-dialog">
      <p className="modal-body">{body}</p>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-danger" data-autofocus onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
