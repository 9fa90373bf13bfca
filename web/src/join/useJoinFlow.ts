import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type ApiClient, createApiClient, retryAfterSeconds } from '../api/client';
import type { WebConfig } from '../common/config';
import {
  type Locale, type Notice, type OtpStatus, type Screen,
  noticeForVerify, pickLocale, readInviteToken, screenForProblem,
} from './flow';
import { type Translate, direction, locales, translator } from './messages';
import { type StoredCredentials, credentialStore } from './credentials';
import { enterWithPasskey, passkeysSupported } from './passkeys';

/** The invited person, as the API names them. */
export interface Who {
  name: string;
  role: string;
}

/** What the customer can do; each call ends on exactly one screen. */
export interface Actions {
  open: () => Promise<void>;
  arrive: (notice: Notice | null) => Promise<void>;
  verify: (code: string, status: OtpStatus) => Promise<void>;
  resend: (status: OtpStatus) => Promise<void>;
  newLink: () => Promise<void>;
  enter: () => Promise<void>;
  signOut: () => Promise<void>;
  passkey: () => Promise<void>;
}

export interface JoinFlow {
  screen: Screen;
  who: Who | null;
  t: Translate;
  /** The current time, ticking every second while a countdown is on screen. */
  now: number;
  actions: Actions;
  /** The client of the access token (the passkey offer after entering). */
  me: ApiClient;
}

/**
 * The customer's way in: the credentials kept in the browser, the screen shown, the API calls that move from one
 * screen to the next, and the timers (the countdown clock; while inside, the check that the session still runs).
 */
export function useJoinFlow(config: WebConfig): JoinFlow {
  const store = useMemo(credentialStore, []);
  const credentials = useRef<StoredCredentials>(store.load(readInviteToken(location.hash)));
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [locale, setLocale] = useState<Locale>(() => pickLocale(credentials.current.locale ?? undefined, navigator.languages, locales));
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
    document.documentElement.dir = direction(locale);
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
    if (data.authentication.passkey && passkeysSupported()) {
      // A returning participant with a passkey: offer it first, and send no code unless asked for one.
      return setScreen({ kind: 'passkey', notice: null });
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
      return setScreen({ kind: 'entered', offerPasskey: true });
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

  /** Enter with the passkey saved on this device instead of a code; a refusal counts as a wrong attempt. */
  async function passkey() {
    const result = await enterWithPasskey(join).catch(() => null);
    if (!result) {
      return setScreen({ kind: 'failed', reason: 'network' });
    }
    if (result.kind === 'entered') {
      remember({ access: result.accessToken, invite: null });
      return setScreen({ kind: 'entered' });
    }
    if (result.kind === 'cancelled') {
      return setScreen({ kind: 'passkey', notice: { kind: 'cancelled' } });
    }
    if (result.code === 'passkey_not_available') {
      return arrive(null);
    }
    const ending = screenForProblem(result.code, retryAfterSeconds(result.response), Date.now());
    setScreen(ending ?? { kind: 'passkey', notice: { kind: 'invalid', attemptsRemaining: result.attemptsRemaining } });
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

  return { screen, who, t, now, actions: { open, arrive, verify, resend, newLink, enter, signOut, passkey }, me };
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
