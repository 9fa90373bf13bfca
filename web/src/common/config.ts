/** Settings the page reads at start from /config.json (one build for every environment). */
export interface WebConfig {
  /** The API's base URL including the route prefix, e.g. `http://127.0.0.1:7071/api`. */
  apiBaseUrl: string;
  /** Shown to customers as the inviting organisation. */
  organisation: string;
  agentSignIn: DevelopmentSignIn | EntraSignIn;
}

/** Local development: agent tokens come from the local host's development endpoint or are pasted. */
export interface DevelopmentSignIn {
  mode: 'development';
}

/** Azure: agents sign in with Entra ID (MSAL, authorization code flow with PKCE). */
export interface EntraSignIn {
  mode: 'entra';
  clientId: string;
  /** e.g. `https://login.microsoftonline.com/<tenant id>` */
  authority: string;
  /** The API's scope, e.g. `api://<api app id>/access_as_user`. */
  scopes: string[];
}

export async function loadConfig(): Promise<WebConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`config.json: ${response.status}`);
  }
  const config = (await response.json()) as WebConfig;
  return { ...config, apiBaseUrl: config.apiBaseUrl.replace(/\/+$/, '') };
}
