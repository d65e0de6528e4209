import type pg from 'pg';
import { AppError } from '../../errors.ts';
import { type AtRestKey, unseal } from './at-rest.ts';
import { passwordLabel, pkcs12Label } from './issue-key.ts';
import { localSigner } from './local-signer.ts';
import { readPkcs12 } from './pkcs12.ts';
import type { SigningService } from './signing-service.ts';
import { findKey, type KeyRow } from './signing.repository.ts';

/**
 * A stored key, opened for signing: unsealed, its PKCS#12 read, the key kept in memory by the
 * returned signer only (open once for a batch). A key marked revoked is refused here already;
 * validity and the CRL are checked by signPdf before each signature.
 */
export async function openStoredSigner(pool: pg.Pool, key: AtRestKey, keyId: number): Promise<SigningService> {
  const row = await findKey(pool, keyId);
  if (!row) throw new AppError('not_found', `signing key ${keyId}`, { userMessage: 'Không tìm thấy chứng thư số này.' });
  if (row.revokedAt)
    throw new AppError('validation_failed', `signing key ${keyId} revoked`, {
      userMessage: 'Chứng thư số đã bị thu hồi; không thể ký.',
      problems: [{ field: 'certificate', message: 'Chứng thư số đã bị thu hồi; không thể ký.' }],
    });
  return localSigner(readPkcs12(...storedPkcs12(key, row)));
}

/** The PKCS#12 file and its password, unsealed (also what an officer downloads to use elsewhere). */
export function storedPkcs12(key: AtRestKey, row: KeyRow): [Buffer, string] {
  return [unseal(key, row.pkcs12, pkcs12Label(row.serial)), unseal(key, row.pkcs12Password, passwordLabel(row.serial)).toString('utf8')];
}
