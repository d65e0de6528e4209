import { X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import type pg from 'pg';
import { findDevAuthority } from './signing.repository.ts';

/**
 * The roots a verification trusts: the development CA (when this installation has one) and the
 * certificates of a PEM file the province configures (SIGNING_TRUST_LIST: the root of Ban Cơ yếu
 * Chính phủ for official signatures, the roots of licensed public CAs for citizens' and
 * businesses' signatures).
 */
export interface TrustList {
  anchors: X509Certificate[];
}

export async function loadTrustList(pool: pg.Pool, pemFile?: string | null): Promise<TrustList> {
  const anchors: X509Certificate[] = [];
  const dev = await findDevAuthority(pool);
  if (dev) anchors.push(new X509Certificate(dev.certificate));
  if (pemFile) anchors.push(...certificatesOfPem(await fs.readFile(pemFile, 'latin1')));
  return { anchors };
}

/** Every certificate of a PEM bundle (unreadable blocks are skipped). */
export function certificatesOfPem(pem: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const m of pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)) {
    try {
      out.push(new X509Certificate(m[0]));
    } catch {
      // Not a certificate: left out of the trust list rather than failing every verification.
    }
  }
  return out;
}
