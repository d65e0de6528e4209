import { formatDate, formatMoment } from '../../lib/vietnamese.ts';
import type { InspectedSignature } from './inspect-signature.ts';
import type { LaterChanges } from './pdf/later-changes.ts';
import type { RevocationStatus } from './revocation-status.ts';
import type { ChainResult } from './trust-chain.ts';

/**
 * The verdict on one signature, for a page (the public verification page, the dossier page):
 * facts as values, and the sentences to show, in Vietnamese. 'valid' needs everything: bytes
 * intact, nothing added after but signatures (and what a later signature of the same organisation
 * wrote and covers), a trusted chain, not revoked, the certificate valid at the signing time.
 * 'invalid' is a proof of a problem; 'indeterminate' means it cannot be told.
 */
export interface SignatureVerdict {
  status: 'valid' | 'invalid' | 'indeterminate';
  fieldName: string | null;
  subFilter: string | null;
  signer: { commonName: string | null; organisation: string | null; subject: string } | null;
  certificate: { issuer: string; issuerCommonName: string | null; serial: string; notBefore: Date; notAfter: Date; sha256: string } | null;
  signingTime: Date | null;
  reason: string | null;
  location: string | null;
  byteRange: [number, number, number, number];
  integrity: InspectedSignature['integrity'];
  coversWholeFile: boolean;
  laterChanges: LaterChanges;
  /** The signed lengths of the later signatures that wrote on the page after this one. */
  stampedBy: number[];
  trust: 'trusted' | 'untrusted' | 'unknown';
  revocation: { status: RevocationStatus['status']; revokedAt: Date | null };
  validAtSigningTime: boolean | null;
  /** What a person should read, most important first. */
  messages: string[];
}

const headlines = {
  valid: 'Chữ ký số hợp lệ.',
  invalid: 'Chữ ký số không hợp lệ.',
  indeterminate: 'Chưa xác định được chữ ký số có hợp lệ hay không.',
} as const;

/**
 * What a later signature wrote on the page (the issued number) is vouched for only by a valid
 * signature of the same organisation as this one (its seal): a stamp signed by anyone else, or by a
 * signature that is invalid or unreadable, is a change after this signature like any other
 * (invalid); while the organisation's signature cannot be told valid, neither can this one.
 */
export function withStampsVouched(verdicts: SignatureVerdict[]): SignatureVerdict[] {
  const end = (v: SignatureVerdict) => v.byteRange[2] + v.byteRange[3];
  return verdicts.map((v) => {
    if (v.status !== 'valid' || v.laterChanges !== 'signatures_and_stamps') return v;
    const later = verdicts.filter((w) => v.stampedBy.includes(end(w)));
    const own = (w: SignatureVerdict) => !!w.signer?.organisation && w.signer.organisation === v.signer?.organisation;
    const status = later.some((w) => w.status === 'invalid' || !own(w))
      ? 'invalid'
      : later.every((w) => w.status === 'valid')
        ? 'valid'
        : 'indeterminate';
    if (status === 'valid') return v;
    const reason =
      status === 'invalid'
        ? 'Sau khi ký, trang đã được ghi thêm nội dung bởi một chữ ký số không hợp lệ hoặc không phải của cùng cơ quan.'
        : 'Chữ ký số của cơ quan đã ghi thêm nội dung lên trang nhưng chưa xác định được là hợp lệ.';
    return { ...v, status, messages: [headlines[status], reason, ...v.messages.slice(1)] };
  });
}

