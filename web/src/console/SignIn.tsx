import { useState } from 'preact/hooks';
import type { WebConfig } from '../common/config';
import { type Agent, isExpired, readAgentToken } from './agentToken';
import { developmentToken, entraToken } from './signIn';

interface Props {
  config: WebConfig;
  onSignedIn: (agent: Agent) => void;
}

export function SignIn({ config, onSignedIn }: Props) {
  const [message, setMessage] = useState<string | null>(null);
  if (config.agentSignIn.mode === 'entra') {
    return (
      <section aria-labelledby="signin-title" class="signin">
        <h1 id="signin-title">Agent console</h1>
        <button type="button" class="primary" onClick={() => entraToken(config, true).then(a => a && onSignedIn(a))}>
          Sign in with your work account</button>
      </section>
    );
  }
  return (
    <section aria-labelledby="signin-title" class="signin">
      <h1 id="signin-title">Agent console — local development</h1>
      <DevelopmentForm config={config} onSignedIn={onSignedIn} onError={setMessage} />
      <PasteForm onSignedIn={onSignedIn} onError={setMessage} />
      <p role="alert" class="error">{message}</p>
    </section>
  );
}

function DevelopmentForm({ config, onSignedIn, onError }: Props & { onError: (m: string) => void }) {
  const [agentId, setAgentId] = useState('agent-7');
  const [team, setTeam] = useState('retail');
  const [roles, setRoles] = useState<string[]>([]);
  const toggle = (role: string) => setRoles(roles.includes(role) ? roles.filter(r => r !== role) : [...roles, role]);
  return (
    <form class="card" onSubmit={async e => {
      e.preventDefault();
      try {
        onSignedIn(await developmentToken(config, { agentId: agentId.trim(), team: team.trim(), roles }));
      } catch (error) {
        onError(error instanceof Error ? error.message : String(error));
      }
    }}>
      <h2>Get a development token from the local host</h2>
      <div class="field"><label for="dev-agent">Agent id</label>
        <input id="dev-agent" value={agentId} required onInput={e => setAgentId(e.currentTarget.value)} /></div>
      <div class="field"><label for="dev-team">Team</label>
        <input id="dev-team" value={team} onInput={e => setTeam(e.currentTarget.value)} /></div>
      <fieldset class="field"><legend>Roles besides agent</legend>
        {['supervisor', 'admin'].map(role => (
          <label class="choice" key={role}><input type="checkbox" checked={roles.includes(role)} onChange={() => toggle(role)} /> {role}</label>
        ))}
      </fieldset>
      <button type="submit" class="primary">Sign in (development)</button>
    </form>
  );
}

function PasteForm({ onSignedIn, onError }: { onSignedIn: (a: Agent) => void; onError: (m: string) => void }) {
  const [token, setToken] = useState('');
  return (
    <form class="card" onSubmit={e => {
      e.preventDefault();
      const agent = readAgentToken(token);
      if (!agent) {
        onError('That is not an agent token (a JWT with an agent id and an expiry).');
      } else if (isExpired(agent)) {
        onError('That token has expired.');
      } else {
        onSignedIn(agent);
      }
    }}>
      <h2>Or paste an agent token</h2>
      <div class="field"><label for="paste-token">Agent token (JWT)</label>
        <textarea id="paste-token" rows={3} value={token} autocomplete="off" spellcheck={false}
          onInput={e => setToken(e.currentTarget.value)} /></div>
      <button type="submit">Sign in with this token</button>
    </form>
  );
}
