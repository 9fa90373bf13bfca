import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiClient, Schemas } from '../api/client';
import { retryAfterSeconds } from '../api/client';
import { StatusIcon } from './CodeReveal';
import { codeNote } from './codeNote';
import { Dialog } from './Dialog';
import { languageName } from './languages';
import { type EvidenceFormat, downloadEvidence } from './evidence';
import { PersonFields } from './PersonFields';
import { type ChannelPolicy, type PersonErrors, type PersonForm, emptyPerson, hasErrors, toParticipantInput, validatePerson } from './participantForm';
import { type ConditionalFetch, ConditionalPoller } from './poller';
import { describeProblem } from './problems';
import { errorsByPerson } from './serverErrors';
import { canReassign, canResend, formatTime, isCurrent, isReported } from './status';

type SessionView = Schemas['SessionView'];
type ParticipantView = Schemas['ParticipantView'];

interface Props {
  api: ApiClient;
  sessionId: string;
  /** The agent's effective policy for the add and reassign dialogs; null until it has been read. */
  policy: ChannelPolicy | null;
  onUnauthorized: () => void;
}

type Editing = { kind: 'add' } | { kind: 'reassign'; participant: ParticipantView } | { kind: 'signOut'; participant: ParticipantView }
  | { kind: 'close' } | null;

