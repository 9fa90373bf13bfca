import type { Schemas } from '../api/client';

export type ParticipantStatus = Schemas['ParticipantView']['status'];

/** Icon and words for each participant status (the icon is decoration; the words are what is read out). */
export const statusLabels: Record<ParticipantStatus, { icon: string; label: string }> = {
  invited: { icon: '✉', label: 'Invited' },
  opened: { icon: '◔', label: 'Opened the link' },
  awaiting_otp: { icon: '◑', label: 'On the code page' },
  authenticated: { icon: '✔', label: 'Authenticated' },
  locked: { icon: '⚠', label: 'Locked' },
  banned: { icon: '⊘', label: 'Banned' },
  reassigned: { icon: '⇄', label: 'Reassigned' },
  removed: { icon: '✕', label: 'Removed' },
  reported: { icon: '⚑', label: 'Reported “not me”' },
};

/** Whether the agent can still act on the participant (resend, reassign). */
export function isCurrent(status: ParticipantStatus): boolean {
  return status !== 'reassigned' && status !== 'removed';
}

/** A recipient said "not me": its link, code and access are stopped and nothing more is sent; the agent reassigns. */
export function isReported(status: ParticipantStatus): boolean {
  return status === 'reported';
}

/** Whether the agent may resend the invitation (not to an authenticated or a reported participant). */
export function canResend(status: ParticipantStatus): boolean {
  return isCurrent(status) && status !== 'authenticated' && !isReported(status);
}

export function canReassign(status: ParticipantStatus): boolean {
  return isCurrent(status) && status !== 'authenticated';
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** "482913" → "482 913": easier to read out over the phone. */
export function groupCode(code: string): string {
  return code.length > 4 ? code.replace(/(\d{3})(?=\d)/g, '$1 ') : code;
}
