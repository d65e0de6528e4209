import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feeLabel, timeLimitLabel } from './labels.ts';

test('fees read as money in Vietnamese format with the record note once', () => {
  assert.equal(
    feeLabel({ amount: 100000, text: '100,000 VNĐ(Phí Thẩm tra, thẩm định: 100.000 đồng/lần)' }),
    '100.000 ₫ (Phí Thẩm tra, thẩm định: 100.000 đồng/lần)',
  );
  assert.equal(feeLabel({ amount: 0, text: 'Miễn phí' }), 'Miễn phí');
  assert.equal(
    feeLabel({ amount: 0, text: 'Miễn phí(Mức lệ phí do Hội đồng nhân dân tỉnh quyết định.)' }),
    'Miễn phí (Mức lệ phí do Hội đồng nhân dân tỉnh quyết định.)',
  );
  assert.equal(feeLabel({ amount: null, text: '10 USD/lần' }), '10 USD/lần');
  assert.equal(feeLabel({ amount: 1500000, text: '' }), '1.500.000 ₫');
});

test('time limits name their unit', () => {
  assert.equal(timeLimitLabel({ value: 5, unit: 'working_days' }), '5 ngày làm việc');
  assert.equal(timeLimitLabel({ value: 0.5, unit: 'working_days' }), '0,5 ngày làm việc');
  assert.equal(timeLimitLabel(null), 'Không quy định');
});