export function SessionPage({ api, sessionId, policy, onUnauthorized }: Props) {
  const [session, setSession] = useState<SessionView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>('');
  const [editing, setEditing] = useState<Editing>(null);
  const pollerRef = useRef<ConditionalPoller<SessionView> | null>(null);

  useEffect(() => {
    const fetchOnce: ConditionalFetch<SessionView> = async etag => {
      try {
        const { data, error, response } = await api.GET('/sessions/{sessionId}', {
          params: { path: { sessionId } },
          headers: etag ? { 'If-None-Match': etag } : {},
        });
        if (response.status === 304) {
          return { status: 'unchanged' };
        }
        if (data) {
          return { status: 'changed', value: data, etag: response.headers.get('ETag') };
        }
        return { status: 'failed', code: error?.code ?? `http_${response.status}` };
      } catch {
        return { status: 'failed', code: 'network_error' };
      }
    };
    const poller = new ConditionalPoller<SessionView>({
      fetch: fetchOnce,
      onValue: value => { setSession(value); setFailure(null); },
      onError: code => {
        if (code === 'unauthorized') {
          poller.stop();
          onUnauthorized();
        } else if (code === 'session_not_found') {
          poller.stop();
          setFailure(describeProblem({ code }));
        } else {
          setFailure('Live updates paused: the API does not answer. Retrying…');
        }
      },
      isFinal: value => value.status === 'closed',
    });
    pollerRef.current = poller;
    poller.start();
    return () => poller.stop();
  }, [api, sessionId]);

  const refresh = () => pollerRef.current?.refresh();
  const say = (text: string) => setNotice(text);

  if (!session) {
    return <section aria-labelledby="session-title"><h1 id="session-title">Session</h1>
      <p role={failure ? 'alert' : 'status'}>{failure ?? 'Loading the session…'}</p></section>;
  }

  const active = session.status === 'active';
  const current = session.participants.filter(p => isCurrent(p.status));
  const past = session.participants.filter(p => !isCurrent(p.status));
  const reported = current.filter(p => isReported(p.status));

  async function download(format: EvidenceFormat) {
    const problem = await downloadEvidence(api, sessionId, format);
    say(problem === null
      ? `Evidence saved (${format === 'pdf' ? 'PDF certificate' : 'signed record, JWS'}).`
      : describeProblem(problem));
  }

  async function resend(participant: ParticipantView) {
    const { error, response } = await api.POST('/sessions/{sessionId}/participants/{participantId}/invitation', {
      params: { path: { sessionId, participantId: participant.participantId } },
    }).catch(() => ({ error: undefined, response: undefined }));
    if (response?.status === 202) {
      say(`Invitation sent again to ${participant.name}.`);
      refresh();
    } else if (response?.status === 429) {
      const seconds = retryAfterSeconds(response);
      say(seconds ? `Too soon to resend to ${participant.name}: try again in ${seconds} s.` : describeProblem(error));
    } else {
      say(describeProblem(error));
    }
  }

  return (
    <section aria-labelledby="session-title">
      <h1 id="session-title">Session {session.reference ? `“${session.reference}”` : ''}</h1>
      <p class="session-meta">
        <span class={`badge badge-${session.status}`}>{session.status === 'active' ? 'Active' : 'Closed'}</span>{' '}
        Started {formatTime(session.createdAt)} · expires {new Date(session.expiresAt).toLocaleDateString()} ·
        {' '}{session.otpRequired ? 'Code required' : 'No code required'} · <span class="mono">{session.sessionId}</span>
      </p>
      {failure && <p role="alert" class="error">{failure}</p>}
      {reported.length > 0 && (
        <div class="reported-alert" role="alert">
          <strong>“Not me” reported</strong> for {reported.map(p => p.name).join(', ')}: someone who got the message did not
          expect it. The link, code and access are stopped and nothing more is sent.{active ? ' Reassign to invite the right person.' : ''}
        </div>
      )}
      <p class="notice" role="status" aria-live="polite">{notice}</p>

      <h2>Participants</h2>
      <ul class="participants" aria-label="Participants">
        {current.map(p => (
          <li class={isReported(p.status) ? 'participant participant-reported' : 'participant'} key={p.participantId} data-participant={p.participantId}>
            <div class="participant-head">
              <StatusIcon api={api} sessionId={sessionId} participant={p} />
              <span class="participant-name">{p.name}</span> <span class="role">{roleLabel(p.role)}</span>
              {' '}<span class="language" title="Language of the participant's messages and join page">{languageName(p.locale)}</span>
              {isReported(p.status) && <>{' '}<span class="badge badge-reported">Reported “not me”</span></>}
            </div>
            <dl class="delivery">
              <dt>Invitation</dt>
              <dd>{p.invite.channel === 'sms' ? 'SMS' : 'Email'} to {p.invite.address} — {deliveryLabel(p.invitation.status)}
                {p.invitation.sentAt ? ` at ${formatTime(p.invitation.sentAt)}` : ''}</dd>
              <dt>Code</dt>
              <dd>{p.otp.mode === 'auto'
                ? `Automatic by ${p.otp.channel === 'sms' ? 'SMS' : 'email'} to ${p.otp.address} — ${deliveryLabel(p.otpDelivery.status)}`
                : 'Manual: you read it out'}
                {p.otpDelivery.status === 'refused' && p.otpDelivery.retryAt && ` (until ${formatTime(p.otpDelivery.retryAt)})`}
                {p.otp.mode === 'auto' && p.status === 'awaiting_otp' && <span class="code-note"> — {codeNote(p)}</span>}</dd>
              {p.lockedUntil && p.status === 'locked' && <><dt>Locked until</dt><dd>{formatTime(p.lockedUntil)}</dd></>}
            </dl>
            {active && (
              <div class="actions">
                <button type="button" onClick={() => resend(p)} disabled={!canResend(p.status)}>
                  Resend invitation<span class="visually-hidden"> to {p.name}</span></button>
                <button type="button" class={isReported(p.status) ? 'primary' : undefined}
                  onClick={() => setEditing({ kind: 'reassign', participant: p })} disabled={!canReassign(p.status) || !policy}>
                  Reassign<span class="visually-hidden"> {p.name}</span></button>
                {p.status === 'authenticated' && (
                  <button type="button" onClick={() => setEditing({ kind: 'signOut', participant: p })}>
                    Sign out<span class="visually-hidden"> {p.name}</span></button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {past.length > 0 && (
        <details>
          <summary>Earlier participants ({past.length})</summary>
          <ul>{past.map(p => <li key={p.participantId}>{p.name} — {p.status === 'reassigned' ? 'reassigned' : 'removed'}</li>)}</ul>
        </details>
      )}
      {active && (
        <div class="actions session-actions">
          <button type="button" onClick={() => setEditing({ kind: 'add' })} disabled={!policy}>Add a participant</button>
          <button type="button" class="danger" onClick={() => setEditing({ kind: 'close' })}>Close session</button>
        </div>
      )}

      <h2>Evidence</h2>
      <p class="session-meta">Who authenticated, how and when — signed, for an auditor (verify it with the keys at <span class="mono">/api/evidence/keys</span>).</p>
      <div class="actions evidence-actions">
        <button type="button" onClick={() => download('jws')}>Download signed record (JWS)</button>
        <button type="button" onClick={() => download('pdf')}>Download certificate (PDF)</button>
      </div>

      {editing?.kind === 'add' && policy && (
        <PersonDialog title="Add a participant" api={api} policy={policy} submitLabel="Add and invite"
          initial={emptyPerson('cosigner')} showRole
          send={person => api.POST('/sessions/{sessionId}/participants', {
            params: { path: { sessionId } }, body: toParticipantInput(person, policy),
          })}
          onDone={name => { setEditing(null); say(`${name} added and invited.`); refresh(); }}
          onClose={() => setEditing(null)} />
      )}
      {editing?.kind === 'reassign' && policy && (
        <PersonDialog title={`Reassign ${editing.participant.name}`} api={api} policy={policy} submitLabel="Reassign and invite"
          initial={emptyPerson(editing.participant.role)}
          send={person => {
            const { name, invite, otp, locale } = toParticipantInput(person, policy);
            return api.POST('/sessions/{sessionId}/participants/{participantId}/reassign', {
              params: { path: { sessionId, participantId: editing.participant.participantId } },
              body: { name, invite, ...(otp ? { otp } : {}), ...(locale ? { locale } : {}) },
            });
          }}
          onDone={name => { setEditing(null); say(`Reassigned to ${name}; the old link no longer works.`); refresh(); }}
          onClose={() => setEditing(null)} />
      )}
      {editing?.kind === 'signOut' && (
        <Dialog title={`Sign ${editing.participant.name} out?`} onClose={() => setEditing(null)}>
          <p>Every device where {editing.participant.name} entered loses access at once. They can enter again through their
            link, with a new code.</p>
          <div class="actions">
            <button type="button" class="danger" onClick={async () => {
              const { name, participantId } = editing.participant;
              const { data, error } = await api.POST('/sessions/{sessionId}/participants/{participantId}/sign-out', {
                params: { path: { sessionId, participantId } },
              }).catch(() => ({ data: undefined, error: undefined }));
              setEditing(null);
              if (data) { say(`${name} is signed out.`); refresh(); } else { say(describeProblem(error)); }
            }}>Sign out</button>
            <button type="button" autoFocus onClick={() => setEditing(null)}>Keep signed in</button>
          </div>
        </Dialog>
      )}
      {editing?.kind === 'close' && (
        <Dialog title="Close this session?" onClose={() => setEditing(null)}>
          <p>Every link, code and access of this session stops working at once.</p>
          <div class="actions">
            <button type="button" class="danger" onClick={async () => {
              const { data, error } = await api.POST('/sessions/{sessionId}/close', { params: { path: { sessionId } } })
                .catch(() => ({ data: undefined, error: undefined }));
              setEditing(null);
              if (data) { setSession(data); say('Session closed.'); } else { say(describeProblem(error)); }
            }}>Close session</button>
            <button type="button" autoFocus onClick={() => setEditing(null)}>Keep it open</button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

interface PersonDialogProps {
  title: string;
  api: ApiClient;
  policy: ChannelPolicy;
  initial: PersonForm;
  submitLabel: string;
  showRole?: boolean;
  send: (person: PersonForm) => Promise<{ data?: unknown; error?: { errors?: Record<string, string[]>; code?: string; detail?: string } }>;
  onDone: (name: string) => void;
  onClose: () => void;
}

function PersonDialog({ title, policy, initial, submitLabel, showRole, send, onDone, onClose }: PersonDialogProps) {
  const [person, setPerson] = useState(initial);
  const [errors, setErrors] = useState<PersonErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roleId = useMemo(() => `role-${Math.random().toString(36).slice(2)}`, []);

  async function submit(event: Event) {
    event.preventDefault();
    const found = validatePerson(person, policy);
    setErrors(found);
    if (hasErrors(found)) {
      setMessage('Check the highlighted fields.');
      return;
    }
    setBusy(true);
    const result = await send(person).catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (result.data) {
      onDone(person.name.trim());
      return;
    }
    const server = errorsByPerson(result.error?.errors, 1, '');
    setErrors(server.people[0] ?? {});
    setMessage([describeProblem(result.error as never), ...server.other].join(' '));
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {showRole && (
          <div class="field">
            <label for={roleId}>Role</label>
            <select id={roleId} value={person.role} onChange={e => setPerson({ ...person, role: e.currentTarget.value as PersonForm['role'] })}>
              <option value="cosigner">Cosigner</option>
              <option value="additional">Additional participant</option>
            </select>
          </div>
        )}
        <PersonFields idPrefix="person" person={person} errors={errors} policy={policy} onChange={setPerson} />
        <p class="form-message" role="status" aria-live="polite">{message}</p>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>{submitLabel}</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

function roleLabel(role: ParticipantView['role']): string {
  return role === 'primary' ? 'customer' : role;
}

function deliveryLabel(status: string): string {
  return ({ none: 'not sent yet', pending: 'sending…', queued: 'sending…', sent: 'sent', delivered: 'delivered', failed: 'failed', refused: 'not sent: a send budget is spent' } as Record<string, string>)[status] ?? status;
}
