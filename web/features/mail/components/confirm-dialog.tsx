import { Modal } from '../../../components/modal';
import { useT } from '../i18n';

interface ConfirmDialogProps {
  title: string;
  body?: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Delete 3 messages for good?": the question names what goes; Escape or "Cancel" keeps it. */
export default function ConfirmDialog({ title, body, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const t = useT();
  return (
    <Modal title={title} onClose={onClose} className="confirm-dialog">
      {body && <p className="modal-body">{body}</p>}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('Cancel')}
        </button>
        <button
          type="button"
          className="button button-danger"
          data-autofocus
          onClick={() => {
            onClose();
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
