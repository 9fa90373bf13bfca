import type { Schemas } from '../api/client';
import { formatTime } from './status';

type ParticipantView = Schemas['ParticipantView'];

/**
 * What the console says about a participant's code: whether the agent can read it out, and when and why not. The API
 * decides (`otpViewable`, `otpViewableAt` of the session view); this only puts its answer into words. An Auto OTP code
 * is for the participant's own phone or inbox: the agent sees it only when it did not arrive (its send failed, or no
 * delivery report confirmed it for the policy's delay), so that whoever holds only the link cannot get it by phoning.
 */
export function codeNote(p: ParticipantView, time: (iso: string) => string = formatTime): string {
  if (p.otp.mode === 'manual') {
    return p.otpViewable ? 'Focus or hover to show the code, then read it out.' : 'The code can be shown once the customer is on the code page.';
  }
  const where = p.otp.channel === 'email' ? 'inbox' : 'phone';
  if (p.otpViewable) {
    return p.otpDelivery.status === 'failed'
      ? 'Send failed — you can read it out.'
      : 'Not confirmed as arrived — you can read it out.';
  }
  if (p.otpViewableAt) {
    return `Sent to the participant's ${where} — viewable at ${time(p.otpViewableAt)} if it does not arrive.`;
  }
  if (p.status === 'awaiting_otp' && p.otpDelivery.status === 'delivered') {
    return 'Delivered — ask them to look again or resend.';
  }
  if (p.status === 'awaiting_otp' && p.otpDelivery.status !== 'failed') {
    return `Sending to the participant's ${where} — viewable a little after it is sent if it does not arrive.`;
  }
  return 'The code goes to the customer automatically.';
}

/**
 * The words for a refused code view (`GET …/otp`): the two answers of an Auto OTP code that may be on the participant's
 * phone get the same sentences as the status icon; `retryAfter` (seconds) says when a pending one may be shown.
 */
export function refusedCodeNote(code: string | undefined, retryAfter: number | null, now: number = Date.now(),
  time: (iso: string) => string = formatTime): string | null {
  if (code === 'otp_delivery_pending') {
    return retryAfter
      ? `Sent to the participant — viewable at ${time(new Date(now + retryAfter * 1000).toISOString())} if it does not arrive.`
      : 'Sending to the participant — viewable a little after it is sent if it does not arrive.';
  }
  if (code === 'otp_delivered') {
    return 'Delivered — ask them to look again or resend.';
  }
  return null;
}
