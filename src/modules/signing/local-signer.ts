import crypto from 'node:crypto';
import { cmsForDigest } from './cms-build.ts';
import type { KeyAndCertificates } from './pkcs12.ts';
import type { SigningService } from './signing-service.ts';

/** A signer over a key in memory (opened from a PKCS#12): the CMS is built and signed here. */
export function localSigner(contents: KeyAndCertificates): SigningService {
  const key = contents.privateKey;
  const kind = key.asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
  if (key.asymmetricKeyType !== 'rsa' && kind !== 'ec') throw new Error(`unsupported key type ${key.asymmetricKeyType}`);
  const [certificate, ...chain] = contents.certificates;
  if (!certificate) throw new Error('a signer needs its certificate');
  return {
    certificate: async () => ({ certificate, chain }),
    signHash: (digest) =>
      cmsForDigest(digest, contents.certificates, kind, (attrs) =>
        kind === 'rsa' ? crypto.sign('sha256', attrs, key) : crypto.sign('sha256', attrs, { key, dsaEncoding: 'der' }),
      ),
  };
}
