/**
 * The passkey sentences of the join page, in one place (English for now; they move into the page's translations as
 * they are: each key is a sentence).
 */
export const passkeyMessages = {
  offerTitle: 'Skip the code next time',
  offerText: 'Save a passkey on this device: next time, your link and your fingerprint, face or screen lock are enough — no code to wait for.',
  offerSave: 'Save a passkey',
  offerSkip: 'Not now',
  offerSaved: 'Passkey saved. Next time, use it instead of a code.',
  offerFailed: 'The passkey was not saved. You can keep using codes.',
  returnTitle: 'Welcome back',
  returnText: 'Use the passkey you saved on this device to enter. No code will be sent.',
  returnUse: 'Use my passkey',
  returnUseCode: 'Use a code instead',
  returnCancelled: 'The passkey was not used. Try again, or use a code instead.',
  returnInvalid: 'That passkey could not be verified.',
  returnAttemptsLeft: '{count} attempts left.',
} as const;

export type PasskeyMessageKey = keyof typeof passkeyMessages;

/** A passkey sentence with its `{placeholders}` filled. */
export function passkeyText(key: PasskeyMessageKey, values: Record<string, string | number> = {}): string {
  return passkeyMessages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
