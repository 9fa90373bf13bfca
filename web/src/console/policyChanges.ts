import type { Schemas } from '../api/client';

/** A change of a team's policy that waits for a second administrator (`GET /api/admin/teams/{team}/policy/changes`). */
export type PolicyChange = Schemas['PolicyChange'];

/** "7 Jan 2030, 09:00" in the reader's locale: when a change was asked for or expires. */
export function formatWhen(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Who asked and what happens next, from the reader's side: the requester waits, another administrator decides. */
export function pendingNote(change: PolicyChange, locale?: string): string {
  const until = formatWhen(change.expiresAt, locale);
  return change.requestedByYou
    ? `You asked for this change. It waits for another administrator of the team to approve it (until ${until}).`
    : `Asked by ${change.requesterId}. It applies only when another administrator approves it; it expires ${until}.`;
}

/** The page's message after a save the API answered 202: nothing applied yet. */
export function savedPendingText(team: string, change: PolicyChange, locale?: string): string {
  return `Not applied yet: this change weakens the rules for team ${team} (${change.weakened.join(', ')}), so another `
    + `administrator of the team must approve it. It waits until ${formatWhen(change.expiresAt, locale)}.`;
}

/** The value a change asks for, as the page shows it: `null` means the team goes back to the system value. */
export function requestedValue(value: unknown, show: (value: unknown) => string): string {
  return value === null || value === undefined ? 'the system value' : show(value);
}
