import { useEffect, useRef, useState } from 'preact/hooks';
import { type Notice, type OtpStatus, cleanCode, formatCountdown, secondsUntil } from './flow';
import type { Translate } from './messages';
import { ActionButton } from './ActionButton';
import { Page } from './Page';
import type { Actions } from './useJoinFlow';
import { useWebOtp } from './webOtp';

/** The code page: the field for the one-time code, what happened to the last try, and sending the code again. */
export function CodeScreen({ status, notice, t, now, actions }: { status: OtpStatus; notice: Notice | null; t: Translate; now: number; actions: Actions }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const resendWait = Math.max(secondsUntil(status.resendAvailableAt, now), notice?.kind === 'wait' ? secondsUntil(notice.until, now) : 0);
  const expired = notice?.kind === 'code_expired';

  async function submit(value: string) {
    const clean = cleanCode(value);
    if (!clean) {
      setEmpty(true);
      input.current?.focus();
      return;
    }
    setEmpty(false);
    setBusy(true);
    await actions.verify(clean, status);
    setBusy(false);
  }

  // After a refusal, the field is cleared and focused again for the next try.
  useEffect(() => {
    if (notice?.kind === 'wrong_code' || notice?.kind === 'code_expired') {
      setCode('');
    }
    input.current?.focus();
  }, [notice]);

  useWebOtp(status.mode === 'auto', received => {
    setCode(received);
    void submit(received);
  });

  const message = empty ? t('enterTheCode') : noticeText(notice, t, now);
  const alert = empty || notice?.kind === 'wrong_code' || notice?.kind === 'code_expired' || notice?.kind === 'busy';
  return (
    <Page title={t('otpTitle')} focusKey={null}>
      <p class="lead">{status.mode === 'manual' ? t('manual') : status.sentTo ? t('sentTo', { address: status.sentTo }) : t('sentSoon')}</p>
      <form onSubmit={e => { e.preventDefault(); void submit(code); }} noValidate>
        <label for="code">{t('codeLabel')}</label>
        <input id="code" ref={input} name="code" class="code-input" value={code} dir="ltr"
          autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]*" maxLength={12} spellcheck={false}
          aria-describedby="code-hint code-message" aria-invalid={alert && notice?.kind !== 'busy' ? true : undefined}
          onInput={e => setCode(cleanCode(e.currentTarget.value))} />
        <p id="code-hint" class="hint">{t('codeHint', { length: 6, time: t.time(status.expiresAt) })}</p>
        <p id="code-message" class={alert ? 'message error' : 'message'} role={alert ? 'alert' : 'status'}>{message}</p>
        <button type="submit" class="primary wide" disabled={busy}>{busy ? t('verifying') : t('verify')}</button>
      </form>
      <div class="resend">
        {(status.mode === 'auto' || expired) && (
          <ActionButton disabled={resendWait > 0 && !expired} onClick={() => actions.resend(status)}>
            {status.mode === 'auto' ? t('resend') : t('newCodeManual')}</ActionButton>
        )}
        {status.mode === 'auto' && resendWait > 0 && <p class="hint" aria-live="off">{t('resendIn', { time: formatCountdown(resendWait) })}</p>}
      </div>
    </Page>
  );
}

function noticeText(notice: Notice | null, t: Translate, now: number): string {
  switch (notice?.kind) {
    case 'wrong_code':
      return [t('wrongCode'), notice.attemptsRemaining === null ? '' : t('attemptsLeft', { count: notice.attemptsRemaining })].join(' ').trim();
    case 'code_expired':
      return t('codeExpired');
    case 'code_sent_again':
      return t('codeSentAgain');
    case 'new_code':
      return t('newCodeIssued');
    case 'wait':
      return t('waitToSend', { time: formatCountdown(secondsUntil(notice.until, now)) });
    case 'busy':
      return t('failedBusy');
    default:
      return '';
  }
}
