/** The console's pages, in the URL fragment: `#/` (sessions), `#/sessions/{id}`, `#/insights`, `#/admin/policy`. */
export type Route = { page: 'home' } | { page: 'session'; sessionId: string } | { page: 'insights' } | { page: 'admin' };

export function parseRoute(hash: string): Route {
  if (hash === '#/admin/policy') {
    return { page: 'admin' };
  }
  if (hash === '#/insights') {
    return { page: 'insights' };
  }
  const match = /^#\/sessions\/([A-Za-z0-9_-]{1,64})$/.exec(hash);
  return match?.[1] ? { page: 'session', sessionId: match[1] } : { page: 'home' };
}
