import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { deployConfig, siteConfig } from '../scripts/deploy-config.mjs';

const env = {
  SERVICE_API_URI: 'https://func-api-abc.azurewebsites.net/',
  AUTH_AGENTS_AUDIENCE: 'api://otp-sessions',
  AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000001',
  WEB_ENTRA_CLIENT_ID: '11111111-0000-0000-0000-000000000002',
};

describe('deployConfig', () => {
  it('points the pages at the function app and signs agents in with Entra ID', () => {
    expect(deployConfig(env)).toEqual({
      apiBaseUrl: 'https://func-api-abc.azurewebsites.net/api',
      organisation: 'Contoso Bank',
      agentSignIn: {
        mode: 'entra',
        clientId: '11111111-0000-0000-0000-000000000002',
        authority: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001',
        scopes: ['api://otp-sessions/.default'],
      },
    });
  });

  it('takes the agents’ authority without its v2.0 suffix, and an explicit scope', () => {
    const config = deployConfig({ ...env, AUTH_AGENTS_AUTHORITY: 'https://login.microsoftonline.com/t/v2.0', WEB_ENTRA_SCOPE: 'api://x/access_as_user' });
    expect(config.agentSignIn).toMatchObject({ authority: 'https://login.microsoftonline.com/t', scopes: ['api://x/access_as_user'] });
  });

  it('names the missing setting', () => {
    expect(() => deployConfig({ ...env, WEB_ENTRA_CLIENT_ID: '' })).toThrow(/WEB_ENTRA_CLIENT_ID/);
  });
});

describe('siteConfig', () => {
  const site = JSON.parse(readFileSync(new URL('../public/staticwebapp.config.json', import.meta.url), 'utf8'));
  const csp = (config: Parameters<typeof siteConfig>[1]) => siteConfig(site, config).globalHeaders['Content-Security-Policy'];

  it('lets the pages reach the API and Entra ID sign-in, and nothing else', () => {
    expect(csp(deployConfig(env))).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self' https://func-api-abc.azurewebsites.net https://login.microsoftonline.com; "
      + "frame-src https://login.microsoftonline.com; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'");
  });

  it('adds only the API origin in development sign-in mode, and keeps every other header', () => {
    const completed = siteConfig(site, { apiBaseUrl: 'http://127.0.0.1:7071/api', agentSignIn: { mode: 'development' } });
    expect(completed.globalHeaders['Content-Security-Policy']).toContain("connect-src 'self' http://127.0.0.1:7071;");
    expect(completed.globalHeaders['Content-Security-Policy']).toContain("frame-src 'none';");
    expect(completed.globalHeaders['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(completed.routes).toEqual(site.routes);
  });
});
