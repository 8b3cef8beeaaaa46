import { useEffect, useRef } from 'react';
import { FOREIGN_INVITATION_TEXT, OUTDATED_INVITATION_TEXT, type Invitation, type InvitationAction } from '../../../../shared/api/calendar';
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

const GUEST_ANSWERS: Record<Invitation['myResponse'], string> = {
  ACCEPTED: 'accepted',
  TENTATIVE: 'might attend',
  DECLINED: 'declined',
  'NEEDS-ACTION': 'has not answered yet',
};

function kindOf(event: Invitation): string {
  if (event.method === 'CANCEL') return event.occurrence ? 'Cancelled occurrence' : 'Cancelled event';
  if (event.method === 'REPLY') return 'Answer to your invitation';
  // An organiser raises SEQUENCE with every change that matters (RFC 5546 2.1.4).
  if (event.method === 'REQUEST') return event.occurrence ? 'Changed occurrence' : event.sequence > 0 ? 'Updated invitation' : 'Invitation';
  return 'Event';
}

/** What the message did (or does) to the copy in the user's calendar, in a sentence. */
function copyNote(event: Invitation, appliedNow: boolean): string {
  if (event.copy === 'foreign') return FOREIGN_INVITATION_TEXT;
  if (event.copy === 'pending') return event.senderWarning ? '' : 'Updating your calendar…';
  if (event.method === 'CANCEL') {
    if (event.copy === 'outdated') return 'The event was planned again after this cancellation: your calendar keeps it.';
    if (event.occurrence) return appliedNow ? 'This occurrence was removed from your calendar.' : event.copy === 'none' ? 'It is not in your calendar.' : 'This occurrence is not in your calendar.';
    return appliedNow ? 'It was removed from your calendar.' : 'It is not in your calendar.';
  }
  if (event.copy === 'outdated') return OUTDATED_INVITATION_TEXT;
  if (event.method === 'REPLY') return event.copy === 'current' ? 'Your calendar shows this answer.' : 'The event is not in your calendar.';
  if (appliedNow) return 'Your calendar now shows this update.';
  if (event.method === 'REQUEST') return event.myResponse === 'NEEDS-ACTION' ? '' : `${ANSWERED[event.myResponse]} ${event.copy === 'current' ? 'It is in your calendar.' : ''}`.trim();
  return event.copy === 'current' ? 'It is in your calendar.' : '';
}

function InvitationCard({ at }: { at: InvitationPart }) {
  const invitation = useInvitation(at);
  const answer = useAnswerInvitation(at);
  const pending = invitation.data?.copy === 'pending';
  // A change whose sender the mail server does not vouch for waits for the user's click.
  const applyAtOnce = pending && !invitation.data?.senderWarning;
  const askedToApply = useRef(false);
  // An update, a cancellation or a guest's answer is carried into the calendar as soon as it is shown: once per card.
  useEffect(() => {
    if (applyAtOnce && !askedToApply.current) {
      askedToApply.current = true;
      answer.mutate({ action: 'apply' });
    }
  }, [applyAtOnce, answer]);
  if (invitation.isPending) return null;
  if (invitation.isError) {
    return (
      <section className="invitation-card" aria-label="Invitation">
        <p className="invitation-note">This calendar attachment cannot be shown: {invitation.error.message}</p>
      </section>
    );
  }
  const event = invitation.data;
  const canAnswer = event.method === 'REQUEST' && event.copy !== 'outdated' && event.copy !== 'foreign';
  const appliedNow = answer.isSuccess && answer.variables.action === 'apply';
  const note = copyNote(event, appliedNow);
  return (
    <section className="invitation-card" aria-label="Invitation">
      <p className="invitation-kind">{kindOf(event)}</p>
      <h3 className="invitation-title">{event.title || '(no title)'}</h3>
      <p>
        {when(event)}
        {event.repeating && ', repeating'}
      </p>
      {event.location && <p>{event.location}</p>}
      {event.guestAnswer && (
        <p>
          {event.guestAnswer.name ? `${event.guestAnswer.name} <${event.guestAnswer.email}>` : event.guestAnswer.email} {GUEST_ANSWERS[event.guestAnswer.partstat]}.
        </p>
      )}
      {event.organizer && event.method !== 'REPLY' && (
        <p className="invitation-note">Organiser: {event.organizer.name ? `${event.organizer.name} <${event.organizer.email}>` : event.organizer.email}</p>
      )}
      {canAnswer && (
        <div className="invitation-actions" role="group" aria-label="Your answer">
          {ANSWERS.map(([action, label, status]) => (
            <button
              key={action}
              type="button"
              className={event.myResponse === status ? 'button button-primary' : 'button'}
              aria-pressed={event.myResponse === status}
              disabled={answer.isPending || pending}
              onClick={() => answer.mutate({ action })}
            >
              {label}
            </button>
          ))}
        </div>
      )}
      {event.method === 'PUBLISH' && event.copy === 'none' && (
        <button type="button" className="button" disabled={answer.isPending} onClick={() => answer.mutate({ action: 'add' })}>
          Add to calendar
        </button>
      )}
      {pending && event.senderWarning && (
        <div className="invitation-warning">
          <p>{event.senderWarning}</p>
          <button type="button" className="button" disabled={answer.isPending} onClick={() => answer.mutate({ action: 'apply', confirmed: true })}>
            {event.method === 'CANCEL' ? 'Remove from my calendar anyway' : 'Apply this change anyway'}
          </button>
        </div>
      )}
      {note && (
        <p className="invitation-note" role="status">
          {note}
        </p>
      )}
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
