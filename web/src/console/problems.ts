import type { Problem } from '../api/client';

const messages: Record<string, string> = {
  unauthorized: 'Your sign-in has expired. Sign in again.',
  session_not_found: 'This session does not exist or has expired.',
  otp_channel_must_differ: 'The code must go over the other channel than the invitation.',
  otp_channel_required: 'Your team requires a code channel for every participant.',
  reference_invalid: 'The reference must not contain an email address or a phone number.',
  sms_country_not_allowed: 'Your team does not allow SMS to that country.',
  participant_not_reassignable: 'This participant can no longer be reassigned.',
  too_many_requests: 'Too many sends: wait a moment and try again.',
  otp_view_disabled: 'Your team does not let agents see codes.',
  otp_not_available: 'There is no code to show right now.',
  otp_delivery_pending: 'The code is on its way to the participant: it can be shown if it does not arrive.',
  otp_delivered: 'Delivered — ask them to look again or resend.',
  participant_locked: 'The participant is locked after too many wrong codes.',
  forbidden: 'Only administrators can do this.',
  precondition_failed: 'Someone else changed this since you read it: load it again.',
  invalid_request: 'Some values are not valid.',
  busy: 'The service is busy: try again in a moment.',
  network_error: 'The API did not answer. Check your connection and try again.',
};

/** A sentence for the agent for a problem response (or for no answer at all). */
export function describeProblem(problem: Partial<Problem> | undefined): string {
  if (!problem) {
    return 'The API did not answer. Check your connection and try again.';
  }
  return (problem.code && messages[problem.code]) ?? problem.detail ?? problem.title ?? 'Something went wrong.';
}
