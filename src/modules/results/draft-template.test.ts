import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agencyAbbreviation } from './save-draft.ts';

test('the notation names the issuing agency by the initials of its name without the place, Đ kept as official notations write it', () => {
  assert.equal(agencyAbbreviation('Sở Tư pháp tỉnh An Hòa'), 'STP');
  assert.equal(agencyAbbreviation('Ủy ban nhân dân phường Đông Thành'), 'UBND');
  assert.equal(agencyAbbreviation('Ủy ban nhân dân tỉnh An Hòa'), 'UBND');
  assert.equal(agencyAbbreviation('Sở Xây dựng tỉnh An Hòa'), 'SXD');
  assert.equal(agencyAbbreviation('Sở Địa chính thành phố Hà Nội'), 'SĐC');
  assert.equal(agencyAbbreviation('Ủy ban nhân dân thị trấn Tân Lập'), 'UBND');
});
