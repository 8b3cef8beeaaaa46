import type { Invitation, InvitationAction } from '../../../../shared/api/calendar';
import './invitation-card.css';
import type { MessageDetail } from '../../../../shared/api/messages';
import { useAnswerInvitation, useInvitation, type InvitationPart } from '../api/invitations';

const ANSWERS: Array<[InvitationAction, string, Invitation['myResponse']]> = [
  ['accept', 'Accept', 'ACCEPTED'],
  ['tentative', 'Tentative', 'TENTATIVE'],
  ['decline', 'Decline', 'DECLINED'],
];
const ANSWERED: Record<Invitation['myResponse'], string> = {
  ACCEPTED: 'You accepted this invitation.',
  TENTATIVE: 'You said you might attend.',
  DECLINED: 'You declined this invitation.',
  'NEEDS-ACTION': '',
};

/** When, in the reader's zone; the event's own zone is named when it differs. All text, never HTML (SPEC §5: calendar fields shown as HTML were an XSS route). */
function when(invitation: Invitation): string {
  if (invitation.allDay) return new Date(`${invitation.start}T12:00:00`).toLocaleDateString(undefined, { dateStyle: 'full' });
  const start = new Date(invitation.start);
  const end = new Date(invitation.end);
  const range = `${start.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' })} – ${end.toLocaleTimeString(undefined, { timeStyle: 'short' })}`;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return invitation.timeZone !== zone && invitation.timeZone !== 'UTC' ? `${range} (your time; set in ${invitation.timeZone})` : range;
}

function InvitationCard({ at }: { at: InvitationPart }) {
  const invitation = useInvitation(at);
  const answer = useAnswerInvitation(at);
  if (invitation.isPending) return null;
  if (invitation.isError) {
    return (
      <section className="invitation-card" aria-label="Invitation">
        <p className="invitation-note">This calendar attachment cannot be shown: {invitation.error.message}</p>
      </section>
    );
  }
  const event = invitation.data;
  const cancelled = event.method === 'CANCEL';
  return (
    <section className="invitation-card" aria-label="Invitation">
      <p className="invitation-kind">{cancelled ? 'Cancelled event' : event.method === 'REQUEST' ? 'Invitation' : 'Event'}</p>
      <h3 className="invitation-title">{event.title || '(no title)'}</h3>
      <p>{when(event)}{event.repeating && ', repeating'}</p>
      {event.location && <p>{event.location}</p>}
      {event.organizer && <p className="invitation-note">Organiser: {event.organizer.name ? `${event.organizer.name} <${event.organizer.email}>` : event.organizer.email}</p>}
      {event.method === 'REQUEST' && (
        <div className="invitation-actions" role="group" aria-label="Your answer">
          {ANSWERS.map(([action, label, status]) => (
            <button
              key={action}
              type="button"
              className={event.myResponse === status ? 'button button-primary' : 'button'}
              aria-pressed={event.myResponse === status}
              disabled={answer.isPending}
              onClick={() => answer.mutate(action)}
            >
              {label}
            </button>
          ))}
        </div>
      )}
      {event.method === 'REQUEST' && event.myResponse !== 'NEEDS-ACTION' && (
        <p className="invitation-note" role="status">
          {ANSWERED[event.myResponse]} {event.inCalendar ? 'It is in your calendar.' : ''}
        </p>
      )}
      {event.method === 'PUBLISH' &&
        (event.inCalendar ? (
          <p className="invitation-note" role="status">
            It is in your calendar.
          </p>
        ) : (
          <button type="button" className="button" disabled={answer.isPending} onClick={() => answer.mutate('add')}>
            Add to calendar
          </button>
        ))}
      {cancelled && event.inCalendar && (
        <button type="button" className="button" disabled={answer.isPending} onClick={() => answer.mutate('remove')}>
          Remove from calendar
        </button>
      )}
      {cancelled && !event.inCalendar && <p className="invitation-note">It is not in your calendar.</p>}
      {answer.error && (
        <p className="invitation-error" role="alert">
          {answer.error.message}
        </p>
      )}
    </section>
  );
}

/** One card per calendar part of the message (invitations, updates, cancellations). */
export function InvitationCards({ detail }: { detail: MessageDetail }) {
  const parts = detail.attachments.filter((attachment) => attachment.contentType === 'text/calendar');
  return (
    <>
      {parts.map((attachment) => (
        <InvitationCard key={attachment.part} at={{ folder: detail.folder, uid: detail.uid, part: attachment.part }} />
      ))}
    </>
  );
}
