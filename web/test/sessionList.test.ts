import { describe, expect, it } from 'vitest';
import { type FetchPage, type ListState, type PageResult, type SessionSummary, SessionListLoader, anySession, listQuery } from '../src/console/sessionList';

function summary(id: string, status: 'active' | 'closed' = 'active'): SessionSummary {
  return { sessionId: id, status, reference: `ref-${id}`, createdAt: '2026-12-02T05:00:00Z', expiresAt: '2027-01-01T00:00:00Z', agentId: 'agent-7', team: 'retail', participants: 1 };
}

/** A fake API whose answers the test releases one by one, in any order. */
function deferredApi() {
  const calls: { filter: unknown; token: string | null; resolve: (r: PageResult) => void }[] = [];
  const fetchPage: FetchPage = (filter, token) => new Promise(resolve => calls.push({ filter, token, resolve }));
  return { calls, fetchPage };
}

const page = (ids: string[], continuationToken: string | null): PageResult => ({ status: 'ok', page: { sessions: ids.map(id => summary(id)), continuationToken } });

describe('listQuery', () => {
  it('leaves out empty filters and trims the reference', () => {
    expect(listQuery(anySession, null)).toEqual({ limit: 20 });
    expect(listQuery({ status: 'closed', reference: '  loan-1 ' }, 'next-1', 10)).toEqual({ limit: 10, status: 'closed', reference: 'loan-1', continuationToken: 'next-1' });
    expect(listQuery({ status: 'all', reference: '   ' }, null)).toEqual({ limit: 20 });
  });
});

describe('SessionListLoader', () => {
  it('appends the next page with the continuation token the API returned, and stops after the last page', async () => {
    const api = deferredApi();
    const states: ListState[] = [];
    const loader = new SessionListLoader(api.fetchPage, s => states.push(s));

    const first = loader.load({ status: 'active', reference: '' });
    api.calls[0]!.resolve(page(['a', 'b'], 'token-2'));
    await first;
    const second = loader.more();
    expect(api.calls[1]!.token).toBe('token-2');
    expect(api.calls[1]!.filter).toEqual({ status: 'active', reference: '' });
    api.calls[1]!.resolve(page(['b', 'c'], null));  // a session listed again (the list moved) appears once
    await second;

    expect(loader.current.sessions.map(s => s.sessionId)).toEqual(['a', 'b', 'c']);
    expect(loader.current.continuationToken).toBeNull();
    await loader.more();
    expect(api.calls).toHaveLength(2);
  });

  it('drops an answer for an earlier filter that arrives after the new one', async () => {
    const api = deferredApi();
    const loader = new SessionListLoader(api.fetchPage, () => {});

    const old = loader.load(anySession);
    const current = loader.load({ status: 'closed', reference: '' });
    api.calls[1]!.resolve(page(['closed-1'], null));
    await current;
    api.calls[0]!.resolve(page(['active-1', 'active-2'], 'more'));
    await old;

    expect(loader.current.filter.status).toBe('closed');
    expect(loader.current.sessions.map(s => s.sessionId)).toEqual(['closed-1']);
    expect(loader.current.continuationToken).toBeNull();
  });

  it('reports a failure and keeps what it had; a new filter starts from an empty list', async () => {
    const api = deferredApi();
    const loader = new SessionListLoader(api.fetchPage, () => {});
    const first = loader.load(anySession);
    api.calls[0]!.resolve(page(['a'], 'token-2'));
    await first;

    const more = loader.more();
    api.calls[1]!.resolve({ status: 'failed', code: 'busy' });
    await more;
    expect(loader.current.failure).toBe('busy');
    expect(loader.current.sessions.map(s => s.sessionId)).toEqual(['a']);
    expect(loader.current.continuationToken).toBe('token-2');

    void loader.load({ status: 'all', reference: 'loan-9' });
    expect(loader.current.sessions).toEqual([]);
    expect(loader.current.loading).toBe(true);
    expect(loader.current.failure).toBeNull();
  });

  it('asks for no second page while one is being read', async () => {
    const api = deferredApi();
    const loader = new SessionListLoader(api.fetchPage, () => {});
    const first = loader.load(anySession);
    api.calls[0]!.resolve(page(['a'], 'token-2'));
    await first;

    void loader.more();
    void loader.more();
    expect(api.calls).toHaveLength(2);
  });

  it('turns a thrown fetch (no answer) into a network_error failure', async () => {
    const loader = new SessionListLoader(() => Promise.reject(new TypeError('Failed to fetch')), () => {});
    await loader.load(anySession);
    expect(loader.current.failure).toBe('network_error');
    expect(loader.current.loading).toBe(false);
  });
});
