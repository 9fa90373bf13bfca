import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../src/api/client';
import { errorsByPerson } from '../src/console/serverErrors';

describe('errorsByPerson', () => {
  it('puts each field error on its person and field', () => {
    const { people, other } = errorsByPerson({
      'participants[1].otp.address': ['Not a phone number.'],
      'participants[0].invite.address': ['Not an email address.'],
      reference: ['Too long.'],
    }, 2, 'participants');
    expect(people[0]).toEqual({ inviteAddress: 'Not an email address.' });
    expect(people[1]).toEqual({ otpAddress: 'Not a phone number.' });
    expect(other).toEqual(['Too long.']);
  });

  it('reads a single person body without a prefix, in any case', () => {
    expect(errorsByPerson({ Name: ['Required.'] }, 1, '').people[0]).toEqual({ name: 'Required.' });
  });
});

describe('retryAfterSeconds', () => {
  const response = (value: string | null) => new Response(null, { headers: value === null ? {} : { 'Retry-After': value } });
  it('reads delta seconds and HTTP dates', () => {
    expect(retryAfterSeconds(response('30'))).toBe(30);
    expect(retryAfterSeconds(response(new Date(10_000).toUTCString()), 1_000)).toBe(9);
    expect(retryAfterSeconds(response(null))).toBeNull();
    expect(retryAfterSeconds(response('soon'))).toBeNull();
  });
});
