import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { policyFields } from '../scripts/policy-fields.mjs';
import { type PolicyFieldSpec, type ProductLimit, describeRange, policyChanges, toFormValues, validatePolicyForm } from '../src/console/policyForm';
import type { Policy } from '../src/console/participantForm';

// The fields and ranges as the API's own OpenAPI document states them (what the page is generated from).
const document = JSON.parse(readFileSync(new URL('../../functions/OtpSessions.Functions/OpenApi/openapi.json', import.meta.url), 'utf8'));
const { fields, productLimits } = policyFields(document) as { fields: PolicyFieldSpec[]; productLimits: ProductLimit[] };

const systemPolicy: Policy = {
  team: 'retail', requireOtp: true, requireOtpChannel: false, allowEmailOtp: true, agentCanViewOtp: true,
  autoOtpViewDelaySeconds: 60, agentCanViewDeliveredOtp: false, codeLength: 6,
  codeLifetimeSeconds: 600, maxAttempts: 5, lockoutSeconds: 900, maxLockouts: 3, resendCooldownSeconds: 30, maxSendsPerHour: 5,
  inviteLinkLifetimeSeconds: 604800, sessionLifetimeSeconds: 2592000, accessTokenLifetimeSeconds: 43200, allowedSmsCountries: [], allowPasskeys: true, policyChangesNeedApproval: false,
};

const empty = () => toFormValues(fields, {});

describe('policy fields from the OpenAPI document', () => {
  it('lists every policy field with its kind and the NIST bounds', () => {
    expect(fields.map(f => f.name)).toEqual(Object.keys(systemPolicy).filter(k => k !== 'team'));
    expect(fields.find(f => f.name === 'codeLength')).toEqual({ name: 'codeLength', kind: 'integer', minimum: 6, maximum: 10 });
    expect(fields.find(f => f.name === 'codeLifetimeSeconds')).toMatchObject({ kind: 'seconds', minimum: 60, maximum: 600 });
    expect(fields.find(f => f.name === 'requireOtp')).toEqual({ name: 'requireOtp', kind: 'boolean' });
    expect(fields.find(f => f.name === 'allowedSmsCountries')).toMatchObject({ kind: 'countries', pattern: '^[A-Z]{2}$' });
    expect(productLimits).toEqual([{ fields: ['maxAttempts', 'maxLockouts'], maximum: 100 }]);
  });

  it('describes a range, durations in words too', () => {
    expect(describeRange(fields.find(f => f.name === 'codeLength')!)).toBe('6–10');
    expect(describeRange(fields.find(f => f.name === 'codeLifetimeSeconds')!)).toBe('60–600 seconds (1 min – 10 min)');
    expect(describeRange(fields.find(f => f.name === 'requireOtp')!)).toBe('');
  });
});

describe('validatePolicyForm', () => {
  it('refuses values outside the ranges, of the wrong kind, or bad country codes, before anything is sent', () => {
    const values = { ...empty(), codeLength: '4', codeLifetimeSeconds: '3600', maxSendsPerHour: 'five', allowedSmsCountries: 'US, USA, g1' };
    const errors = validatePolicyForm(fields, productLimits, values, {}, systemPolicy);
    expect(errors.codeLength).toBe('Must be 6–10.');
    expect(errors.codeLifetimeSeconds).toMatch(/60–600 seconds/);
    expect(errors.maxSendsPerHour).toBe('Enter a whole number.');
    expect(errors.allowedSmsCountries).toBe('Not two-letter country codes: USA, G1.');
    expect(Object.keys(errors)).toHaveLength(4);
  });

  it('accepts the bounds themselves and empty values (the system value)', () => {
    const values = { ...empty(), codeLength: '10', codeLifetimeSeconds: '60', resendCooldownSeconds: '0', allowedSmsCountries: 'us ca' };
    expect(validatePolicyForm(fields, productLimits, values, {}, systemPolicy)).toEqual({});
    expect(validatePolicyForm(fields, productLimits, empty(), {}, null)).toEqual({});
  });

  it('holds maxAttempts × maxLockouts to 100, using the value in force for a field left to the system', () => {
    // 20 × the system's 3 = 60: fine; 20 × 6 = 120: too many, blamed on the fields the admin typed.
    expect(validatePolicyForm(fields, productLimits, { ...empty(), maxAttempts: '20' }, {}, systemPolicy)).toEqual({});
    const both = validatePolicyForm(fields, productLimits, { ...empty(), maxAttempts: '20', maxLockouts: '6' }, {}, systemPolicy);
    expect(both.maxAttempts).toMatch(/maxAttempts × maxLockouts must be at most 100 \(now 120\)/);
    expect(both.maxLockouts).toBeDefined();
    const one = validatePolicyForm(fields, productLimits, { ...empty(), maxAttempts: '20' }, {}, { ...systemPolicy, maxLockouts: 6 });
    expect(Object.keys(one)).toEqual(['maxAttempts']);
    // A field whose override is being removed goes back to a system value this page does not know: the API decides.
    expect(validatePolicyForm(fields, productLimits, { ...empty(), maxAttempts: '20' }, { maxLockouts: 6 }, { ...systemPolicy, maxLockouts: 6 })).toEqual({});
  });
});

describe('policyChanges', () => {
  it('sends only what changed: new values typed, removed overrides as null', () => {
    const original = { codeLength: 8, allowedSmsCountries: ['US', 'CA'], agentCanViewOtp: false };
    const values = { ...toFormValues(fields, original), codeLength: '', maxAttempts: '4', allowedSmsCountries: 'us,ca', agentCanViewOtp: 'true' };

    expect(policyChanges(fields, values, original)).toEqual({ codeLength: null, maxAttempts: 4, agentCanViewOtp: true });
    expect(policyChanges(fields, toFormValues(fields, original), original)).toEqual({});
  });

  it('reads overrides into the form: booleans and numbers as text, countries as a list', () => {
    const values = toFormValues(fields, { requireOtp: false, lockoutSeconds: 600, allowedSmsCountries: ['US', 'GB'] });
    expect(values.requireOtp).toBe('false');
    expect(values.lockoutSeconds).toBe('600');
    expect(values.allowedSmsCountries).toBe('US, GB');
    expect(values.codeLength).toBe('');
  });
});
