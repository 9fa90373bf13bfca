import { describe, expect, it } from 'vitest';
import {
  type ChannelPolicy, emptyPerson, otpChannelFor, toParticipantInput, validatePerson,
} from '../src/console/participantForm';
import { languageName, languages } from '../src/console/languages';

/** The system defaults: a code is required, the OTP channel is optional, email codes are allowed, SMS to any country. */
const defaultChannelPolicy: ChannelPolicy = { requireOtp: true, requireOtpChannel: false, allowEmailOtp: true, allowedSmsCountries: [] };

const dana = { ...emptyPerson('primary'), name: 'Dana Cole', inviteChannel: 'email' as const, inviteAddress: 'dana@example.com', otpAddress: '+14155550100' };

describe('channel rule', () => {
  it('sends the code over the other channel than the link', () => {
    expect(otpChannelFor('email')).toBe('sms');
    expect(otpChannelFor('sms')).toBe('email');
    expect(toParticipantInput(dana, defaultChannelPolicy).otp).toEqual({ channel: 'sms', address: '+14155550100' });
    const lee = { ...dana, inviteChannel: 'sms' as const, inviteAddress: '+14155550101', otpAddress: 'lee@example.com' };
    expect(toParticipantInput(lee, defaultChannelPolicy).otp).toEqual({ channel: 'email', address: 'lee@example.com' });
  });

  it('leaves the OTP channel out for manual OTP', () => {
    const input = toParticipantInput({ ...dana, autoOtp: false }, defaultChannelPolicy);
    expect(input.otp).toBeUndefined();
    expect(validatePerson({ ...dana, autoOtp: false, otpAddress: '' }, defaultChannelPolicy)).toEqual({});
  });

  it('forbids email codes when the policy does: an SMS invitation then has manual OTP only', () => {
    const noEmailOtp: ChannelPolicy = { ...defaultChannelPolicy, allowEmailOtp: false };
    const lee = { ...dana, inviteChannel: 'sms' as const, inviteAddress: '+14155550101', otpAddress: 'lee@example.com' };
    expect(toParticipantInput(lee, noEmailOtp).otp).toBeUndefined();
    expect(validatePerson(lee, noEmailOtp)).toEqual({});
  });

  it('requires an OTP channel for everybody when the policy does', () => {
    const required: ChannelPolicy = { ...defaultChannelPolicy, requireOtpChannel: true };
    expect(validatePerson({ ...dana, autoOtp: false, otpAddress: '' }, required).otpAddress).toBeDefined();
    expect(toParticipantInput({ ...dana, autoOtp: false }, required).otp).toBeDefined();
    const lee = { ...dana, inviteChannel: 'sms' as const, inviteAddress: '+14155550101', otpAddress: 'lee@example.com' };
    expect(validatePerson(lee, { ...required, allowEmailOtp: false }).inviteChannel).toMatch(/invite by email/);
  });

  it('sends no code channel when the policy requires no code', () => {
    expect(toParticipantInput(dana, { ...defaultChannelPolicy, requireOtp: false }).otp).toBeUndefined();
  });
});

describe('addresses', () => {
  it('accepts E.164 phones and email addresses, and names what is wrong otherwise', () => {
    expect(validatePerson({ ...dana, inviteAddress: 'dana@' }, defaultChannelPolicy).inviteAddress).toMatch(/email/);
    expect(validatePerson({ ...dana, otpAddress: '0415 555 0100' }, defaultChannelPolicy).otpAddress).toMatch(/\+14155550100/);
    expect(validatePerson({ ...dana, name: '  ' }, defaultChannelPolicy).name).toBeDefined();
    expect(validatePerson({ ...dana, name: 'x'.repeat(101) }, defaultChannelPolicy).name).toBeDefined();
    expect(validatePerson(dana, defaultChannelPolicy)).toEqual({});
  });

  it('sends the person’s language, or none so that the phone number’s country picks it', () => {
    expect(toParticipantInput({ ...dana, locale: 'es' }, defaultChannelPolicy).locale).toBe('es');
    expect('locale' in toParticipantInput({ ...dana, locale: '' }, defaultChannelPolicy)).toBe(false);
    expect(emptyPerson('primary').locale).toBe('');
  });

  it('names each participant’s language in English for the console', () => {
    expect(languageName('fr')).toBe('French');
    expect(languageName('ar')).toBe('Arabic');
    expect(languages.map(l => l.value)).toEqual(['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl', 'tr', 'ar']);
  });

  it('trims what it sends', () => {
    const input = toParticipantInput({ ...dana, name: ' Dana ', inviteAddress: ' dana@example.com ' }, defaultChannelPolicy);
    expect(input).toMatchObject({ name: 'Dana', invite: { address: 'dana@example.com' } });
  });
});
