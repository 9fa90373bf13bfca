// Writes dist/config.json for Azure from the azd environment (run by azd after it builds the web service; see
// azure.yaml). One build serves every environment: the pages read their API URL and Entra ID settings at start.
import { writeFileSync } from 'node:fs';
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = new URL('../dist/config.json', import.meta.url);
  writeFileSync(target, JSON.stringify(deployConfig(process.env), null, 2) + '\n');
  console.log(`wrote ${fileURLToPath(target)}`);
}
