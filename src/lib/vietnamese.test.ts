import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVietnamese, fold, formatDate, formatMoney } from './vietnamese.ts';

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
  assert.equal(formatMoney(1000000), '1.000.000 ₫');
  assert.equal(formatMoney(500), '500 ₫');
});
