import type { ApiClient, Problem } from '../api/client';

/** The two forms of a session's signed evidence the console offers for download. */
export type EvidenceFormat = 'jws' | 'pdf';

const mediaTypes: Record<EvidenceFormat, string> = { jws: 'application/jose', pdf: 'application/pdf' };

/** The file a download is saved as: `evidence-<sessionId>.jws` or `.pdf`. */
export function evidenceFileName(sessionId: string, format: EvidenceFormat): string {
  return `evidence-${sessionId}.${format}`;
}

/**
 * Fetches the session's evidence in `format` (the agent's token travels in the Authorization header, never in a URL) and
 * saves it as a file through a temporary object URL. Null when saved; the problem otherwise (undefined: no answer).
 */
export async function downloadEvidence(api: ApiClient, sessionId: string, format: EvidenceFormat,
  save: (blob: Blob, fileName: string) => void = saveBlob): Promise<Partial<Problem> | undefined | null> {
  const { data, error, response } = await api.GET('/sessions/{sessionId}/evidence', {
    params: { path: { sessionId } },
    headers: { Accept: mediaTypes[format] },
    parseAs: 'blob',
  }).catch(() => ({ data: undefined, error: undefined, response: undefined }));
  if (response?.ok && data) {
    save(new Blob([data as Blob], { type: mediaTypes[format] }), evidenceFileName(sessionId, format));
    return null;
  }
  return error as Partial<Problem> | undefined;
}

function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
