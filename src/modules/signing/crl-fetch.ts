import { readCrl } from './crl.ts';

/**
 * CRLs of other CAs (Ban Cơ yếu, public CAs), fetched from the URL their certificates name, with
 * a time limit and a size limit, and kept in memory until their nextUpdate (at most a day). Null
 * when the list cannot be had: the caller then says "revocation unknown".
 */
const cache = new Map<string, { crl: Buffer; until: number }>();
const maxBytes = 20 * 1024 * 1024;

export async function fetchCrl(url: string, timeoutMs = 5000): Promise<Buffer | null> {
  const now = Date.now();
  const hit = cache.get(url);
  if (hit && hit.until > now) return hit.crl;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!response.ok || !response.body) return null;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Uint8Array).length;
      if (size > maxBytes) return null;
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    let crl = Buffer.concat(chunks);
    // Some CAs publish PEM.
    const pem = crl.toString('latin1').match(/-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/);
    if (pem) crl = Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64');
    const next = readCrl(crl).nextUpdate?.getTime() ?? now;
    cache.set(url, { crl, until: Math.min(next, now + 86400_000) });
    return crl;
  } catch {
    return null;
  }
}
