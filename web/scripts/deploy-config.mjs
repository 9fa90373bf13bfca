// Writes dist/config.json for Azure from the azd environment (run by azd after it builds the web service; see
// azure.yaml). One build serves every environment: the pages read their API URL and Entra ID settings at start.
// It also completes the Content-Security-Policy of dist/staticwebapp.config.json with the origins only the deployment
// knows: the API's (connect-src) and, with Entra ID, the sign-in host's (connect-src, and frame-src for MSAL's silent
// renewal). `node deploy-config.mjs --site-config <config.json>` prints the site configuration a config gives (the
// browser tests serve the built pages with exactly that header).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The web client's settings from azd environment values.
 * @param {Record<string, string | undefined>} env
 */
export function deployConfig(env) {
  const need = name => {
    const value = env[name]?.trim();
    if (!value) {
      throw new Error(`${name} is not set in the azd environment (see infra/README.md, "Web client").`);
    }
    return value;
  };
  const api = need('SERVICE_API_URI').replace(/\/+$/, '');
  const audience = need('AUTH_AGENTS_AUDIENCE');
  const authority = (env.AUTH_AGENTS_AUTHORITY?.trim() || `https://login.microsoftonline.com/${need('AZURE_TENANT_ID')}`)
    .replace(/\/v2\.0\/?$/, '').replace(/\/+$/, '');
  return {
    apiBaseUrl: `${api}/api`,
    organisation: env.MESSAGING_ORGANISATION_NAME?.trim() || 'Contoso Bank',
    agentSignIn: {
      mode: 'entra',
      clientId: need('WEB_ENTRA_CLIENT_ID'),
      authority,
      scopes: [env.WEB_ENTRA_SCOPE?.trim() || `${audience.replace(/\/+$/, '')}/.default`],
    },
  };
}

/**
 * The site configuration with its Content-Security-Policy completed for a web client config: the API's origin joins
 * `connect-src`; in Entra mode the authority's origin joins `connect-src` (token requests) and becomes `frame-src`
 * (MSAL's hidden iframe). Every other directive stays as the checked-in file has it.
 * @template {{ globalHeaders: Record<string, string> }} T
 * @param {T} site the parsed staticwebapp.config.json
 * @param {{ apiBaseUrl: string, agentSignIn: { mode: string, authority?: string } }} config
 * @returns {T}
 */
export function siteConfig(site, config) {
  const header = 'Content-Security-Policy';
  const policy = site.globalHeaders?.[header];
  if (!policy) {
    throw new Error(`staticwebapp.config.json has no ${header} in globalHeaders.`);
  }
  const directives = new Map(policy.split(';').map(d => d.trim()).filter(Boolean).map(d => {
    const [name, ...sources] = d.split(/\s+/);
    return [name, sources];
  }));
  const add = (name, origin) => {
    const sources = (directives.get(name) ?? []).filter(s => s !== "'none'");
    directives.set(name, sources.includes(origin) ? sources : [...sources, origin]);
  };
  add('connect-src', new URL(config.apiBaseUrl).origin);
  if (config.agentSignIn.mode === 'entra') {
    const signIn = new URL(config.agentSignIn.authority ?? '').origin;
    add('connect-src', signIn);
    add('frame-src', signIn);
  }
  const completed = [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
  return { ...site, globalHeaders: { ...site.globalHeaders, [header]: completed } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const siteFile = new URL('../dist/staticwebapp.config.json', import.meta.url);
  const site = JSON.parse(readFileSync(siteFile, 'utf8'));
  const option = process.argv.indexOf('--site-config');
  if (option > 0) {
    process.stdout.write(JSON.stringify(siteConfig(site, JSON.parse(readFileSync(process.argv[option + 1], 'utf8')))));
  } else {
    const target = new URL('../dist/config.json', import.meta.url);
    const config = deployConfig(process.env);
    writeFileSync(target, JSON.stringify(config, null, 2) + '\n');
    writeFileSync(siteFile, JSON.stringify(siteConfig(site, config), null, 2) + '\n');
    console.log(`wrote ${fileURLToPath(target)} and the Content-Security-Policy of ${fileURLToPath(siteFile)}`);
  }
}
