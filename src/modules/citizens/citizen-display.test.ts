import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assuranceInWords, maskIdNumber } from './citizen-display.ts';

test('a personal ID number shows only its last 3 digits', () => {
  assert.equal(maskIdNumber('079201004321'), '•••••••••321');
  assert.equal(maskIdNumber('123'), '•••');
});

test('assurance levels read as words', () => {
  assert.match(assuranceInWords('vneid-2'), /^Mức 2/);
  assert.equal(assuranceInWords(''), 'Không rõ');
  assert.equal(assuranceInWords('x'), 'Mức xác thực “x”');
});
