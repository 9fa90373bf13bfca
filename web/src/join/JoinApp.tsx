import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApiClient, retryAfterSeconds } from '../api/client';
import type { WebConfig } from '../common/config';
import {
  type Locale, type Notice, type OtpStatus, type Screen,
  cleanCode, formatCountdown, noticeForVerify, pickLocale, readInviteToken, screenForProblem, secondsUntil,
} from './flow';
import { type Translate, translator } from './messages';
import { type StoredCredentials, credentialStore } from './credentials';

interface Who {
  name: string;
  role: string;
}

export function JoinApp({ config }: { config: WebConfig }) {
  const store = useMemo(credentialStore, []);
  const credentials = useRef<StoredCredentials>(store.load(readInviteToken(location.hash)));
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [locale, setLocale] = useState<Locale>(() => pickLocale(credentials.current.locale ?? undefined, navigator.languages));
  const [who, setWho] = useState<Who | null>(null);
  const t = useMemo(() => translator(locale), [locale]);
  const now = useNow(needsClock(screen));

  // Two clients: the invite token for /join…, the access token for /me… — only ever in the Authorization header.
  const join = useMemo(() => createApiClient(config.apiBaseUrl, () => (credentials.current.invite ? `Invite ${credentials.current.invite}` : null)), [config]);
  const me = useMemo(() => createApiClient(config.apiBaseUrl, () => (credentials.current.access ? `Bearer ${credentials.current.access}` : null)), [config]);

  useEffect(() => {
    // The token has been read from the fragment: take it out of the address bar (and so out of history and screenshots).
    if (location.hash) {
      history.replaceState(null, '', location.pathname);
    }
    void start();
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('title');
  }, [locale]);

  function remember(patch: Partial<StoredCredentials>) {
    credentials.current = { ...credentials.current, ...patch };
    store.save(credentials.current);
  }

  async function start() {
    if (credentials.current.access) {
      const { data } = await me.GET('/me').catch(() => ({ data: undefined }));
      if (data && data.sessionStatus === 'active') {
        setWho({ name: data.participant.name, role: data.participant.role });
        setLocale(data.participant.locale);
        setScreen({ kind: 'entered' });
        return;
      }
      remember({ access: null });
    }
    if (!credentials.current.invite) {
      setScreen({ kind: 'no_link' });
      return;
    }
    await open();
  }

  async function open() {
    setScreen({ kind: 'loading' });
    const result = await whenNotBusy(() => join.GET('/join'));
    if (!result) {
      return setScreen({ kind: 'failed', reason: 'network' });
    }
    const { data, error, response } = result;
    if (!data) {
      return setScreen(screenForProblem(error?.code, retryAfterSeconds(response), Date.now()) ?? failed(response));
    }
    setWho({ name: data.participant.name, role: data.participant.role });
    setLocale(data.participant.locale);
    remember({ locale: data.participant.locale });
    if (!data.authentication.required) {
      return setScreen({ kind: 'enter' });
    }
    await arrive(null);
  }

  /** Reach the code page: issues a code if none is active (and with Auto OTP sends it). */
  async function arrive(notice: Notice | null) {
    const result = await whenNotBusy(() => join.POST('/join/otp'));
    if (!result) {
      return setScreen({ kind: 'failed', reason: 'network' });
    }
    const { data, error, response } = result;
    if (data) {
      return setScreen({ kind: 'otp', status: data, notice });
    }
    setScreen(screenForProblem(error?.code, retryAfterSeconds(response), Date.now()) ?? failed(response));
  }

  async function verify(code: string, status: OtpStatus) {
    const result = await join.POST('/join/otp/verify', { body: { code } }).catch(() => null);
    if (!result) {
      return setScreen({ kind: 'otp', status, notice: { kind: 'busy' } });
    }
    const { data, error, response } = result;
    if (data) {
      remember({ access: data.accessToken, invite: null });
      return setScreen({ kind: 'entered' });
    }
    if (error?.code === 'otp_not_requested') {
      return arrive(null);
    }
    const retryAfter = retryAfterSeconds(response);
    const ending = screenForProblem(error?.code, retryAfter, Date.now());
    if (ending) {
      return setScreen(ending);
    }
    const notice = noticeForVerify(error?.code, error?.attemptsRemaining, retryAfter, Date.now());
    setScreen({ kind: 'otp', status: notice.kind === 'wrong_code' && notice.attemptsRemaining !== null
      ? { ...status, attemptsRemaining: notice.attemptsRemaining } : status, notice });
  }

  /** Auto OTP: the active code again (or a new one when it expired). Manual: a new code for the agent to read out. */
  async function resend(status: OtpStatus) {
    if (status.mode === 'manual') {
      return arrive({ kind: 'new_code' });
    }
    const result = await join.POST('/join/otp/resend').catch(() => null);
    if (!result) {
      return setScreen({ kind: 'otp', status, notice: { kind: 'busy' } });
    }
    const { data, error, response } = result;
    if (data) {
      return setScreen({ kind: 'otp', status: data, notice: { kind: 'code_sent_again' } });
    }
    const retryAfter = retryAfterSeconds(response);
    const ending = screenForProblem(error?.code, retryAfter, Date.now());
    setScreen(ending ?? { kind: 'otp', status, notice: error?.code === 'too_many_requests'
      ? { kind: 'wait', until: Date.now() + (retryAfter ?? 30) * 1000 } : { kind: 'busy' } });
  }

  async function newLink() {
    const result = await join.POST('/join/new-link').catch(() => null);
    if (!result) {
      return setScreen({ kind: 'failed', reason: 'network' });
    }
    const { response, error } = result;
    if (response.status === 202) {
      remember({ invite: null });
      return setScreen({ kind: 'link_expired', sent: true, waitUntil: null });
    }
    if (error?.code === 'too_many_requests') {
      return setScreen({ kind: 'link_expired', sent: false, waitUntil: Date.now() + (retryAfterSeconds(response) ?? 30) * 1000 });
    }
    setScreen(screenForProblem(error?.code, null, Date.now()) ?? failed(response));
  }

  async function enter() {
    const result = await join.POST('/join/enter').catch(() => null);
    if (!result) {
      return setScreen({ kind: 'failed', reason: 'network' });
    }
    const { data, error, response } = result;
    if (data) {
      remember({ access: data.accessToken, invite: null });
      return setScreen({ kind: 'entered' });
    }
    if (error?.code === 'otp_required') {
      return arrive(null);
    }
    setScreen(screenForProblem(error?.code, retryAfterSeconds(response), Date.now()) ?? failed(response));
  }

  async function signOut() {
    await me.POST('/me/sign-out').catch(() => null);
    store.clear();
    credentials.current = { invite: null, access: null, locale };
    setScreen({ kind: 'signed_out' });
  }

  // While inside, notice when the session ends (closed by the agent, or this access revoked).
  useEffect(() => {
    if (screen.kind !== 'entered') {
      return;
    }
    const timer = setInterval(async () => {
      const result = await me.GET('/me').catch(() => null);
      if (result?.response.status === 401 || result?.data?.sessionStatus === 'closed') {
        store.clear();
        setScreen({ kind: 'ended' });
      }
    }, 15000);
    return () => clearInterval(timer);
  }, [screen.kind]);

  return (
    <main id="main" class="join" aria-busy={screen.kind === 'loading'}>
      <p class="org">{config.organisation}</p>
      {who && screen.kind !== 'entered' && (
        <p class="invited">{t(who.role === 'cosigner' ? 'invitedCosigner' : 'invited', { organisation: config.organisation, name: who.name })}</p>
      )}
      <ScreenView screen={screen} t={t} now={now} who={who}
        actions={{ open, arrive, verify, resend, newLink, enter, signOut }} />
    </main>
  );
}

