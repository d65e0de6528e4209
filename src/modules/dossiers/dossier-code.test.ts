import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDossierCode, parseDossierCode } from './dossier-code.ts';

test('codes follow Decree 118 Art. 28: agency code, yymmdd, a sequence of at least four digits', () => {
  assert.equal(formatDossierCode('000.17.22.H56', '2021-05-31', 1), '000.17.22.H56-210531-0001');
  assert.equal(formatDossierCode('000.00.31.H99', '2026-12-07', 12345), '000.00.31.H99-261207-12345');
});

test('a typed or scanned code is read back, anything else is not a code', () => {
  assert.deepEqual(parseDossierCode(' 000.17.22.h56-210531-0001 '), { agencyCode: '000.17.22.H56', date: '210531', sequence: 1 });
  for (const bad of ['', '000.17.22.H56-210531-01', "x' OR 1=1", '000.17.22.H56-2105310001', 'H56-21053-0001'])
    assert.equal(parseDossierCode(bad), null, bad);
});
