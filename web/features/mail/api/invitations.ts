import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { invitationSchema, type InvitationAction } from '../../../../shared/api/calendar';
import { apiPath, request } from '../../../lib/api-client';
import { mailKeys } from '../../../lib/mail-keys';

export interface InvitationPart {
  folder: string;
  uid: number;
  part: string;
}

const invitationKey = ({ folder, uid, part }: InvitationPart) => [...mailKeys.all, 'invitation', folder, uid, part] as const;

export function useInvitation(at: InvitationPart) {
  return useQuery({
    queryKey: invitationKey(at),
    queryFn: ({ signal }) => request(apiPath('/api/invitations', { folder: at.folder, uid: at.uid, part: at.part }), { schema: invitationSchema, signal }),
  });
}

/**
 * Accept, Tentative, Decline (the answer goes to the organiser, the event into the calendar), Add (a published event),
 * Apply (an update, cancellation or guest's answer; `confirmed` when the user clicked to apply one the mail server does not vouch for).
 */
export function useAnswerInvitation(at: InvitationPart) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answer: { action: InvitationAction; confirmed?: boolean }) => request('/api/invitations/respond', { method: 'POST', body: { ...at, ...answer } }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: invitationKey(at) });
      // The calendar's cached ranges now miss (or still show) the event.
      void queryClient.invalidateQueries({ queryKey: ['calendar', 'events'] });
    },
  });
}
