/** What the "not me" page shows. It asks once, then reports; each answer leads to exactly one screen. */
export type NotMeScreen =
  | { kind: 'no_link' }
  | { kind: 'ask' }
  | { kind: 'sending' }
  | { kind: 'done' }
  | { kind: 'cancelled' }
  | { kind: 'link_invalid' }
  | { kind: 'failed' };

/** A report token is base64url of 16 bytes: 22 characters. */
const reportTokenPattern = /^[A-Za-z0-9_-]{22}$/;

/** The report token from the link's fragment (`/not-me#<token>`), or null when there is none that could be one. */
export function readReportToken(hash: string): string | null {
  let token: string;
  try {
    token = decodeURIComponent(hash.replace(/^#/, '')).trim();
  } catch {
    return null;
  }
  return reportTokenPattern.test(token) ? token : null;
}

/** The screen after `POST /api/not-me` answered with `status` (null: no answer at all). */
export function screenForReport(status: number | null): NotMeScreen {
  if (status === 202) {
    return { kind: 'done' };
  }
  if (status === 404) {
    return { kind: 'link_invalid' };
  }
  return { kind: 'failed' };
}
