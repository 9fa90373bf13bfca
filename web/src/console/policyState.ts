import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { Policy } from './participantForm';

/** The agent's effective policy (`GET /api/policy`), read once per sign-in: it shapes the person dialogs. */
export type PolicyState = { status: 'loading' } | { status: 'ok'; policy: Policy } | { status: 'failed'; code: string };

/** Reads the policy while `api` is set (signed in); the second value reads it again. */
export function usePolicy(api: ApiClient | null): [PolicyState, () => void] {
  const [state, setState] = useState<PolicyState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!api) {
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    api.GET('/policy').then(
      ({ data, error, response }) => current && setState(data ? { status: 'ok', policy: data } : { status: 'failed', code: error?.code ?? `http_${response.status}` }),
      () => current && setState({ status: 'failed', code: 'network_error' }),
    );
    return () => { current = false; };
  }, [api, generation]);
  return [state, () => setGeneration(g => g + 1)];
}
