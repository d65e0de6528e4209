import type { X509Certificate } from 'node:crypto';
import { issuedBy } from './revocation-source.ts';

/**
 * Whether a signer's certificate leads to a trusted root: up through the certificates the
 * signature carries (each issuer a CA whose key signed the one below) to one of the trust
 * anchors (the development CA, the roots a province configures).
 */
export interface ChainResult {
  trusted: boolean;
  /** From the signer's certificate up, as far as it could be followed. */
  path: X509Certificate[];
  problem: 'untrusted_root' | 'issuer_missing' | null;
}

export function buildChain(leaf: X509Certificate, carried: X509Certificate[], anchors: X509Certificate[]): ChainResult {
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (anchors.some((a) => a.raw.equals(current.raw))) return { trusted: true, path, problem: null };
    const anchor = anchors.find((a) => a.ca && issuedBy(current, a));
    if (anchor) return { trusted: true, path: [...path, anchor], problem: null };
    if (issuedBy(current, current)) return { trusted: false, path, problem: 'untrusted_root' };
    const next = carried.find((c) => c.ca && !path.includes(c) && issuedBy(current, c));
    if (!next) return { trusted: false, path, problem: 'issuer_missing' };
    path.push(next);
    current = next;
  }
  return { trusted: false, path, problem: 'issuer_missing' };
}
