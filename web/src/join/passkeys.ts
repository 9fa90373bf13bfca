import type { ApiClient } from '../api/client';

/** WebAuthn Level 3's JSON helpers (Chromium, Safari and Firefox have them); without them the page keeps to codes. */
interface PublicKeyCredentialJson {
  parseCreationOptionsFromJSON(options: unknown): PublicKeyCredentialCreationOptions;
  parseRequestOptionsFromJSON(options: unknown): PublicKeyCredentialRequestOptions;
}

function json(): PublicKeyCredentialJson | null {
  const candidate = (globalThis as { PublicKeyCredential?: unknown }).PublicKeyCredential as Partial<PublicKeyCredentialJson> | undefined;
  return candidate && typeof candidate.parseCreationOptionsFromJSON === 'function' && typeof candidate.parseRequestOptionsFromJSON === 'function'
    && typeof navigator.credentials?.create === 'function' ? candidate as PublicKeyCredentialJson : null;
}

/** Whether this browser can save and use passkeys the way the page does. */
export function passkeysSupported(): boolean {
  return json() !== null;
}

const skippedKey = 'otp-sessions.passkey-offer-skipped';

/** "Not now" is remembered in this browser (localStorage): the offer never nags again here. */
export const passkeyOffer = {
  skipped(storage: Storage = localStorage): boolean {
    try {
      return storage.getItem(skippedKey) === '1';
    } catch {
      return true;
    }
  },
  skip(storage: Storage = localStorage) {
    try {
      storage.setItem(skippedKey, '1');
    } catch {
      // Storage refused: the offer may come back, which is harmless.
    }
  },
};

/** Whether the person behind the access token may save a passkey now (the policy allows it, the entry was with a code). */
export async function mayOfferPasskey(me: ApiClient): Promise<boolean> {
  if (!passkeysSupported() || passkeyOffer.skipped()) {
    return false;
  }
  const result = await me.POST('/me/passkeys/options').catch(() => null);
  return Boolean(result?.data);
}

/** Asks the device for a new passkey and saves it: true when saved. */
export async function savePasskey(me: ApiClient): Promise<boolean> {
  const helpers = json();
  if (!helpers) {
    return false;
  }
  try {
    const options = await me.POST('/me/passkeys/options');
    if (!options.data) {
      return false;
    }
    const credential = await navigator.credentials.create({ publicKey: helpers.parseCreationOptionsFromJSON(options.data) }) as PublicKeyCredential | null;
    if (!credential) {
      return false;
    }
    const saved = await me.POST('/me/passkeys', { body: credential.toJSON() as never });
    return Boolean(saved.data);
  } catch {
    return false;
  }
}

/** The answer of entering with a passkey: the access token, or why not ('cancelled' when the person or the device said no). */
export type PasskeyEntry =
  | { kind: 'entered'; accessToken: string }
  | { kind: 'cancelled' }
  | { kind: 'refused'; code: string; attemptsRemaining: number | null; response: Response };

/** Enters with a passkey through the invite link: options, the device's assertion, verification. No code is sent. */
export async function enterWithPasskey(join: ApiClient): Promise<PasskeyEntry> {
  const helpers = json();
  if (!helpers) {
    return { kind: 'cancelled' };
  }
  const options = await join.POST('/join/passkey/options');
  if (!options.data) {
    return { kind: 'refused', code: options.error?.code ?? 'unknown_error', attemptsRemaining: null, response: options.response };
  }
  let credential: PublicKeyCredential | null;
  try {
    credential = await navigator.credentials.get({ publicKey: helpers.parseRequestOptionsFromJSON(options.data) }) as PublicKeyCredential | null;
  } catch {
    return { kind: 'cancelled' };
  }
  if (!credential) {
    return { kind: 'cancelled' };
  }
  const verified = await join.POST('/join/passkey/verify', { body: credential.toJSON() as never });
  if (verified.data) {
    return { kind: 'entered', accessToken: verified.data.accessToken };
  }
  const error = verified.error as { code?: string; attemptsRemaining?: number } | undefined;
  return { kind: 'refused', code: error?.code ?? 'unknown_error', attemptsRemaining: error?.attemptsRemaining ?? null, response: verified.response };
}
