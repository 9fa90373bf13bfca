import type { Locale } from './flow';

/** What this tab remembers across a reload: the invite token until it is used, then the access token. */
export interface StoredCredentials {
  invite: string | null;
  access: string | null;
  locale?: Locale | null;
}

const key = 'otp-sessions.join';

/**
 * Per-tab storage (sessionStorage: gone with the tab, never shared with another tab or device). A link opened
 * again brings its token in the fragment: that starts a new entry, which authenticates again.
 */
export function credentialStore(storage: Storage = sessionStorage) {
  return {
    load(fromLink: string | null): StoredCredentials {
      if (fromLink) {
        const fresh = { invite: fromLink, access: null };
        storage.setItem(key, JSON.stringify(fresh));
        return fresh;
      }
      try {
        const saved = JSON.parse(storage.getItem(key) ?? 'null') as StoredCredentials | null;
        return saved ?? { invite: null, access: null };
      } catch {
        return { invite: null, access: null };
      }
    },
    save(credentials: StoredCredentials) {
      storage.setItem(key, JSON.stringify(credentials));
    },
    clear() {
      storage.removeItem(key);
    },
  };
}
