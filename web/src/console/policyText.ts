import type { Policy } from './participantForm';

/** 600 → "10 min", 90 → "1 min 30 s", 604800 → "7 days": durations as an agent reads them. */
export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0 && seconds > 0) {
    return plural(seconds / 86400, 'day');
  }
  if (seconds % 3600 === 0 && seconds > 0) {
    return plural(seconds / 3600, 'hour');
  }
  if (seconds >= 60) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  return `${seconds} s`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** "US, GB" or "any country": the countries SMS may go to. */
export function smsCountries(countries: readonly string[]): string {
  return countries.length ? countries.join(', ') : 'any country';
}

/**
 * The rules of the agent's effective policy that matter when inviting people, one sentence each, for the
 * "New session" dialog: whether a code is needed and how it works, which channels the code may use, where SMS may go.
 */
export function policySummary(policy: Policy): string[] {
  if (!policy.requireOtp) {
    return ['Participants enter without a code (your team does not require one).', `SMS invitations go to ${smsCountries(policy.allowedSmsCountries)}.`];
  }
  return [
    `Participants enter a ${policy.codeLength}-digit code, valid ${formatDuration(policy.codeLifetimeSeconds)}; `
      + `${policy.maxAttempts} wrong codes lock them out for ${formatDuration(policy.lockoutSeconds)}.`,
    policy.requireOtpChannel
      ? 'Every participant needs an automatic code channel (Auto OTP).'
      : 'Without a code channel you read the code out (manual).',
    policy.allowEmailOtp ? 'Codes may go by SMS or email.' : 'Codes may go by SMS only (not by email): invite by email.',
    policy.agentCanViewOtp
      ? `You can see a code once the participant is on the code page; an automatic one only if it does not arrive `
        + `(${formatDuration(policy.autoOtpViewDelaySeconds)} after it was sent, or at once if the send failed).`
      : 'Agents cannot see codes.',
    `SMS goes to ${smsCountries(policy.allowedSmsCountries)}.`,
  ];
}