interface Actions {
  open: () => Promise<void>;
  arrive: (notice: Notice | null) => Promise<void>;
  verify: (code: string, status: OtpStatus) => Promise<void>;
  resend: (status: OtpStatus) => Promise<void>;
  newLink: () => Promise<void>;
  enter: () => Promise<void>;
  signOut: () => Promise<void>;
}

function ScreenView({ screen, t, now, who, actions }: { screen: Screen; t: Translate; now: number; who: Who | null; actions: Actions }) {
  switch (screen.kind) {
    case 'loading':
      return <Page title={t('title')} focusKey="loading"><p role="status">{t('loading')}</p></Page>;
    case 'no_link':
      return <Page title={t('noLinkTitle')} focusKey="no_link"><p>{t('noLink')}</p></Page>;
    case 'link_invalid':
      return <Page title={t('linkInvalidTitle')} focusKey="link_invalid"><p>{t('linkInvalid')}</p></Page>;
    case 'link_expired': {
      const wait = secondsUntil(screen.waitUntil, now);
      return (
        <Page title={t('linkExpiredTitle')} focusKey="link_expired">
          {screen.sent ? <p role="status">{t('newLinkSent')}</p> : <>
            <p>{t('linkExpired')}</p>
            <ActionButton primary disabled={wait > 0} onClick={actions.newLink}>{t('sendNewLink')}</ActionButton>
            <p role="status">{wait > 0 ? t('waitBeforeAsking', { time: formatCountdown(wait) }) : ''}</p>
          </>}
        </Page>
      );
    }
    case 'enter':
      return (
        <Page title={t('enterTitle')} focusKey="enter">
          <p>{t('enterText')}</p>
          <ActionButton primary onClick={actions.enter}>{t('enter')}</ActionButton>
        </Page>
      );
    case 'otp':
      return <CodePage status={screen.status} notice={screen.notice} t={t} now={now} actions={actions} />;
    case 'locked': {
      const left = secondsUntil(screen.until, now);
      return (
        <Page title={t('lockedTitle')} focusKey="locked">
          <p role="status" aria-live="off">{t('locked', { time: formatCountdown(left) })}</p>
          <ActionButton primary disabled={left > 0} onClick={() => actions.arrive(null)}>{t('tryAgain')}</ActionButton>
        </Page>
      );
    }
    case 'banned':
      return <Page title={t('bannedTitle')} focusKey="banned"><p>{t('banned')}</p></Page>;
    case 'entered':
      return (
        <Page title={t('enteredTitle')} focusKey="entered">
          <p class="success">{t('entered', { name: who?.name ?? '' })}</p>
          <ActionButton onClick={actions.signOut}>{t('signOut')}</ActionButton>
        </Page>
      );
    case 'signed_out':
      return <Page title={t('signedOutTitle')} focusKey="signed_out"><p>{t('signedOut')}</p></Page>;
    case 'ended':
      return <Page title={t('endedTitle')} focusKey="ended"><p>{t('ended')}</p></Page>;
    case 'failed':
      return (
        <Page title={t('failedTitle')} focusKey="failed">
          <p role="alert">{t(screen.reason === 'busy' ? 'failedBusy' : 'failedNetwork')}</p>
          <ActionButton primary onClick={actions.open}>{t('retry')}</ActionButton>
        </Page>
      );
  }
}