export function verdictOf(s: InspectedSignature, chain: ChainResult | null, revocation: RevocationStatus | null): SignatureVerdict {
  const messages: string[] = [];
  const bad: string[] = [];
  const unsure: string[] = [];
  const cert = s.signer?.fields ?? null;
  const at = s.signingTime ?? new Date();
  const validAtSigningTime = cert ? at >= cert.notBefore && at <= cert.notAfter : null;

  if (s.integrity === 'changed') bad.push('Tệp đã bị thay đổi sau khi ký: nội dung được ký không còn như lúc ký.');
  if (s.integrity === 'unreadable') unsure.push('Không đọc được chữ ký số này (chữ ký hỏng hoặc kiểu chữ ký không được hỗ trợ).');
  if (s.integrity === 'intact') {
    messages.push(
      s.laterChanges === 'none'
        ? 'Nội dung được ký không bị thay đổi; chữ ký bao trùm toàn bộ tệp.'
        : 'Nội dung được ký không bị thay đổi kể từ khi ký.',
    );
    if (s.laterChanges === 'signatures_only') messages.push('Sau chữ ký này tệp chỉ được bổ sung chữ ký số khác.');
    if (s.laterChanges === 'signatures_and_stamps')
      messages.push(
        'Sau chữ ký này tệp chỉ được bổ sung chữ ký số khác và nội dung do chữ ký số sau ghi thêm lên trang (như số văn bản khi phát hành).',
      );
    if (s.laterChanges === 'other')
      bad.push('Sau khi ký, tệp đã được bổ sung nội dung khác ngoài chữ ký số (có thể làm thay đổi nội dung hiển thị).');
    if (s.laterChanges === 'unknown') unsure.push('Không đọc được các phần bổ sung vào tệp sau chữ ký này.');
  }
  if (cert) {
    if (chain?.trusted) messages.push(`Chứng thư số do ${cert.issuer.commonName ?? cert.issuerText} cấp, thuộc danh sách tin cậy.`);
    else
      unsure.push(`Chứng thư số do ${cert.issuer.commonName ?? cert.issuerText} cấp, không thuộc danh sách tổ chức cấp chứng thư tin cậy.`);
    if (validAtSigningTime === false)
      bad.push(`Thời điểm ký nằm ngoài thời hạn của chứng thư số (từ ${formatDate(cert.notBefore)} đến ${formatDate(cert.notAfter)}).`);
    if (revocation?.status === 'revoked') {
      const line = `Chứng thư số đã bị thu hồi lúc ${formatMoment(revocation.revokedAt)}.`;
      if (revocation.revokedAt <= at) bad.push(line);
      else
        unsure.push(
          `${line} Thời điểm ký do người ký tự khai (không có dấu thời gian), nên không xác định được chữ ký có trước khi thu hồi.`,
        );
    } else if (revocation?.status === 'good') messages.push('Chứng thư số chưa bị thu hồi.');
    else unsure.push('Không kiểm tra được tình trạng thu hồi của chứng thư số.');
  }
  const status = bad.length ? 'invalid' : unsure.length ? 'indeterminate' : 'valid';
  const headline = headlines[status];
  return {
    status,
    fieldName: s.fieldName,
    subFilter: s.subFilter,
    signer: cert
      ? { commonName: cert.subject.commonName ?? null, organisation: cert.subject.organisation ?? null, subject: cert.subjectText }
      : null,
    certificate:
      cert && s.signer
        ? {
            issuer: cert.issuerText,
            issuerCommonName: cert.issuer.commonName ?? null,
            serial: cert.serial,
            notBefore: cert.notBefore,
            notAfter: cert.notAfter,
            sha256: s.signer.certificate.fingerprint256.replace(/:/g, '').toLowerCase(),
          }
        : null,
    signingTime: s.signingTime,
    reason: s.reason,
    location: s.location,
    byteRange: s.byteRange,
    integrity: s.integrity,
    coversWholeFile: s.coversWholeFile,
    laterChanges: s.laterChanges,
    stampedBy: s.stampedBy,
    trust: !cert ? 'unknown' : chain?.trusted ? 'trusted' : 'untrusted',
    revocation: { status: revocation?.status ?? 'unknown', revokedAt: revocation?.status === 'revoked' ? revocation.revokedAt : null },
    validAtSigningTime,
    messages: [headline, ...bad, ...unsure, ...messages],
  };
}
