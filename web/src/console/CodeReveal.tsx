import { useRef, useState } from 'preact/hooks';
import type { ApiClient, Schemas } from '../api/client';
import { retryAfterSeconds } from '../api/client';
import { codeNote, refusedCodeNote } from './codeNote';
import { describeProblem } from './problems';
import { formatTime, groupCode, statusLabels } from './status';

interface Props {
  api: ApiClient;
  sessionId: string;
  participant: Schemas['ParticipantView'];
}

type Shown = { kind: 'hidden' } | { kind: 'loading' } | { kind: 'code'; code: string; expiresAt: string } | { kind: 'note'; text: string };

/**
 * The participant's status icon. Hovering it or giving it keyboard focus shows the code — fetched only when the
 * API says it may be viewed (the customer is on the code page; an automatic code only once it failed or went
 * unconfirmed for the policy's delay); each fetch is audited. Otherwise it says when and why not (`codeNote`), and
 * screen readers hear the same sentence with the status.
 */
export function StatusIcon({ api, sessionId, participant }: Props) {
  const [shown, setShown] = useState<Shown>({ kind: 'hidden' });
  const generation = useRef(0);
  const { icon, label } = statusLabels[participant.status];
  const tipId = `code-${participant.participantId}`;
  const noteId = `code-note-${participant.participantId}`;
  const note = codeNote(participant);

  async function reveal() {
    const mine = ++generation.current;
    if (!participant.otpViewable) {
      setShown({ kind: 'note', text: note });
      return;
    }
    setShown({ kind: 'loading' });
    const { data, error, response } = await api.GET('/sessions/{sessionId}/participants/{participantId}/otp', {
      params: { path: { sessionId, participantId: participant.participantId } },
    }).catch(() => ({ data: undefined, error: undefined, response: undefined }));
    if (mine !== generation.current) {
      return;
    }
    setShown(data
      ? { kind: 'code', code: data.code, expiresAt: data.expiresAt }
      : { kind: 'note', text: refusedCodeNote(error?.code, retryAfterSeconds(response)) ?? describeProblem(error) });
  }

  function hide() {
    generation.current++;
    setShown({ kind: 'hidden' });
  }

  const waiting = participant.status === 'awaiting_otp' && !participant.otpViewable;
  return (
    <span class="status-wrap">
      <button type="button" class={`status status-${participant.status}`} aria-describedby={`${tipId} ${noteId}`}
        onMouseEnter={reveal} onFocus={reveal} onMouseLeave={hide} onBlur={hide}
        onKeyDown={e => { if (e.key === 'Escape') hide(); }}>
        <span aria-hidden="true" class="status-icon">{icon}</span> <span class="status-label">{label}</span>
        {participant.otpViewable && <span class="visually-hidden"> (focus to show the code)</span>}
      </button>
      <span id={noteId} class="visually-hidden" data-testid="code-note">{waiting ? note : ''}</span>
      <span role="tooltip" id={tipId} class="tooltip" hidden={shown.kind === 'hidden'} aria-live="polite">
        {shown.kind === 'loading' && 'Getting the code…'}
        {shown.kind === 'code' && <>Code <strong class="code" data-testid="otp-code">{groupCode(shown.code)}</strong>
          <span class="hint"> valid until {formatTime(shown.expiresAt)}</span></>}
        {shown.kind === 'note' && shown.text}
      </span>
    </span>
  );
}
