import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codePlacementProblem, parseAgencyCode } from './agency-code.ts';

test('reads the four levels of Decision 20/2020 codes', () => {
  assert.deepEqual(parseAgencyCode('H56'), { code: 'H56', level: 1, parent: null });
  assert.deepEqual(parseAgencyCode('000.00.22.H56'), { code: '000.00.22.H56', level: 2, parent: 'H56' });
  assert.deepEqual(parseAgencyCode('000.17.22.H56'), { code: '000.17.22.H56', level: 3, parent: '000.00.22.H56' });
  assert.deepEqual(parseAgencyCode('001.17.22.H56'), { code: '001.17.22.H56', level: 4, parent: '000.17.22.H56' });
  assert.deepEqual(parseAgencyCode(' g15 '), { code: 'G15', level: 1, parent: null });
});

test('refuses codes that skip a level or are malformed', () => {
  for (const bad of ['', 'H5', 'X56', '000.00.00.H56', '001.00.22.H56', '17.22.H56', '000.17.22.H56.1', 'H56;DROP', '0000.17.22.H56']) {
    assert.equal(parseAgencyCode(bad), null, bad);
  }
});

test('a child code must extend its parent code', () => {
  assert.equal(codePlacementProblem('000.17.22.H56', '000.00.22.H56'), null);
  assert.equal(codePlacementProblem('000.00.22.H56', 'H56'), null);
  assert.equal(codePlacementProblem('H56', null), null);
  assert.match(codePlacementProblem('000.17.22.H56', '000.00.23.H56')!, /không thuộc cơ quan cấp trên/);
  assert.match(codePlacementProblem('000.17.22.H56', null)!, /phải thuộc cơ quan có mã 000\.00\.22\.H56/);
  assert.match(codePlacementProblem('abc', 'H56')!, /không đúng định dạng/);
});
