import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVietnamese, fold, formatDate, formatMoment, formatMoney, formatSize, vietnamDate } from './vietnamese.ts';

test('folding removes every diacritic, including đ, and collapses spaces', () => {
  assert.equal(fold('Thủ tục  ĐĂNG KÝ khai sinh'), 'thu tuc dang ky khai sinh');
  assert.equal(fold('Ủy ban nhân dân xã Ẳng Nưa'), 'uy ban nhan dan xa ang nua');
  // Composed and decomposed forms of the same letters fold alike.
  assert.equal(fold('ắ'.normalize('NFD')), fold('ắ'.normalize('NFC')));
});

test('Vietnamese order puts đ after d and Ă after A', () => {
  const names = ['Đông', 'Dương', 'Ân', 'Ăn', 'An', 'Bình'];
  assert.deepEqual([...names].sort(compareVietnamese), ['An', 'Ăn', 'Ân', 'Bình', 'Dương', 'Đông']);
});

test('dates are dd/mm/yyyy and money is 1.000.000 ₫', () => {
  assert.equal(formatDate('2026-01-05'), '05/01/2026');
  // 23:30 UTC on 31/12 is already 01/01 in Vietnam.
  assert.equal(formatDate(new Date('2025-12-31T23:30:00Z')), '01/01/2026');
  assert.equal(formatMoment(new Date('2026-12-07T07:05:09Z')), '14 giờ 05 phút, ngày 07/12/2026');
  // Midnight in Vietnam is 17:00 UTC the day before, and the hour is written 00, not 24.
  assert.equal(formatMoment(new Date('2025-12-31T17:00:00Z')), '00 giờ 00 phút, ngày 01/01/2026');
  assert.equal(formatMoment(new Date('2026-01-01T16:59:00Z')), '23 giờ 59 phút, ngày 01/01/2026');
  assert.equal(formatMoney(1000000), '1.000.000 ₫');
  assert.equal(formatMoney(500), '500 ₫');
});

test("an instant's date is Vietnam's (UTC+7) whatever the machine's zone: a new day from 17:00 UTC", () => {
  assert.equal(vietnamDate(new Date('2026-12-06T16:59:59.999Z')), '2026-12-06');
  assert.equal(vietnamDate(new Date('2026-12-06T17:00:00Z')), '2026-12-07');
  assert.equal(vietnamDate(new Date('2026-12-31T17:00:00Z')), '2027-01-01', 'the year turns at Vietnam midnight');
  assert.equal(vietnamDate(new Date('2028-02-28T17:30:00Z')), '2028-02-29');
});

test('sizes are told as people read them: MB with a decimal comma, KB, bytes', () => {
  assert.equal(formatSize(20 * 1024 * 1024), '20 MB');
  assert.equal(formatSize(1.5 * 1024 * 1024), '1,5 MB');
  assert.equal(formatSize(1000 * 1024 * 1024), '1.000 MB');
  assert.equal(formatSize(100 * 1024), '100 KB');
  assert.equal(formatSize(3000), '3.000 byte');
});
