import type { WebConfig } from '../common/config';
import { type Agent, isExpired, readAgentToken } from './agentToken';

const storageKey = 'otp-sessions.agent';

/** The agent signed in in this tab, if the token has not expired. */
export function savedAgent(): Agent | null {
  const token = sessionStorage.getItem(storageKey);
  const agent = token ? readAgentToken(token) : null;
  return agent && !isExpired(agent) ? agent : null;
}

export function keepAgent(agent: Agent): void {
  sessionStorage.setItem(storageKey, agent.token);
}

export function forgetAgent(): void {
  sessionStorage.removeItem(storageKey);
}

export interface DevTokenRequest {
  agentId: string;
  team: string;
  roles: string[];
}

/** The app roles of a development token: `agent` (what an organisation assigns every agent), plus those chosen. */
export function developmentRoles(chosen: string[]): string[] {
  return ['agent', ...chosen.filter(role => role !== 'agent')];
}

/**
 * Local development only: the local host mints an agent token with the development signing key
 * (POST {api}/dev/agent-token). The endpoint does not exist in Azure.
 */
export async function developmentToken(config: WebConfig, request: DevTokenRequest): Promise<Agent> {
  const response = await fetch(`${config.apiBaseUrl}/dev/agent-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub: request.agentId, team: request.team || null, roles: developmentRoles(request.roles) }),
  });
  if (!response.ok) {
    throw new Error(`The local host gave no development token (${response.status}).`);
  }
  const { token } = (await response.json()) as { token: string };
  const agent = readAgentToken(token);
  if (!agent) {
    throw new Error('The local host answered with something that is not an agent token.');
  }
  return agent;
}

/**
 * Azure: Entra ID through MSAL (loaded only in this mode). Returns the agent after a completed sign-in,
 * or null while the browser is sent to the sign-in page.
 */
export async function entraToken(config: WebConfig, interactive: boolean): Promise<Agent | null> {
  if (config.agentSignIn.mode !== 'entra') {
    return null;
  }
  const { clientId, authority, scopes } = config.agentSignIn;
  const msal = await import('@azure/msal-browser');
  const app = await msal.createStandardPublicClientApplication({
    auth: { clientId, authority, redirectUri: `${location.origin}/console` },
    cache: { cacheLocation: 'sessionStorage' },
  });
  const redirect = await app.handleRedirectPromise();
  const account = redirect?.account ?? app.getAllAccounts()[0];
  if (!account) {
    if (interactive) {
      await app.loginRedirect({ scopes });
    }
    return null;
  }
  try {
    const result = await app.acquireTokenSilent({ scopes, account });
    return readAgentToken(result.accessToken);
  } catch {
    if (interactive) {
      await app.acquireTokenRedirect({ scopes, account });
    }
    return null;
  }
}
