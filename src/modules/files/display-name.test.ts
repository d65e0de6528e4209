import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxDisplayName, sanitizeDisplayName } from './display-name.ts';

test('a display name keeps only the last part of a path, without control or direction characters', () => {
  assert.equal(sanitizeDisplayName('../../etc/passwd'), 'passwd');
  assert.equal(sanitizeDisplayName('C:\\Users\\lan\\Giấy khai sinh.pdf'), 'Giấy khai sinh.pdf');
  assert.equal(sanitizeDisplayName('hoa\u202Efdp.exe'), 'hoa fdp.exe');
  assert.equal(sanitizeDisplayName('a\nb\tc\u0000.pdf'), 'a b c .pdf');
  assert.equal(sanitizeDisplayName('..'), 'tệp không tên');
  assert.equal(sanitizeDisplayName('  đơn.pdf. '), 'đơn.pdf');
});

test('a display name is NFC, so the same Vietnamese word is the same name', () => {
  const decomposed = 'Đơn đe\u0302\u0300 nghi\u0323.docx';
  assert.equal(sanitizeDisplayName(decomposed), 'Đơn đề nghị.docx');
});

test('a long display name is cut, keeping its extension', () => {
  const name = sanitizeDisplayName(`${'Giấy chứng nhận quyền sử dụng đất '.repeat(10)}.pdf`);
  assert.equal([...name].length, maxDisplayName);
  assert.ok(name.endsWith('….pdf'));
});
