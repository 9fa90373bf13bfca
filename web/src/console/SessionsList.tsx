import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { describeProblem } from './problems';
import { type ListState, type SessionFilter, SessionListLoader, anySession, listQuery } from './sessionList';
import { formatTime } from './status';

interface Props {
  api: ApiClient;
  onUnauthorized: () => void;
}

/** The agent's sessions (a supervisor's: the team's), newest first, filtered by status and reference, a page at a time. */
export function SessionsList({ api, onUnauthorized }: Props) {
  const [state, setState] = useState<ListState | null>(null);
  const [draft, setDraft] = useState<SessionFilter>(anySession);
  const loader = useMemo(() => new SessionListLoader(async (filter, continuationToken) => {
    const { data, error, response } = await api.GET('/sessions', { params: { query: listQuery(filter, continuationToken) } });
    return data ? { status: 'ok', page: data } : { status: 'failed', code: error?.code ?? `http_${response.status}` };
  }, setState), [api]);

  useEffect(() => { void loader.load(anySession); }, [loader]);
  useEffect(() => { if (state?.failure === 'unauthorized') onUnauthorized(); }, [state?.failure]);

  const filtered = state && (state.filter.status !== 'all' || state.filter.reference.trim() !== '');
  return (
    <section aria-labelledby="list-title" class="sessions">
      <h2 id="list-title">Your sessions</h2>
      <form class="filters" role="search" aria-label="Filter sessions" onSubmit={e => { e.preventDefault(); void loader.load(draft); }}>
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" value={draft.status}
            onChange={e => setDraft({ ...draft, status: e.currentTarget.value as SessionFilter['status'] })}>
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="closed">Closed</option>
          </select>
        </div>
        <div class="field">
          <label for="filter-reference">Reference (exact)</label>
          <input id="filter-reference" value={draft.reference} maxLength={128} autocomplete="off"
            onInput={e => setDraft({ ...draft, reference: e.currentTarget.value })} />
        </div>
        <button type="submit">Show</button>
        {filtered && <button type="button" class="link" onClick={() => { setDraft(anySession); void loader.load(anySession); }}>Clear filters</button>}
      </form>
      <p role="status" aria-live="polite" class="list-status">{listStatus(state)}</p>
      {state?.failure && state.failure !== 'unauthorized' && <p role="alert" class="error">{describeProblem({ code: state.failure })}</p>}
      {state && state.sessions.length > 0 && (
        <table>
          <caption class="visually-hidden">Sessions, newest first</caption>
          <thead><tr><th scope="col">Reference</th><th scope="col">Status</th><th scope="col">Started</th>
            <th scope="col">Participants</th><th scope="col">Agent</th></tr></thead>
          <tbody>
            {state.sessions.map(s => (
              <tr key={s.sessionId}>
                <td><a href={`#/sessions/${s.sessionId}`}>{s.reference ?? <span class="mono">{s.sessionId}</span>}</a></td>
                <td><span class={`badge badge-${s.status}`}>{s.status === 'active' ? 'Active' : 'Closed'}</span></td>
                <td>{new Date(s.createdAt).toLocaleDateString()} {formatTime(s.createdAt)}</td>
                <td>{s.participants}</td>
                <td>{s.agentId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state?.continuationToken && (
        <button type="button" onClick={() => void loader.more()} disabled={state.loading}>
          {state.loading ? 'Loading…' : 'Show more sessions'}</button>
      )}
    </section>
  );
}

function listStatus(state: ListState | null): string {
  if (!state || (state.loading && state.sessions.length === 0)) {
    return 'Loading your sessions…';
  }
  if (!state.loaded) {
    return '';
  }
  const count = state.sessions.length;
  if (count === 0) {
    return state.filter.status === 'all' && !state.filter.reference.trim() ? 'No sessions yet.' : 'No session matches these filters.';
  }
  return `${count} session${count === 1 ? '' : 's'} shown${state.continuationToken ? ', more available' : ''}.`;
}
