import { useEffect } from 'preact/hooks';
import { cleanCode } from './flow';

interface OtpCredentialRequest extends CredentialRequestOptions {
  otp: { transport: string[] };
}

/** WebOTP: where the browser has it, the code from the SMS (ending "@host #code") fills in with one tap. */
export function useWebOtp(enabled: boolean, onCode: (code: string) => void) {
  useEffect(() => {
    if (!enabled || !('OTPCredential' in window)) {
      return;
    }
    const abort = new AbortController();
    navigator.credentials.get({ otp: { transport: ['sms'] }, signal: abort.signal } as OtpCredentialRequest)
      .then(credential => {
        const code = (credential as unknown as { code?: string } | null)?.code;
        if (code) {
          onCode(cleanCode(code));
        }
      })
      .catch(() => { /* dismissed, aborted or unsupported: the field still works */ });
    return () => abort.abort();
  }, [enabled]);
}
