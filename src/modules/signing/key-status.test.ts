import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyStatus, keyStatusText } from './key-status.ts';

const day = 86400_000;
const now = new Date('2026-03-10T03:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * day);

test('a key is valid, expiring within 30 days, expired, not yet valid or revoked (revocation first), in Vietnamese', () => {
  const cases: Array<[Parameters<typeof keyStatus>[0], string]> = [
    [{ notBefore: at(-10), notAfter: at(31), revokedAt: null }, 'Còn hiệu lực'],
    [{ notBefore: at(-10), notAfter: at(30), revokedAt: null }, 'Sắp hết hạn (còn 30 ngày)'],
    [{ notBefore: at(-10), notAfter: at(0.2), revokedAt: null }, 'Sắp hết hạn (còn 1 ngày)'],
    [{ notBefore: at(-10), notAfter: now, revokedAt: null }, 'Đã hết hạn'],
    [{ notBefore: at(1), notAfter: at(400), revokedAt: null }, 'Chưa đến ngày hiệu lực'],
    // 20:00 UTC on 9/3 is already 10/3 in Vietnam.
    [{ notBefore: at(-10), notAfter: at(-1), revokedAt: new Date('2026-03-09T20:00:00Z') }, 'Đã thu hồi ngày 10/03/2026'],
  ];
  for (const [key, expected] of cases) assert.equal(keyStatusText(keyStatus(key, now)), expected);
});
