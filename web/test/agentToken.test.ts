import { describe, expect, it } from 'vitest';
import { isExpired, readAgentToken } from '../src/console/agentToken';

const jwt = (claims: object) =>
  ['{"alg":"HS256"}', JSON.stringify(claims)].map(p => btoa(p).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')).join('.') + '.sig';

describe('readAgentToken', () => {
  it('reads agent id, team, roles and expiry', () => {
    const agent = readAgentToken(jwt({ sub: 'agent-7', team: 'retail', roles: ['admin'], exp: 2_000_000_000 }));
    expect(agent).toMatchObject({ agentId: 'agent-7', team: 'retail', roles: ['admin'], expiresAt: 2_000_000_000_000 });
  });

  it('prefers Entra’s display name, then oid, over sub', () => {
    expect(readAgentToken(jwt({ sub: 'x', oid: 'o-1', exp: 1 }))?.agentId).toBe('o-1');
    expect(readAgentToken(jwt({ sub: 'x', oid: 'o-1', name: 'Ana Ruiz', exp: 1 }))?.agentId).toBe('Ana Ruiz');
    expect(readAgentToken(jwt({ sub: 'x', roles: 'supervisor', exp: 1 }))?.roles).toEqual(['supervisor']);
  });

  it('refuses what is not an agent token', () => {
    expect(readAgentToken('nonsense')).toBeNull();
    expect(readAgentToken('a.b.c')).toBeNull();
    expect(readAgentToken(jwt({ sub: 'agent-7' }))).toBeNull();
  });

  it('knows when a token has expired', () => {
    const agent = readAgentToken(jwt({ sub: 'a', exp: 100 }))!;
    expect(isExpired(agent, 99_999)).toBe(false);
    expect(isExpired(agent, 100_000)).toBe(true);
  });
});
