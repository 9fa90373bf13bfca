import { describe, expect, it } from 'vitest';
import { type PolicyChange, pendingNote, requestedValue, savedPendingText } from '../src/console/policyChanges';

const change: PolicyChange = {
  changeId: 'c_5b1f0e9a2c4d6e8f0a1b2c3d', status: 'pending', fields: ['requireOtp', 'codeLength'], weakened: ['requireOtp'],
  values: { requireOtp: false, codeLength: 8 }, requesterId: 'admin-3', requestedByYou: false,
  requestedAt: '2030-01-01T09:00:00Z', expiresAt: '2030-01-08T09:00:00Z', deciderId: null, decidedAt: null,
};

describe('pending policy changes', () => {
  it('tells another administrator who asked and that it applies only on approval', () => {
    expect(pendingNote(change, 'en-GB')).toMatch(/^Asked by admin-3\. It applies only when another administrator approves it; it expires 8 Jan 2030/);
  });

  it('tells the requester that it waits for someone else', () => {
    expect(pendingNote({ ...change, requestedByYou: true }, 'en-GB')).toMatch(/^You asked for this change\. It waits for another administrator/);
  });

  it('says after a save which fields made it wait', () => {
    expect(savedPendingText('retail', change, 'en-GB')).toMatch(/^Not applied yet: this change weakens the rules for team retail \(requireOtp\)/);
  });

  it('shows a removed override as the system value', () => {
    expect(requestedValue(null, String)).toBe('the system value');
    expect(requestedValue(8, String)).toBe('8');
  });
});
