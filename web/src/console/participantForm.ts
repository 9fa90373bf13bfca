import type { Schemas } from '../api/client';
import type { Locale } from './languages';

export type Channel = Schemas['Channel'];
export type Role = Schemas['Role'];

/** What the agent types for one person in the "New session", "Add participant" and "Reassign" dialogs. */
export interface PersonForm {
  role: Role;
  name: string;
  inviteChannel: Channel;
  inviteAddress: string;
  /** Send the code automatically over the other channel (Auto OTP); otherwise the agent reads it out. */
  autoOtp: boolean;
  otpAddress: string;
  /** The language of the person's messages and join page; '' lets the API pick it from the phone number's country. */
  locale: Locale | '';
}

/** The effective policy of the signed-in agent (`GET /api/policy`). */
export type Policy = Schemas['Policy'];

/** The parts of the effective policy that shape the person dialogs. */
export type ChannelPolicy = Pick<Policy, 'requireOtp' | 'requireOtpChannel' | 'allowEmailOtp' | 'allowedSmsCountries'>;

export type PersonErrors = Partial<Record<'name' | 'inviteChannel' | 'inviteAddress' | 'otpAddress', string>>;

export function emptyPerson(role: Role): PersonForm {
  return { role, name: '', inviteChannel: 'email', inviteAddress: '', autoOtp: true, otpAddress: '', locale: '' };
}

/** The channel rule: the code goes over the other channel than the link (link by email → code by SMS, and back). */
export function otpChannelFor(invite: Channel): Channel {
  return invite === 'email' ? 'sms' : 'email';
}

/** Whether this person may get the code automatically under the policy (email codes can be forbidden). */
export function canSendOtp(person: Pick<PersonForm, 'inviteChannel'>, policy: ChannelPolicy): boolean {
  return policy.requireOtp && (otpChannelFor(person.inviteChannel) === 'sms' || policy.allowEmailOtp);
}

/** Whether Auto OTP is mandatory for everybody (the policy requires an OTP channel). */
export function mustSendOtp(policy: ChannelPolicy): boolean {
  return policy.requireOtp && policy.requireOtpChannel;
}

const e164 = /^\+[1-9]\d{6,14}$/;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidAddress(channel: Channel, address: string): boolean {
  return channel === 'sms' ? e164.test(address.trim()) : email.test(address.trim()) && address.trim().length <= 254;
}

export function validatePerson(person: PersonForm, policy: ChannelPolicy): PersonErrors {
  const errors: PersonErrors = {};
  const name = person.name.trim();
  if (!name) {
    errors.name = 'Enter a name.';
  } else if (name.length > 100) {
    errors.name = 'At most 100 characters.';
  }
  if (!isValidAddress(person.inviteChannel, person.inviteAddress)) {
    errors.inviteAddress = person.inviteChannel === 'sms'
      ? 'Enter a phone number in international format, e.g. +14155550100.'
      : 'Enter an email address, e.g. dana@example.com.';
  }
  if (mustSendOtp(policy) && !canSendOtp(person, policy)) {
    errors.inviteChannel = 'Your policy requires a code channel and forbids email codes: invite by email so the code goes by SMS.';
  } else if (wantsOtp(person, policy) && !isValidAddress(otpChannelFor(person.inviteChannel), person.otpAddress)) {
    errors.otpAddress = otpChannelFor(person.inviteChannel) === 'sms'
      ? 'Enter the phone number for the code, e.g. +14155550100.'
      : 'Enter the email address for the code.';
  }
  return errors;
}

function wantsOtp(person: PersonForm, policy: ChannelPolicy): boolean {
  return canSendOtp(person, policy) && (person.autoOtp || mustSendOtp(policy));
}

/** The request body for one person; the OTP channel is always the other one, so the API's channel rule holds by construction. */
export function toParticipantInput(person: PersonForm, policy: ChannelPolicy): Schemas['ParticipantInput'] {
  const input: Schemas['ParticipantInput'] = {
    role: person.role,
    name: person.name.trim(),
    invite: { channel: person.inviteChannel, address: person.inviteAddress.trim() },
    ...(person.locale ? { locale: person.locale } : {}),
  };
  if (wantsOtp(person, policy)) {
    input.otp = { channel: otpChannelFor(person.inviteChannel), address: person.otpAddress.trim() };
  }
  return input;
}

export function hasErrors(errors: PersonErrors): boolean {
  return Object.keys(errors).length > 0;
}