function CodePage({ status, notice, t, now, actions }: { status: OtpStatus; notice: Notice | null; t: Translate; now: number; actions: Actions }) {
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
        <input id="code" ref={input} name="code" class="code-input" value={code}
          autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]*" maxLength={12} spellcheck={false}
          aria-describedby="code-hint code-message" aria-invalid={alert && notice?.kind !== 'busy' ? true : undefined}
          onInput={e => setCode(cleanCode(e.currentTarget.value))} />
        <p id="code-hint" class="hint">{t('codeHint', { length: 6, time: timeOf(status.expiresAt) })}</p>
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
      return [t('wrongCode'), notice.attemptsRemaining === null ? '' : notice.attemptsRemaining === 1
        ? t('attemptLeft') : t('attemptsLeft', { count: notice.attemptsRemaining })].join(' ').trim();
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

/** A page with its heading; the heading takes focus when the page changes, so screen readers announce it. */
function Page({ title, focusKey, children }: { title: string; focusKey: string | null; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusKey !== null) {
      heading.current?.focus();
    }
  }, [focusKey]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" ref={heading} tabIndex={-1}>{title}</h1>
      {children}
    </section>
  );
}

function ActionButton({ primary, disabled, onClick, children }: { primary?: boolean; disabled?: boolean; onClick: () => unknown; children: ComponentChildren }) {
  const [busy, setBusy] = useState(false);
  return (
    <button type="button" class={primary ? 'primary wide' : 'wide'} disabled={disabled || busy}
      onClick={async () => { setBusy(true); try { await onClick(); } finally { setBusy(false); } }}>{children}</button>
  );
}

/**
 * Runs a request again (twice at most) when the API answers 503 busy, after its Retry-After (capped at 3 s): the
 * customer should not see "busy" for a moment of contention. No answer at all gives null.
 */
async function whenNotBusy<T extends { response: Response }>(request: () => Promise<T>): Promise<T | null> {
  for (let attempt = 0; ; attempt++) {
    const result = await request().catch(() => null);
    if (!result || result.response.status !== 503 || attempt === 2) {
      return result;
    }
    const wait = Math.min(3, retryAfterSeconds(result.response) ?? 1);
    await new Promise(resolve => setTimeout(resolve, wait * 1000));
  }
}

function failed(response: Response): Screen {
  return { kind: 'failed', reason: response.status === 503 ? 'busy' : 'unknown' };
}

function needsClock(screen: Screen): boolean {
  return screen.kind === 'locked' || (screen.kind === 'link_expired' && screen.waitUntil !== null)
    || (screen.kind === 'otp' && (screen.status.resendAvailableAt != null || screen.notice?.kind === 'wait'));
}

/** The current time, ticking every second while a countdown is on screen. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) {
      return;
    }
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

function timeOf(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

interface OtpCredentialRequest extends CredentialRequestOptions {
  otp: { transport: string[] };
}

/** WebOTP: where the browser has it, the code from the SMS (ending "@host #code") fills in with one tap. */
function useWebOtp(enabled: boolean, onCode: (code: string) => void) {
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
