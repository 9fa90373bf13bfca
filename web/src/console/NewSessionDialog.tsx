import { useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { PolicyState } from './policyState';
import { Dialog } from './Dialog';
import { PersonFields } from './PersonFields';
import {
  type PersonErrors, type PersonForm, type Policy, emptyPerson, hasErrors, toParticipantInput, validatePerson,
} from './participantForm';
import { policySummary } from './policyText';
import { errorsByPerson } from './serverErrors';
import { describeProblem } from './problems';

interface Props {
  api: ApiClient;
  policy: PolicyState;
  onRetryPolicy: () => void;
  onCreated: (sessionId: string) => void;
  onClose: () => void;
}

const maxCosigners = 9;

/** The "New session" dialog, shaped by the agent's effective policy: it waits for the policy, and says why when there is none. */
export function NewSessionDialog({ policy, onRetryPolicy, onClose, ...rest }: Props) {
  if (policy.status === 'ok') {
    return <NewSessionForm {...rest} policy={policy.policy} onClose={onClose} />;
  }
  return (
    <Dialog title="New session" onClose={onClose}>
      {policy.status === 'loading'
        ? <p role="status">Reading your team's rules…</p>
        : <p role="alert" class="error">Your team's rules could not be read ({describeProblem({ code: policy.code })}), so no session can be started.</p>}
      <div class="actions">
        {policy.status === 'failed' && <button type="button" class="primary" onClick={onRetryPolicy}>Try again</button>}
        <button type="button" onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}

function NewSessionForm({ api, policy, onCreated, onClose }: Omit<Props, 'policy' | 'onRetryPolicy'> & { policy: Policy }) {
  const [people, setPeople] = useState<PersonForm[]>([emptyPerson('primary')]);
  const [errors, setErrors] = useState<PersonErrors[]>([{}]);
  const [reference, setReference] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per dialog: a retried submission returns the first session instead of starting a second one.
  const idempotencyKey = useRef(crypto.randomUUID()).current;

  const update = (index: number, person: PersonForm) => setPeople(people.map((p, i) => (i === index ? person : p)));
  const addCosigner = () => { setPeople([...people, emptyPerson('cosigner')]); setErrors([...errors, {}]); };
  const remove = (index: number) => { setPeople(people.filter((_, i) => i !== index)); setErrors(errors.filter((_, i) => i !== index)); };

  async function submit(event: Event) {
    event.preventDefault();
    const found = people.map(p => validatePerson(p, policy));
    setErrors(found);
    if (found.some(hasErrors) || reference.length > 128) {
      setMessage('Check the highlighted fields.');
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    setMessage(null);
    const { data, error } = await api.POST('/sessions', {
      body: { participants: people.map(p => toParticipantInput(p, policy)), ...(reference.trim() ? { reference: reference.trim() } : {}) },
      headers: { 'Idempotency-Key': idempotencyKey },
    }).catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) {
      onCreated(data.sessionId);
      return;
    }
    const server = errorsByPerson(error?.errors, people.length, 'participants');
    setErrors(server.people);
    setMessage([describeProblem(error), ...server.other].join(' '));
    focusFirstInvalid();
  }

  return (
    <Dialog title="New session" onClose={onClose}>
      <details class="rules" open>
        <summary>Your team's rules{policy.team ? ` (${policy.team})` : ''}</summary>
        <ul>{policySummary(policy).map(line => <li key={line}>{line}</li>)}</ul>
      </details>
      <form onSubmit={submit} noValidate>
        {people.map((person, index) => (
          <fieldset class="person-block" key={index}>
            <legend>{index === 0 ? 'Customer (primary)' : `Cosigner ${index}`}</legend>
            <PersonFields idPrefix={`p${index}`} person={person} errors={errors[index] ?? {}} policy={policy}
              onChange={p => update(index, p)} />
            {index > 0 && <button type="button" class="link" onClick={() => remove(index)}>Remove cosigner {index}</button>}
          </fieldset>
        ))}
        {people.length <= maxCosigners && <button type="button" onClick={addCosigner}>Add a cosigner</button>}
        <div class="field">
          <label for="reference">Your reference (optional, no names, emails or phone numbers)</label>
          <input id="reference" value={reference} maxLength={128} onInput={e => setReference(e.currentTarget.value)} />
        </div>
        <p class="form-message" role="status" aria-live="polite">{message}</p>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>{busy ? 'Starting…' : 'Start session and send invitations'}</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

function focusFirstInvalid() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('dialog [aria-invalid="true"]')?.focus());
}
