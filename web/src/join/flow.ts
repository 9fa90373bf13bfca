import type { Schemas } from '../api/client';

/** What happened to the last try on the passkey page. */
export type PasskeyNotice = { kind: 'cancelled' } | { kind: 'invalid'; attemptsRemaining: number | null };

export type OtpStatus = Schemas['OtpStatus'];
export type Locale = Schemas['Locale'];

/** What the customer's page shows. One screen at a time; each API answer leads to exactly one. */
export type Screen =
  | { kind: 'loading' }
  | { kind: 'no_link' }
  | { kind: 'link_invalid' }
  | { kind: 'link_expired'; sent: boolean; waitUntil: number | null }
  | { kind: 'enter' }
  | { kind: 'otp'; status: OtpStatus; notice: Notice | null }
  | { kind: 'locked'; until: number }
  | { kind: 'banned' }
  | { kind: 'passkey'; notice: PasskeyNotice | null }
  | { kind: 'entered'; offerPasskey?: boolean }
  | { kind: 'signed_out' }
  | { kind: 'ended' }
  | { kind: 'failed'; reason: 'network' | 'busy' | 'unknown' };

/** A message on the code page: after a wrong or expired code, a resend, or a refusal to send yet. */
export type Notice =
  | { kind: 'wrong_code'; attemptsRemaining: number | null }
  | { kind: 'code_expired' }
  | { kind: 'code_sent_again' }
  | { kind: 'new_code' }
  | { kind: 'wait'; until: number }
  | { kind: 'busy' };

const tokenPattern = /^[A-Za-z0-9_-]{22,128}$/;

/** The invite token from the link's fragment (`/join#<token>`), or null when there is none that could be one. */
export function readInviteToken(hash: string): string | null {
  const token = decodeURIComponent(hash.replace(/^#/, '')).trim();
  return tokenPattern.test(token) ? token : null;
}

/**
 * The screen for a refusal that ends the current step, or null when the refusal belongs on the current screen
 * (a wrong code, a send refused for now). `retryAfter` is the response's Retry-After in seconds.
 */
export function screenForProblem(code: string | undefined, retryAfter: number | null, now: number): Screen | null {
  switch (code) {
    case 'link_invalid':
      return { kind: 'link_invalid' };
    case 'link_expired':
      return { kind: 'link_expired', sent: false, waitUntil: null };
    case 'participant_locked':
      return { kind: 'locked', until: now + (retryAfter ?? 60) * 1000 };
    case 'participant_banned':
      return { kind: 'banned' };
    case 'unauthorized':
      return { kind: 'ended' };
    default:
      return null;
  }
}

/** The notice on the code page after a refused verification. */
export function noticeForVerify(code: string | undefined, attemptsRemaining: number | undefined, retryAfter: number | null, now: number): Notice {
  switch (code) {
    case 'otp_invalid':
      return { kind: 'wrong_code', attemptsRemaining: attemptsRemaining ?? null };
    case 'otp_expired':
      return { kind: 'code_expired' };
    case 'too_many_requests':
      return { kind: 'wait', until: now + (retryAfter ?? 30) * 1000 };
    default:
      return { kind: 'busy' };
  }
}

/** Whole seconds from now until a moment (never negative). */
export function secondsUntil(moment: number | string | null | undefined, now: number): number {
  if (moment === null || moment === undefined) {
    return 0;
  }
  const at = typeof moment === 'number' ? moment : Date.parse(moment);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/** 75 → "1:15", 3600 → "60:00". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Digits only, as typed or pasted ("482 913", "482-913" → "482913"). */
export function cleanCode(value: string): string {
  return value.replace(/\D/g, '').slice(0, 10);
}

/** The page's language: the participant's locale once known, before that the first of the browser's we speak, else English. */
export function pickLocale(participantLocale: Locale | undefined, browserLanguages: readonly string[], supported: readonly Locale[]): Locale {
  if (participantLocale) {
    return participantLocale;
  }
  for (const tag of browserLanguages) {
    const language = tag.toLowerCase().split('-')[0] as Locale;
    if (supported.includes(language)) {
      return language;
    }
  }
  return 'en';
}
