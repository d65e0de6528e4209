import { AppError, type FieldProblem } from '../../errors.ts';
import { formatDate, formatMoment } from '../../lib/vietnamese.ts';
import type { CertificateFields } from './certificate-fields.ts';
import type { RevocationStatus } from './revocation-status.ts';

/**
 * The rule checked before every signature: the certificate is within its validity period and
 * known not to be revoked. Every reason it fails is given, in Vietnamese, for the person signing.
 */
export function signingProblems(cert: CertificateFields, revocation: RevocationStatus, at: Date): FieldProblem[] {
  const problems: string[] = [];
  if (at < cert.notBefore) problems.push(`Chứng thư số chưa có hiệu lực (hiệu lực từ ngày ${formatDate(cert.notBefore)}).`);
  if (at > cert.notAfter) problems.push(`Chứng thư số đã hết hạn từ ngày ${formatDate(cert.notAfter)}.`);
  if (revocation.status === 'revoked') problems.push(`Chứng thư số đã bị thu hồi lúc ${formatMoment(revocation.revokedAt)}.`);
  if (revocation.status === 'unknown') {
    const why = {
      no_crl: 'không lấy được danh sách chứng thư bị thu hồi (CRL) của tổ chức cấp',
      bad_crl: 'danh sách chứng thư bị thu hồi (CRL) không hợp lệ',
      stale_crl: 'danh sách chứng thư bị thu hồi (CRL) đã quá hạn cập nhật',
    }[revocation.why];
    problems.push(`Không kiểm tra được tình trạng thu hồi của chứng thư số: ${why}.`);
  }
  return problems.map((message) => ({ field: 'certificate', message }));
}

export function assertUsableForSigning(cert: CertificateFields, revocation: RevocationStatus, at: Date): void {
  const problems = signingProblems(cert, revocation, at);
  if (problems.length === 0) return;
  throw new AppError(
    'validation_failed',
    `certificate ${cert.serial} not usable for signing: ${problems.map((p) => p.message).join(' ')}`,
    {
      userMessage: `Không thể ký: ${problems.map((p) => p.message.replace(/\.$/, '')).join('; ')}.`,
      problems,
    },
  );
}
