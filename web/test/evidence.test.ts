import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../src/api/client';
import { downloadEvidence, evidenceFileName } from '../src/console/evidence';

const sessionId = 's_0123456789abcdef0123456789abcdef';

function apiAnswering(response: Response) {
  const requests: Request[] = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    requests.push(request);
    return response;
  });
  return { api: createApiClient('https://api.example.invalid/api', () => 'Bearer agent-token'), requests };
}

describe('evidence downloads', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for the PDF with the agent token in the header, never in the URL, and saves it under the session id', async () => {
    const { api, requests } = apiAnswering(new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46]), { status: 200, headers: { 'Content-Type': 'application/pdf' } }));
    const saved: { blob: Blob; name: string }[] = [];

    const problem = await downloadEvidence(api, sessionId, 'pdf', (blob, name) => saved.push({ blob, name }));

    expect(problem).toBeNull();
    expect(requests[0]!.url).toBe(`https://api.example.invalid/api/sessions/${sessionId}/evidence`);
    expect(requests[0]!.headers.get('Accept')).toBe('application/pdf');
    expect(requests[0]!.headers.get('Authorization')).toBe('Bearer agent-token');
    expect(saved[0]!.name).toBe(`evidence-${sessionId}.pdf`);
    expect(saved[0]!.blob.type).toBe('application/pdf');
    expect(new Uint8Array(await saved[0]!.blob.arrayBuffer())).toEqual(new Uint8Array([0x25, 0x50, 0x44, 0x46]));
  });

  it('asks for the JWS as application/jose', async () => {
    const { api, requests } = apiAnswering(new Response('a.b.c', { status: 200, headers: { 'Content-Type': 'application/jose' } }));
    const saved: string[] = [];

    expect(await downloadEvidence(api, sessionId, 'jws', (_, name) => saved.push(name))).toBeNull();

    expect(requests[0]!.headers.get('Accept')).toBe('application/jose');
    expect(saved).toEqual([evidenceFileName(sessionId, 'jws')]);
  });

  it('returns the problem and saves nothing when the session is not the agent\'s', async () => {
    const { api } = apiAnswering(new Response(JSON.stringify({ code: 'session_not_found', status: 404 }),
      { status: 404, headers: { 'Content-Type': 'application/problem+json' } }));
    const saved: string[] = [];

    const problem = await downloadEvidence(api, sessionId, 'pdf', (_, name) => saved.push(name));

    expect(problem?.code).toBe('session_not_found');
    expect(saved).toEqual([]);
  });
});
