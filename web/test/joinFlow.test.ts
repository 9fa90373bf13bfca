import { describe, expect, it } from 'vitest';
import {
  cleanCode, formatCountdown, noticeForVerify, readInviteToken, screenForProblem, secondsUntil,
} from '../src/join/flow';
import { credentialStore } from '../src/join/credentials';

const token = 'AbCdEfGhIjKlMnOpQrStUv_-12';

describe('the invite token in the fragment', () => {
  it('is read from #<token> and nothing else', () => {
    expect(readInviteToken(`#${token}`)).toBe(token);
    expect(readInviteToken('')).toBeNull();
    expect(readInviteToken('#short')).toBeNull();
    expect(readInviteToken('#has spaces in it and is long enough')).toBeNull();
    expect(readInviteToken(`#${'a'.repeat(129)}`)).toBeNull();
  });
});

describe('refusals', () => {
  const now = 1_000_000;
  it('end the step on an invalid or expired link, a lock (for Retry-After) or a ban', () => {
    expect(screenForProblem('link_invalid', null, now)).toEqual({ kind: 'link_invalid' });
    expect(screenForProblem('link_expired', null, now)).toMatchObject({ kind: 'link_expired', sent: false });
    expect(screenForProblem('participant_locked', 900, now)).toEqual({ kind: 'locked', until: now + 900_000 });
    expect(screenForProblem('participant_banned', null, now)).toEqual({ kind: 'banned' });
  });

  it('stay on the code page for a wrong or expired code, with the attempts left', () => {
    expect(screenForProblem('otp_invalid', null, now)).toBeNull();
    expect(noticeForVerify('otp_invalid', 3, null, now)).toEqual({ kind: 'wrong_code', attemptsRemaining: 3 });
    expect(noticeForVerify('otp_expired', undefined, null, now)).toEqual({ kind: 'code_expired' });
    expect(noticeForVerify('too_many_requests', undefined, 12, now)).toEqual({ kind: 'wait', until: now + 12_000 });
    expect(noticeForVerify('busy', undefined, 1, now)).toEqual({ kind: 'busy' });
  });
});

describe('countdowns and codes', () => {
  it('counts whole seconds down to zero', () => {
    expect(secondsUntil(10_500, 1_000)).toBe(10);
    expect(secondsUntil(new Date(31_000).toISOString(), 1_000)).toBe(30);
    expect(secondsUntil(500, 1_000)).toBe(0);
    expect(secondsUntil(null, 1_000)).toBe(0);
    expect(formatCountdown(75)).toBe('1:15');
    expect(formatCountdown(900)).toBe('15:00');
    expect(formatCountdown(5)).toBe('0:05');
  });

  it('keeps only the digits of a typed or pasted code', () => {
    expect(cleanCode('482 913')).toBe('482913');
    expect(cleanCode('482-913\n')).toBe('482913');
    expect(cleanCode('abc')).toBe('');
  });
});

describe('credentialStore', () => {
  function memoryStorage(): Storage {
    const map = new Map<string, string>();
    return {
      get length() { return map.size; },
      clear: () => map.clear(),
      getItem: k => map.get(k) ?? null,
      key: i => [...map.keys()][i] ?? null,
      removeItem: k => { map.delete(k); },
      setItem: (k, v) => { map.set(k, v); },
    };
  }

  it('starts a new entry from a link and forgets an earlier access token', () => {
    const storage = memoryStorage();
    const store = credentialStore(storage);
    store.save({ invite: null, access: 'old-access' });
    expect(store.load(token)).toEqual({ invite: token, access: null });
    expect(store.load(null)).toEqual({ invite: token, access: null });
  });

  it('remembers the access token across a reload until cleared', () => {
    const store = credentialStore(memoryStorage());
    store.save({ invite: null, access: 'a1', locale: 'es' });
    expect(store.load(null)).toEqual({ invite: null, access: 'a1', locale: 'es' });
    store.clear();
    expect(store.load(null)).toEqual({ invite: null, access: null });
  });
});
