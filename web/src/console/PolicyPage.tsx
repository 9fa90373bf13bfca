import { useEffect, useState } from 'preact/hooks';
import type { ApiClient, Problem } from '../api/client';
import { policyFieldSpecs, productLimits } from '../api/policyFields';
import type { Policy } from './participantForm';
import {
  type Overrides, type PolicyFieldSpec, type PolicyFormErrors, type PolicyFormValues, describeRange, policyChanges, toFormValues, validatePolicyForm,
} from './policyForm';
import { type PolicyChange, pendingNote, requestedValue, savedPendingText } from './policyChanges';
import { formatDuration, smsCountries } from './policyText';
import { describeProblem } from './problems';

interface Props {
  api: ApiClient;
  /** The administrator's own team: the team shown first. */
  defaultTeam: string | null;
  /** After a change to the administrator's own team (its dialogs follow the new rules). */
  onSaved: () => void;
  onUnauthorized: () => void;
}

const labels: Record<string, { label: string; help?: string }> = {
  requireOtp: { label: 'Customers must enter a code', help: 'No: they enter the session from the link alone.' },
  requireOtpChannel: { label: 'Every participant needs an automatic code channel', help: 'Yes: no manual codes read out by agents.' },
  allowEmailOtp: {
    label: 'Codes may go by email',
    help: 'NIST SP 800-63B does not accept email as an out-of-band authenticator: a participant invited by SMS whose code '
      + 'goes by email gets it by a channel NIST does not count. To meet SP 800-63B, choose No (SMS-invited participants then get manual codes).',
  },
  agentCanViewOtp: { label: 'Agents may see codes', help: 'Each view is audited.' },
  autoOtpViewDelaySeconds: {
    label: 'Wait before agents see an automatic code (seconds)',
    help: 'An automatic code becomes visible to the agent only if it was not confirmed as arrived this long after it was sent '
      + '(at once if the send failed), so someone holding only the link cannot get it by phoning the agent.',
  },
  agentCanViewDeliveredOtp: {
    label: 'Agents may see an automatic code reported as delivered',
    help: 'No: a delivery report hides the code (an email “delivered” only means a mail server accepted it).',
  },
  codeLength: { label: 'Code length (digits)' },
  codeLifetimeSeconds: { label: 'Code lifetime (seconds)' },
  maxAttempts: { label: 'Wrong codes before a lockout' },
  lockoutSeconds: { label: 'Lockout (seconds)' },
  maxLockouts: { label: 'Lockouts before a ban' },
  resendCooldownSeconds: { label: 'Wait before a resend (seconds)' },
  maxSendsPerHour: { label: 'Sends per participant and hour' },
  inviteLinkLifetimeSeconds: { label: 'Invite link lifetime (seconds)' },
  sessionLifetimeSeconds: { label: 'Session lifetime (seconds)' },
  accessTokenLifetimeSeconds: { label: 'Access after entering (seconds)' },
  allowedSmsCountries: { label: 'Countries SMS may go to', help: 'Two-letter codes, e.g. US, CA. Empty: any country.' },
  allowPasskeys: {
    label: 'Returning participants may use a passkey',
    help: 'Yes: after entering with a code, a participant may save a passkey and later enter through the link with it instead of a code.',
  },
  policyChangesNeedApproval: {
    label: 'Weaker changes need a second administrator',
    help: 'Yes: a change that weakens these rules (turning this off included) waits until another administrator of the team approves it.',
  },
};

type Loaded = { team: string; overrides: Overrides; etag: string | null; effective: Policy | null };

/**
 * "Customer authentication": an administrator's view of a team's policy overrides. Shows each value (the team's, or
 * the system's) and its allowed range, refuses values outside the ranges before sending, sends only what changed, and
 * sends it with `If-Match` so that a change another administrator made meanwhile is never overwritten (412). When the team
 * needs two administrators for a weaker change, a save that weakens the rules waits (202): the page lists the waiting
 * changes, with Approve and Reject for every administrator but the one who asked.
 */
