import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

/** Request and response shapes, generated from the API's own OpenAPI document at build time. */
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type ApiClient = Client<paths>;

/**
 * A typed client for the API. `authorization` is asked for on every request, so a page can switch
 * credentials (invite token → access token) without a new client. Credentials travel only in the
 * `Authorization` header, never in a URL.
 */
export function createApiClient(baseUrl: string, authorization: () => string | null): ApiClient {
  const client = createClient<paths>({ baseUrl });
  client.use({
    onRequest({ request }) {
      const value = authorization();
      if (value) {
        request.headers.set('Authorization', value);
      }
      return request;
    },
  });
  return client;
}

/** The stable `code` of a problem response, or `network_error` when there was no answer at all. */
export function problemCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'unknown_error';
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(response: Response | undefined, now: number = Date.now()): number | null {
  const value = response?.headers.get('Retry-After');
  if (!value) {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
