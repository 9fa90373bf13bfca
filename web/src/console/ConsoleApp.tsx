import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApiClient } from '../api/client';
import type { WebConfig } from '../common/config';
import type { Agent } from './agentToken';
import { NewSessionDialog } from './NewSessionDialog';
import { defaultChannelPolicy } from './participantForm';
import { SessionPage } from './SessionPage';
import { SignIn } from './SignIn';
import { entraToken, forgetAgent, keepAgent, savedAgent } from './signIn';

type Route = { page: 'home' } | { page: 'session'; sessionId: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/sessions\/([A-Za-z0-9_-]{1,64})$/.exec(hash);
  return match?.[1] ? { page: 'session', sessionId: match[1] } : { page: 'home' };
}

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

  function signedIn(a: Agent) {
    keepAgent(a);
    setAgent(a);
  }

  function signOut() {
    forgetAgent();
    setAgent(null);
  }

  if (!agent) {
    return <main id="main" class="console"><SignIn config={config} onSignedIn={signedIn} /></main>;
  }

  return (
    <>
      <header class="console-header">
        <a class="brand" href="#/">Agent console</a>
        <span class="who">Signed in as <strong>{agent.agentId}</strong>{agent.team ? ` · team ${agent.team}` : ''}
          {agent.roles.length > 0 ? ` · ${agent.roles.join(', ')}` : ''}</span>
        <button type="button" onClick={signOut}>Sign out</button>
      </header>
      <main id="main" class="console">
        {route.page === 'session'
          ? <SessionPage key={route.sessionId} api={api} sessionId={route.sessionId} policy={defaultChannelPolicy} onUnauthorized={signOut} />
          : <Home onNew={() => setCreating(true)} />}
        {creating && (
          <NewSessionDialog api={api} policy={defaultChannelPolicy} onClose={() => setCreating(false)}
            onCreated={id => { setCreating(false); location.hash = `#/sessions/${id}`; }} />
        )}
      </main>
    </>
  );
}

function Home({ onNew }: { onNew: () => void }) {
  const [id, setId] = useState('');
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Sessions</h1>
      <button type="button" class="primary" onClick={onNew}>New session</button>
      <form class="inline" onSubmit={e => { e.preventDefault(); if (id.trim()) location.hash = `#/sessions/${id.trim()}`; }}>
        <label for="open-id">Open a session by id</label>
        <input id="open-id" value={id} onInput={e => setId(e.currentTarget.value)} />
        <button type="submit">Open</button>
      </form>
    </section>
  );
}
