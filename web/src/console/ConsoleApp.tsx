import { useEffect, useMemo, useState } from 'preact/hooks';
import { type ApiClient, createApiClient } from '../api/client';
import type { WebConfig } from '../common/config';
import type { InsightsPage as InsightsPageType } from './InsightsPage';
import type { PolicyPage as PolicyPageType } from './PolicyPage';
import type { Agent } from './agentToken';
import { NewSessionDialog } from './NewSessionDialog';
import { usePolicy } from './policyState';
import { type Route, parseRoute } from './route';
import { SessionPage } from './SessionPage';
import { SessionsList } from './SessionsList';
import { SignIn } from './SignIn';
import { entraToken, forgetAgent, keepAgent, savedAgent } from './signIn';

export function ConsoleApp({ config }: { config: WebConfig }) {
  const [agent, setAgent] = useState<Agent | null>(savedAgent);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    // Coming back from the Entra sign-in page: finish the sign-in without another redirect.
    if (!agent && config.agentSignIn.mode === 'entra') {
      void entraToken(config, false).then(a => a && signedIn(a));
    }
  }, []);

  const api = useMemo(() => createApiClient(config.apiBaseUrl, () => (agent ? `Bearer ${agent.token}` : null)), [config, agent]);
  const [policy, reloadPolicy] = usePolicy(agent ? api : null);
  const isAdmin = agent?.roles.includes('admin') ?? false;
  // The team is the token's `team` claim where the console can read it (the development token); an Entra token names it
  // in a claim of the organisation's choosing, so the API's answer to GET /api/policy says it. Kept once known, so that
  // reloading the policy after a change does not blank the administrator's page.
  const [policyTeam, setPolicyTeam] = useState<string | null>(null);
  useEffect(() => {
    if (policy.status === 'ok' && policy.policy.team) {
      setPolicyTeam(policy.policy.team);
    }
  }, [policy]);
  const team = agent?.team ?? policyTeam;

  function signedIn(a: Agent) {
    keepAgent(a);
    setAgent(a);
  }

  function signOut() {
    forgetAgent();
    setAgent(null);
    setPolicyTeam(null);
  }

  if (!agent) {
    return <main id="main" class="console"><SignIn config={config} onSignedIn={signedIn} /></main>;
  }

  return (
    <>
      <header class="console-header">
        <a class="brand" href="#/">Agent console</a>
        <nav aria-label="Console">
          <a href="#/" aria-current={route.page === 'home' || route.page === 'session' ? 'page' : undefined}>Sessions</a>
          <a href="#/insights" aria-current={route.page === 'insights' ? 'page' : undefined}>Insights</a>
          {isAdmin && <a href="#/admin/policy" aria-current={route.page === 'admin' ? 'page' : undefined}>Customer authentication</a>}
        </nav>
        <span class="who">Signed in as <strong>{agent.agentId}</strong>{team ? ` · team ${team}` : ''}
          {agent.roles.length > 0 ? ` · ${agent.roles.join(', ')}` : ''}</span>
        <button type="button" onClick={signOut}>Sign out</button>
      </header>
      <main id="main" class="console">
        {route.page === 'session' && (
          <SessionPage key={route.sessionId} api={api} sessionId={route.sessionId}
            policy={policy.status === 'ok' ? policy.policy : null} onUnauthorized={signOut} />
        )}
        {route.page === 'insights' && <LazyInsightsPage api={api} onUnauthorized={signOut} />}
        {route.page === 'home' && <Home api={api} onNew={() => setCreating(true)} onUnauthorized={signOut} />}
        {route.page === 'admin' && (isAdmin
          ? <AdminPage key={team ?? ''} api={api} defaultTeam={team} onSaved={reloadPolicy} onUnauthorized={signOut} />
          : <p role="alert" class="error">Only administrators can change how customers authenticate.</p>)}
        {creating && (
          <NewSessionDialog api={api} policy={policy} onRetryPolicy={reloadPolicy} onClose={() => setCreating(false)}
            onCreated={id => { setCreating(false); location.hash = `#/sessions/${id}`; }} />
        )}
      </main>
    </>
  );
}

/** The settings page, loaded on demand: only administrators open it, so agents never download it. */
function AdminPage(props: Parameters<typeof PolicyPageType>[0]) {
  const [Page, setPage] = useState<typeof PolicyPageType | null>(null);
  useEffect(() => { void import('./PolicyPage').then(m => setPage(() => m.PolicyPage)); }, []);
  return Page ? <Page {...props} /> : <p role="status">Loading the settings…</p>;
}

/** The insights page, loaded on demand with its charting library: pages that draw no chart never download it. */
function LazyInsightsPage(props: Parameters<typeof InsightsPageType>[0]) {
  const [Page, setPage] = useState<typeof InsightsPageType | null>(null);
  useEffect(() => { void import('./InsightsPage').then(m => setPage(() => m.InsightsPage)); }, []);
  return Page ? <Page {...props} /> : <p role="status">Loading the insights…</p>;
}

function Home({ api, onNew, onUnauthorized }: { api: ApiClient; onNew: () => void; onUnauthorized: () => void }) {
  const [id, setId] = useState('');
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Sessions</h1>
      <button type="button" class="primary" onClick={onNew}>New session</button>
      <SessionsList api={api} onUnauthorized={onUnauthorized} />
      <form class="inline" onSubmit={e => { e.preventDefault(); if (id.trim()) location.hash = `#/sessions/${id.trim()}`; }}>
        <label for="open-id">Open a session by id</label>
        <input id="open-id" value={id} onInput={e => setId(e.currentTarget.value)} />
        <button type="submit">Open</button>
      </form>
    </section>
  );
}
