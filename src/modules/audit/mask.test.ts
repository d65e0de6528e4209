import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskIdNumber, maskIdNumbers } from './mask.ts';

test('12-digit and 9-digit personal ID numbers keep only their last three digits', () => {
  assert.equal(maskIdNumber('001234567890'), '*********890');
  assert.equal(maskIdNumber('CCCD 001234567890, CMND 123456789.'), 'CCCD *********890, CMND ******789.');
  assert.equal(maskIdNumber('số:001234567890;'), 'số:*********890;');
  assert.equal(maskIdNumber('a001234567890b'), 'a*********890b', 'letters around it do not hide it');
});

test('other numbers are left alone', () => {
  assert.equal(maskIdNumber('0912345678'), '0912345678', 'a 10-digit phone number');
  assert.equal(maskIdNumber('12345678'), '12345678');
  assert.equal(maskIdNumber('0012345678901'), '0012345678901', '13 digits: not an ID number');
  assert.equal(maskIdNumber('1234567890123456'), '1234567890123456');
  assert.equal(maskIdNumber('Hồ sơ H99.12-260301-0001'), 'Hồ sơ H99.12-260301-0001');
  assert.equal(maskIdNumber(''), '');
});

test('every string of a detail is masked, its shape and other values kept', () => {
  assert.deepEqual(maskIdNumbers({ idNumber: '001234567890', n: 123456789, list: ['123456789', { x: 'CCCD 001234567890' }], none: null }), {
    idNumber: '*********890',
    n: 123456789,
    list: ['******789', { x: 'CCCD *********890' }],
    none: null,
  });
});
