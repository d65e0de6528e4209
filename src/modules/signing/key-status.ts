import { formatDate } from '../../lib/vietnamese.ts';
import type { RevocationReason } from './crl.ts';

/** Where a signing key stands on a day, as the admin page shows it (pure). */
export type KeyStatus =
  | { kind: 'revoked'; at: Date }
  | { kind: 'expired' }
  | { kind: 'not_yet_valid' }
  | { kind: 'expiring'; daysLeft: number }
  | { kind: 'valid' };

/** A key whose certificate ends within this many days is flagged, so the province renews it in time. */
export const expiringWithinDays = 30;
const dayMs = 86400_000;

export function keyStatus(k: { notBefore: Date; notAfter: Date; revokedAt: Date | null }, now: Date): KeyStatus {
  if (k.revokedAt) return { kind: 'revoked', at: k.revokedAt };
  if (k.notAfter.getTime() <= now.getTime()) return { kind: 'expired' };
  if (k.notBefore.getTime() > now.getTime()) return { kind: 'not_yet_valid' };
  const left = k.notAfter.getTime() - now.getTime();
  if (left <= expiringWithinDays * dayMs) return { kind: 'expiring', daysLeft: Math.ceil(left / dayMs) };
  return { kind: 'valid' };
}

export function keyStatusText(s: KeyStatus): string {
  switch (s.kind) {
    case 'revoked':
      return `Đã thu hồi ngày ${formatDate(s.at)}`;
    case 'expired':
      return 'Đã hết hạn';
    case 'not_yet_valid':
      return 'Chưa đến ngày hiệu lực';
    case 'expiring':
      return `Sắp hết hạn (còn ${s.daysLeft} ngày)`;
    case 'valid':
      return 'Còn hiệu lực';
  }
}

/** The reasons of RFC 5280 a revocation records (and the development CA's CRL publishes), in Vietnamese. */
export const revocationReasonLabels: Record<RevocationReason, string> = {
  key_compromise: 'Lộ khóa bí mật (mất thiết bị lưu khóa, lộ mật khẩu)',
  affiliation_changed: 'Người giữ chứng thư chuyển công tác, nghỉ việc',
  superseded: 'Đã được thay bằng chứng thư số mới',
  cessation_of_operation: 'Không còn sử dụng (cơ quan giải thể, sáp nhập)',
  ca_compromise: 'Tổ chức cấp chứng thư số bị xâm phạm',
  unspecified: 'Lý do khác',
};
