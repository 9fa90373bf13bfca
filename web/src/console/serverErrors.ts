import type { PersonErrors } from './participantForm';

const fieldOf: Record<string, keyof PersonErrors> = {
  name: 'name',
  'invite.address': 'inviteAddress',
  'invite.channel': 'inviteChannel',
  invite: 'inviteAddress',
  'otp.address': 'otpAddress',
  'otp.channel': 'otpAddress',
  otp: 'otpAddress',
};

/**
 * Spreads a problem's `errors` (field path → messages, e.g. `participants[1].otp.address`) over the people of a
 * form; `prefix` is the path of the people list (`participants`) or empty for a single person's body.
 * Paths that name no field of a person come back in `other`.
 */
export function errorsByPerson(errors: Record<string, string[]> | undefined, count: number, prefix: string):
  { people: PersonErrors[]; other: string[] } {
  const people: PersonErrors[] = Array.from({ length: count }, () => ({}));
  const other: string[] = [];
  for (const [path, messages] of Object.entries(errors ?? {})) {
    const message = messages.join(' ');
    const match = prefix ? new RegExp(`^${prefix}\\[(\\d+)\\]\\.(.+)$`, 'i').exec(path) : /^()(.+)$/.exec(path);
    const index = match && prefix ? Number(match[1]) : 0;
    const field = match ? fieldOf[lowerFirst(match[2] ?? '')] : undefined;
    const person = people[index];
    if (field && person) {
      person[field] = message;
    } else {
      other.push(message);
    }
  }
  return { people, other };
}

function lowerFirst(path: string): string {
  return path.split('.').map(p => p.charAt(0).toLowerCase() + p.slice(1)).join('.');
}
