import { X509Certificate } from 'node:crypto';
import type pg from 'pg';
import { isUniqueViolation } from '../../db/errors.ts';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import { fold } from '../../lib/vietnamese.ts';
import { type AuditActor, appendAudit } from '../audit/append-audit.ts';
import { type AtRestKey, seal } from './at-rest.ts';
import { readCertificate, type CertificateFields } from './certificate-fields.ts';
import { passwordLabel, pkcs12Label, type KeyHolder, type SigningKeyInfo } from './issue-key.ts';
import { Pkcs12Error, readPkcs12 } from './pkcs12.ts';
import { issuedBy } from './revocation-source.ts';
import { findDevAuthority, insertKey } from './signing.repository.ts';
import { buildChain } from './trust-chain.ts';
import type { TrustList } from './trust-list.ts';

/**
 * How a province brings the keys its CA issued (Ban Cơ yếu Chính phủ for officials and
 * organisations, or a licensed public CA): the PKCS#12 file and its password, checked (it opens,
 * it holds a key and that key's certificate, issued through a CA the province trusts, `trust`, to
 * the holder it is imported for, by name) and stored sealed as it came; audited. Signing with it
 * is then checked like any other: validity, and revocation by the CRL its certificate names.
 */
export async function importSigningKey(
  pool: pg.Pool,
  key: AtRestKey,
  holder: KeyHolder,
  file: { pkcs12: Buffer; password: string },
  by: AuditActor,
  trust: TrustList,
): Promise<SigningKeyInfo> {
  let certificate: Buffer;
  let chain: Buffer[];
  try {
    [certificate, ...chain] = readPkcs12(file.pkcs12, file.password).certificates as [Buffer, ...Buffer[]];
  } catch (err) {
    if (!(err instanceof Pkcs12Error)) throw err;
    throw new AppError('validation_failed', err.message, {
      problems: [
        { field: 'pkcs12', message: 'Không mở được tệp khóa (PKCS#12): sai mật khẩu, tệp hỏng hoặc tệp không chứa khóa và chứng thư số.' },
      ],
    });
  }
  const fields = readCertificate(certificate);
  const refused = importRefusal(fields, holder, certificate, chain, trust);
  if (refused)
    throw new AppError('validation_failed', `import refused: ${fields.subjectText}`, { problems: [{ field: 'pkcs12', message: refused }] });
  const dev = await findDevAuthority(pool);
  const fromDev = dev ? issuedBy(new X509Certificate(certificate), new X509Certificate(dev.certificate)) : false;
  const row = {
    holderKind: holder.kind,
    staffId: holder.kind === 'officer' ? holder.staffId : null,
    agencyId: holder.agencyId,
    authorityId: fromDev ? dev!.id : null,
    subject: fields.subjectText,
    issuer: fields.issuerText,
    serial: fields.serial,
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    certificate,
    pkcs12: seal(key, file.pkcs12, pkcs12Label(fields.serial)),
    pkcs12Password: seal(key, Buffer.from(file.password, 'utf8'), passwordLabel(fields.serial)),
  };
  const id = await transaction(pool, async (db) => {
    const id = await insertKey(db, row).catch((err: unknown) => {
      if (isUniqueViolation(err))
        throw new AppError('conflict', `certificate ${fields.serial} already imported`, {
          userMessage: 'Chứng thư số này đã được nhập trước đây.',
        });
      throw err;
    });
    await appendAudit(db, {
      actor: by,
      action: 'signing.key_imported',
      subjectType: 'signing_key',
      subjectId: id,
      agencyId: holder.agencyId,
      detail: { holder: holder.kind, subject: fields.subjectText, issuer: fields.issuerText, serial: fields.serial, chain: chain.length },
    });
    return id;
  });
  return { id, ...row, revokedAt: null };
}

/**
 * Why a certificate cannot be a holder's key, in Vietnamese, or null: it must lead to a root the
 * province trusts (SIGNING_TRUST_LIST; a root carried in the file itself proves nothing), and name
 * the holder: the officer as common name, the agency as common name or organisation.
 */
export function importRefusal(
  fields: CertificateFields,
  holder: KeyHolder,
  certificate: Buffer,
  chain: Buffer[],
  trust: TrustList,
): string | null {
  const carried = chain.map((c) => new X509Certificate(c));
  if (!buildChain(new X509Certificate(certificate), carried, trust.anchors).trusted)
    return 'Chứng thư số không do tổ chức chứng thực mà tỉnh tin cậy cấp: chứng thư gốc của tổ chức đó phải có trong danh sách tin cậy (SIGNING_TRUST_LIST).';
  const same = (a: string | undefined, b: string) =>
    a !== undefined && fold(a).replace(/\s+/g, ' ').trim() === fold(b).replace(/\s+/g, ' ').trim();
  const { commonName, organisation } = fields.subject;
  if (holder.kind === 'officer' && !same(commonName, holder.fullName))
    return `Chứng thư số cấp cho «${commonName ?? fields.subjectText}», không phải cho ${holder.fullName}.`;
  if (holder.kind === 'organisation' && !same(commonName, holder.agencyName) && !same(organisation, holder.agencyName))
    return `Chứng thư số cấp cho «${commonName ?? fields.subjectText}», không phải cho ${holder.agencyName}.`;
  return null;
}
