import { describe, expect, it } from 'vitest';
import type { Policy } from '../src/console/participantForm';
import { formatDuration, policySummary } from '../src/console/policyText';
import { parseRoute } from '../src/console/route';

const policy: Policy = {
  team: 'retail', requireOtp: true, requireOtpChannel: false, allowEmailOtp: true, agentCanViewOtp: true,
  autoOtpViewDelaySeconds: 60, agentCanViewDeliveredOtp: false, codeLength: 6,
  codeLifetimeSeconds: 600, maxAttempts: 5, lockoutSeconds: 900, maxLockouts: 3, resendCooldownSeconds: 30, maxSendsPerHour: 5,
  inviteLinkLifetimeSeconds: 604800, sessionLifetimeSeconds: 2592000, accessTokenLifetimeSeconds: 43200, allowedSmsCountries: [], allowPasskeys: true, policyChangesNeedApproval: false,
};

describe('formatDuration', () => {
  it('reads seconds as an agent would say them', () => {
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(90)).toBe('1 min 30 s');
    expect(formatDuration(30)).toBe('30 s');
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(604800)).toBe('7 days');
  });
});

describe('policySummary', () => {
  it('states the code rules, the channels and where SMS may go', () => {
    expect(policySummary(policy)).toEqual([
      'Participants enter a 6-digit code, valid 10 min; 5 wrong codes lock them out for 15 min.',
      'Without a code channel you read the code out (manual).',
      'Codes may go by SMS or email.',
      'You can see a code once the participant is on the code page; an automatic one only if it does not arrive '
        + '(1 min after it was sent, or at once if the send failed).',
      'SMS goes to any country.',
    ]);
  });

  it('follows the team: channel required, no email codes, a country list, no viewing', () => {
    const strict = policySummary({ ...policy, requireOtpChannel: true, allowEmailOtp: false, agentCanViewOtp: false, allowedSmsCountries: ['US', 'CA'], codeLength: 8 });
    expect(strict).toContain('Every participant needs an automatic code channel (Auto OTP).');
    expect(strict).toContain('Codes may go by SMS only (not by email): invite by email.');
    expect(strict).toContain('Agents cannot see codes.');
    expect(strict).toContain('SMS goes to US, CA.');
    expect(strict[0]).toMatch(/^Participants enter a 8-digit code/);
  });

  it('says when no code is needed at all', () => {
    expect(policySummary({ ...policy, requireOtp: false })[0]).toBe('Participants enter without a code (your team does not require one).');
  });
});

describe('parseRoute', () => {
  it('knows the sessions list, a session and the settings page', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute('#/sessions/s_0123abc')).toEqual({ page: 'session', sessionId: 's_0123abc' });
    expect(parseRoute('#/admin/policy')).toEqual({ page: 'admin' });
    expect(parseRoute('#/sessions/../x')).toEqual({ page: 'home' });
  });
});
