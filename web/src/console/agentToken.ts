/** Who the console acts for, read from the agent token's claims (shown, never trusted: the API checks the token). */
export interface Agent {
  token: string;
  agentId: string;
  team: string | null;
  roles: string[];
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Reads a JWT's payload without checking it; null when it is not a JWT with an agent id and expiry. */
export function readAgentToken(token: string): Agent | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) {
    return null;
  }
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(decodeBase64Url(parts[1])) as Record<string, unknown>;
  } catch {
    return null;
  }
  const agentId = typeof claims.oid === 'string' ? claims.oid : typeof claims.sub === 'string' ? claims.sub : null;
  if (!agentId || typeof claims.exp !== 'number') {
    return null;
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string')
    : typeof claims.roles === 'string' ? [claims.roles] : [];
  return {
    token: token.trim(),
    agentId: typeof claims.name === 'string' ? claims.name : agentId,
    team: typeof claims.team === 'string' ? claims.team : null,
    roles,
    expiresAt: claims.exp * 1000,
  };
}

export function isExpired(agent: Agent, now: number = Date.now()): boolean {
  return agent.expiresAt <= now;
}

function decodeBase64Url(value: string): string {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
