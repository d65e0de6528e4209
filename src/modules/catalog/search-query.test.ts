import assert from 'node:assert/strict';
import { test } from 'node:test';
import { correctWords, editDistance, parseQuery } from './search-query.ts';

test('queries are folded into safe words; the last word becomes a prefix', () => {
  assert.deepEqual(parseQuery('  Đăng KÝ   khai sin '), {
    folded: 'dang ky khai sin',
    words: ['dang', 'ky', 'khai', 'sin'],
    tsquery: 'dang & ky & khai & sin:*',
    codePrefix: null,
  });
  assert.equal(parseQuery("x' & !(y) | z:*").tsquery, 'x & y & z:*');
  assert.equal(parseQuery('<script>').tsquery, 'script:*');
  assert.equal(parseQuery('').tsquery, null);
  assert.equal(parseQuery('%%%').tsquery, null);
});

test('procedure codes are recognised, whole or started', () => {
  assert.equal(parseQuery('1.001193').codePrefix, '1.001193');
  assert.equal(parseQuery(' 2.0005 ').codePrefix, '2.0005');
  assert.equal(parseQuery('khai sinh').codePrefix, null);
});

test('edit distance counts a swap of neighbours as one slip', () => {
  assert.equal(editDistance('sihn', 'sinh'), 1);
  assert.equal(editDistance('ki', 'ky'), 1);
  assert.equal(editDistance('dugn', 'dung'), 1);
  assert.equal(editDistance('abc', 'abc'), 0);
  assert.equal(editDistance('', 'abc'), 3);
});

test('unknown words are corrected to the commonest nearest word; known words are kept', () => {
  const vocab = new Map([
    ['dang', 50],
    ['ky', 40],
    ['khai', 30],
    ['sinh', 20],
    ['kinh', 5],
    ['xay', 9],
  ]);
  assert.deepEqual(correctWords(['dang', 'ki', 'khai', 'sihn'], vocab), ['dang', 'ky', 'khai', 'sinh']);
  assert.equal(correctWords(['dang', 'ky'], vocab), null);
  // An unfinished last word that starts a catalogue word is left for the prefix search.
  assert.equal(correctWords(['khai', 'si'], vocab), null);
  // Too far from anything: left as typed.
  assert.equal(correctWords(['zzzzzz'], vocab), null);
});