export function PolicyPage({ api, defaultTeam, onSaved, onUnauthorized }: Props) {
  const [teamInput, setTeamInput] = useState(defaultTeam ?? '');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [values, setValues] = useState<PolicyFormValues>({});
  const [errors, setErrors] = useState<PolicyFormErrors>({});
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' | 'stale' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<PolicyChange[]>([]);

  async function loadPending(team: string) {
    const listed = await api.GET('/admin/teams/{team}/policy/changes', { params: { path: { team } } }).catch(() => null);
    setPending(listed?.data?.changes ?? []);
  }

  async function load(team: string) {
    setBusy(true);
    setMessage(null);
    setErrors({});
    const [, read, effective] = await Promise.all([
      loadPending(team),
      api.GET('/admin/teams/{team}/policy', { params: { path: { team } } }).catch(() => null),
      // The effective values are known for the administrator's own team only (GET /api/policy).
      team === defaultTeam ? api.GET('/policy').then(r => r.data ?? null, () => null) : Promise.resolve(null),
    ]);
    setBusy(false);
    if (!read?.data) {
      refuse(read?.error, read?.response);
      return;
    }
    setLoaded({ team, overrides: read.data, etag: read.response.headers.get('ETag'), effective });
    setValues(toFormValues(policyFieldSpecs, read.data));
  }

  useEffect(() => { if (defaultTeam) void load(defaultTeam); }, []);

  function refuse(problem: Partial<Problem> | undefined, response: Response | undefined) {
    if (response?.status === 401) {
      onUnauthorized();
      return;
    }
    if (response?.status === 412) {
      setMessage({ kind: 'stale', text: 'Another administrator changed these rules after you opened them, so nothing was saved. '
        + 'Load the current values, then make your change again.' });
      return;
    }
    if (problem?.errors) {
      setErrors(Object.fromEntries(Object.entries(problem.errors).map(([field, texts]) => [field, texts.join(' ')])));
    }
    setMessage({ kind: 'error', text: `Not saved: ${describeProblem(problem)}` });
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!loaded) {
      return;
    }
    const found = validatePolicyForm(policyFieldSpecs, productLimits, values, loaded.overrides, loaded.effective);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setMessage({ kind: 'error', text: 'Check the highlighted values: nothing was sent.' });
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.policy [aria-invalid="true"]')?.focus());
      return;
    }
    const body = policyChanges(policyFieldSpecs, values, loaded.overrides);
    if (Object.keys(body).length === 0) {
      setMessage({ kind: 'ok', text: 'Nothing changed.' });
      return;
    }
    setBusy(true);
    const result = await api.PUT('/admin/teams/{team}/policy', {
      params: { path: { team: loaded.team } },
      body,
      headers: loaded.etag ? { 'If-Match': loaded.etag } : {},
    }).catch(() => null);
    setBusy(false);
    if (!result?.data) {
      refuse(result?.error, result?.response);
      return;
    }
    if (result.response.status === 202) {
      setMessage({ kind: 'ok', text: savedPendingText(loaded.team, result.data as PolicyChange) });
      await loadPending(loaded.team);
      return;
    }
    const overrides = Object.fromEntries(Object.entries({ ...loaded.overrides, ...body }).filter(([, v]) => v !== null)) as Overrides;
    setLoaded({ ...loaded, overrides, etag: result.response.headers.get('ETag'), effective: result.data as Policy });
    setValues(toFormValues(policyFieldSpecs, overrides));
    setMessage({ kind: 'ok', text: `Saved for team ${loaded.team}. Sessions started from now on use these rules; running sessions keep theirs.` });
    if (loaded.team === defaultTeam) {
      onSaved();
    }
  }

  async function decide(change: PolicyChange, decision: 'approve' | 'reject') {
    if (!loaded) {
      return;
    }
    setBusy(true);
    const params = { params: { path: { team: loaded.team, changeId: change.changeId } } };
    const result = await (decision === 'approve'
      ? api.POST('/admin/teams/{team}/policy/changes/{changeId}/approve', params)
      : api.POST('/admin/teams/{team}/policy/changes/{changeId}/reject', params)).catch(() => null);
    setBusy(false);
    if (!result?.data) {
      refuse(result?.error, result?.response);
      await loadPending(loaded.team);
      return;
    }
    if (decision === 'approve') {
      await load(loaded.team);
      if (loaded.team === defaultTeam) {
        onSaved();
      }
    } else {
      await loadPending(loaded.team);
    }
    setMessage({ kind: 'ok', text: decision === 'approve'
      ? `Approved: the change applies to team ${loaded.team} now.`
      : 'Rejected: nothing of that change applies.' });
  }

  return (
    <section aria-labelledby="policy-title" class="policy">
      <h1 id="policy-title">Customer authentication</h1>
      <form class="inline" onSubmit={e => { e.preventDefault(); if (teamInput.trim()) void load(teamInput.trim()); }}>
        <label for="policy-team">Team</label>
        <input id="policy-team" value={teamInput} maxLength={128} onInput={e => setTeamInput(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>Load</button>
      </form>
      <p class={`form-message ${message?.kind === 'ok' ? 'ok' : 'error'}`} role={message?.kind === 'ok' ? 'status' : 'alert'}>{message?.text}</p>
      {message?.kind === 'stale' && loaded && <button type="button" class="primary" onClick={() => void load(loaded.team)}>Load the current values</button>}
      {loaded && pending.length > 0 && (
        <section aria-labelledby="pending-title" class="pending-changes">
          <h2 id="pending-title">Changes waiting for approval</h2>
          <ul>
            {pending.map(change => (
              <li key={change.changeId} aria-label={`Change ${change.changeId}`}>
                <ul class="requested">
                  {change.fields.map(name => {
                    const spec = policyFieldSpecs.find(s => s.name === name);
                    const value = (change.values as Record<string, unknown>)[name];
                    return (
                      <li key={name}>
                        {labels[name]?.label ?? name}: {requestedValue(value, v => (spec ? show(spec, v) : String(v)))}
                        {change.weakened.includes(name) ? ' (weaker)' : ''}
                      </li>
                    );
                  })}
                </ul>
                <p class="hint">{pendingNote(change)}</p>
                {!change.requestedByYou && (
                  <div class="actions">
                    <button type="button" class="primary" disabled={busy} onClick={() => void decide(change, 'approve')}>Approve</button>
                    <button type="button" disabled={busy} onClick={() => void decide(change, 'reject')}>Reject</button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {loaded && (
        <form onSubmit={save} noValidate>
          <h2>Rules for team {loaded.team}</h2>
          <p class="hint">Leave a value empty to use the system value. Values outside the allowed ranges (NIST SP 800-63B) are refused.</p>
          {!loaded.etag && <p class="error">This page cannot read the version of these rules (no ETag reached it), so a save
            cannot be checked against a change another administrator makes meanwhile.</p>}
          {policyFieldSpecs.map(spec => (
            <PolicyField key={spec.name} spec={spec} value={values[spec.name] ?? ''} error={errors[spec.name]}
              overridden={(loaded.overrides as Record<string, unknown>)[spec.name] != null}
              effective={loaded.effective ? (loaded.effective as Record<string, unknown>)[spec.name] : undefined}
              onChange={value => setValues({ ...values, [spec.name]: value })} />
          ))}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>{busy ? 'Saving…' : 'Save changes'}</button>
          </div>
        </form>
      )}
    </section>
  );
}

interface FieldProps {
  spec: PolicyFieldSpec;
  value: string;
  error: string | undefined;
  overridden: boolean;
  effective: unknown;
  onChange: (value: string) => void;
}

function PolicyField({ spec, value, error, overridden, effective, onChange }: FieldProps) {
  const id = `policy-${spec.name}`;
  const text = labels[spec.name] ?? { label: spec.name };
  const range = describeRange(spec);
  const described = [`${id}-about`, ...(error ? [`${id}-error`] : [])].join(' ');
  const invalid = error ? { 'aria-invalid': true } : {};
  return (
    <div class="field policy-field">
      <label for={id}>{text.label}</label>
      {spec.kind === 'boolean' ? (
        <select id={id} value={value} aria-describedby={described} {...invalid} onChange={e => onChange(e.currentTarget.value)}>
          <option value="">System value{typeof effective === 'boolean' && !overridden ? ` (${effective ? 'yes' : 'no'})` : ''}</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      ) : (
        <input id={id} value={value} aria-describedby={described} {...invalid} autocomplete="off"
          inputMode={spec.kind === 'countries' ? 'text' : 'numeric'}
          placeholder={!overridden && effective !== undefined ? `System value: ${show(spec, effective)}` : 'System value'}
          onInput={e => onChange(e.currentTarget.value)} />
      )}
      <p class="hint" id={`${id}-about`}>
        {range && <>Allowed: {range}. </>}
        {overridden ? 'Set for this team. ' : 'Not set for this team. '}
        {effective !== undefined && <>In force now: {show(spec, effective)}. </>}
        {text.help}
      </p>
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

function show(spec: PolicyFieldSpec, value: unknown): string {
  if (spec.kind === 'boolean') {
    return value ? 'yes' : 'no';
  }
  if (spec.kind === 'countries') {
    return smsCountries(Array.isArray(value) ? value : []);
  }
  if (spec.kind === 'seconds' && typeof value === 'number') {
    const words = formatDuration(value);
    return words === `${value} s` ? words : `${value} s (${words})`;
  }
  return String(value);
}
