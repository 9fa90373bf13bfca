import { describe, expect, it } from 'vitest';
import type { Schemas } from '../src/api/client';
import { codeNote, refusedCodeNote } from '../src/console/codeNote';

type ParticipantView = Schemas['ParticipantView'];

const time = (iso: string) => iso.slice(11, 16);

function auto(changes: Partial<ParticipantView>): ParticipantView {
  return {
    participantId: 'p_1', role: 'primary', name: 'Dana Cole', invite: { channel: 'email', address: 'd***@example.com' },
    otp: { channel: 'sms', address: '+1******0100', mode: 'auto' }, status: 'awaiting_otp',
    invitation: { status: 'sent' }, otpDelivery: { status: 'sent', sentAt: '2030-01-01T14:31:00Z' },
    otpViewable: false, otpViewableAt: null, lockedUntil: null, replacedBy: null, ...changes,
  } as ParticipantView;
}

describe('codeNote', () => {
  it('says when a code just sent to the phone becomes viewable', () => {
    expect(codeNote(auto({ otpViewableAt: '2030-01-01T14:32:00Z' }), time))
      .toBe("Sent to the participant's phone — viewable at 14:32 if it does not arrive.");
    expect(codeNote(auto({ otp: { channel: 'email', address: 'd***@example.com', mode: 'auto' }, otpViewableAt: '2030-01-01T14:32:00Z' }), time))
      .toBe("Sent to the participant's inbox — viewable at 14:32 if it does not arrive.");
  });

  it('says why a delivered code is not shown and that a failed one can be read out', () => {
    expect(codeNote(auto({ otpDelivery: { status: 'delivered' } }), time)).toBe('Delivered — ask them to look again or resend.');
    expect(codeNote(auto({ otpDelivery: { status: 'failed' }, otpViewable: true }), time)).toBe('Send failed — you can read it out.');
    expect(codeNote(auto({ otpViewable: true }), time)).toBe('Not confirmed as arrived — you can read it out.');
  });

  it('says a queued code is on its way, and before the code page that it goes automatically', () => {
    expect(codeNote(auto({ otpDelivery: { status: 'queued' } }), time)).toMatch(/^Sending to the participant's phone/);
    expect(codeNote(auto({ status: 'opened', otpDelivery: { status: 'none' } }), time)).toBe('The code goes to the customer automatically.');
  });

  it('keeps the manual wording', () => {
    const manual = auto({ otp: { mode: 'manual' }, otpDelivery: { status: 'none' }, status: 'opened' });
    expect(codeNote(manual, time)).toBe('The code can be shown once the customer is on the code page.');
  });
});

describe('refusedCodeNote', () => {
  it('turns the two refusals of an automatic code into the icon sentences', () => {
    const now = Date.parse('2030-01-01T14:31:30Z');
    expect(refusedCodeNote('otp_delivery_pending', 30, now, time)).toBe('Sent to the participant — viewable at 14:32 if it does not arrive.');
    expect(refusedCodeNote('otp_delivered', null, now, time)).toBe('Delivered — ask them to look again or resend.');
    expect(refusedCodeNote('otp_not_available', null, now, time)).toBeNull();
  });
});
