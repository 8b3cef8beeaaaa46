import { useEffect, useRef } from 'react';
import type { Invitation, InvitationAction } from '../../../../shared/api/calendar';
import { currentLocale, msg } from '../../../lib/i18n/i18n';
import './invitation-card.css';
import type { MessageDetail } from '../../../../shared/api/messages';
import { useAnswerInvitation, useInvitation, type InvitationPart } from '../api/invitations';
import { t, useT } from '../i18n';

const ANSWERS: Array<[InvitationAction, string, Invitation['myResponse']]> = [
  ['accept', msg('Accept'), 'ACCEPTED'],
  ['tentative', msg('Tentative'), 'TENTATIVE'],
  ['decline', msg('Decline'), 'DECLINED'],
];
const ANSWERED: Record<Invitation['myResponse'], string> = {
  ACCEPTED: msg('You accepted this invitation.'),
  TENTATIVE: msg('You said you might attend.'),
  DECLINED: msg('You declined this invitation.'),
  'NEEDS-ACTION': '',
};

/** When, in the reader's zone; the event's own zone is named when it differs. All text, never HTML (SPEC §5: calendar fields shown as HTML were an XSS route). */
function when(invitation: Invitation): string {
  const locale = currentLocale();
  if (invitation.allDay) return new Date(`${invitation.start}T12:00:00`).toLocaleDateString(locale, { dateStyle: 'full' });
  const start = new Date(invitation.start);
  const end = new Date(invitation.end);
  const range = `${start.toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short' })} – ${end.toLocaleTimeString(locale, { timeStyle: 'short' })}`;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return invitation.timeZone !== zone && invitation.timeZone !== 'UTC' ? t('{{range}} (your time; set in {{zone}})', { range, zone: invitation.timeZone }) : range;
}

/** "Ann <ann@example.com> accepted.": the guest is `{{guest}}`, so each language places the name where it goes. */
const GUEST_ANSWERS: Record<Invitation['myResponse'], string> = {
  ACCEPTED: msg('{{guest}} accepted.'),
  TENTATIVE: msg('{{guest}} might attend.'),
  DECLINED: msg('{{guest}} declined.'),
  'NEEDS-ACTION': msg('{{guest}} has not answered yet.'),
};

function person({ name, email }: { name: string; email: string }): string {
  return name ? `${name} <${email}>` : email;
}

function kindOf(event: Invitation): string {
  if (event.method === 'CANCEL') return event.occurrence ? t('Cancelled occurrence') : t('Cancelled event');
  if (event.method === 'REPLY') return t('Answer to your invitation');
  // An organiser raises SEQUENCE with every change that matters (RFC 5546 2.1.4).
  if (event.method === 'REQUEST') return event.occurrence ? t('Changed occurrence') : event.sequence > 0 ? t('Updated invitation') : t('Invitation');
  return t('Event');
}

/** What the message did (or does) to the copy in the user's calendar, in a sentence. */
function copyNote(event: Invitation, appliedNow: boolean): string {
  // The foreign and outdated notes are FOREIGN_INVITATION_TEXT and OUTDATED_INVITATION_TEXT
  // of shared/api/calendar.ts (the server's refusals say the same): keep them alike.
  if (event.copy === 'foreign') return t('An event with the same identity from another organiser is in your calendar; this message does not change it.');
  if (event.copy === 'pending') return event.senderWarning ? '' : t('Updating your calendar…');
  if (event.method === 'CANCEL') {
    if (event.copy === 'outdated') return t('The event was planned again after this cancellation: your calendar keeps it.');
    if (event.occurrence) {
      return appliedNow ? t('This occurrence was removed from your calendar.') : event.copy === 'none' ? t('It is not in your calendar.') : t('This occurrence is not in your calendar.');
    }
    return appliedNow ? t('It was removed from your calendar.') : t('It is not in your calendar.');
  }
  if (event.copy === 'outdated') return t('This invitation has changed since: your calendar has a newer version. Answer from the newest message.');
  if (event.method === 'REPLY') return event.copy === 'current' ? t('Your calendar shows this answer.') : t('The event is not in your calendar.');
  if (appliedNow) return t('Your calendar now shows this update.');
  if (event.method === 'REQUEST') {
    if (event.myResponse === 'NEEDS-ACTION') return '';
    const answered = t(ANSWERED[event.myResponse]);
    return event.copy === 'current' ? `${answered} ${t('It is in your calendar.')}` : answered;
  }
  return event.copy === 'current' ? t('It is in your calendar.') : '';
}

function InvitationCard({ at }: { at: InvitationPart }) {
  const t = useT();
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
      <section className="invitation-card" aria-label={t('Invitation')}>
        <p className="invitation-note">{t('This calendar attachment cannot be shown: {{reason}}', { reason: invitation.error.message })}</p>
      </section>
    );
  }
  const event = invitation.data;
  const canAnswer = event.method === 'REQUEST' && event.copy !== 'outdated' && event.copy !== 'foreign';
  const appliedNow = answer.isSuccess && answer.variables.action === 'apply';
  const note = copyNote(event, appliedNow);
  return (
    <section className="invitation-card" aria-label={t('Invitation')}>
      <p className="invitation-kind">{kindOf(event)}</p>
      <h3 className="invitation-title">{event.title || t('(no title)')}</h3>
      <p>{event.repeating ? t('{{when}}, repeating', { when: when(event) }) : when(event)}</p>
      {event.location && <p>{event.location}</p>}
      {event.guestAnswer && (
        <p>{t(GUEST_ANSWERS[event.guestAnswer.partstat], { guest: person(event.guestAnswer) })}</p>
      )}
      {event.organizer && event.method !== 'REPLY' && (
        <p className="invitation-note">{t('Organiser: {{organiser}}', { organiser: person(event.organizer) })}</p>
      )}
      {canAnswer && (
        <div className="invitation-actions" role="group" aria-label={t('Your answer')}>
          {ANSWERS.map(([action, label, status]) => (
            <button
              key={action}
              type="button"
              className={event.myResponse === status ? 'button button-primary' : 'button'}
              aria-pressed={event.myResponse === status}
              disabled={answer.isPending || pending}
              onClick={() => answer.mutate({ action })}
            >
              {t(label)}
            </button>
          ))}
        </div>
      )}
      {event.method === 'PUBLISH' && event.copy === 'none' && (
        <button type="button" className="button" disabled={answer.isPending} onClick={() => answer.mutate({ action: 'add' })}>
          {t('Add to calendar')}
        </button>
      )}
      {pending && event.senderWarning && (
        <div className="invitation-warning">
          <p>{event.senderWarning}</p>
          <button type="button" className="button" disabled={answer.isPending} onClick={() => answer.mutate({ action: 'apply', confirmed: true })}>
            {event.method === 'CANCEL' ? t('Remove from my calendar anyway') : t('Apply this change anyway')}
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
