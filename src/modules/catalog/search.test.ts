import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { parseQuery } from './search-query.ts';
import { PageCache } from '../../web/page-cache.ts';
import { searchProcedures } from './search-procedures.ts';

const pool = await testDatabase({ demo: true });
const search = (q: string, filters = {}, page = 1) => searchProcedures(pool, new PageCache(), parseQuery(q), filters, page);

test('"dang ky khai sinh" without diacritics puts Thủ tục đăng ký khai sinh first', async () => {
  const r = await search('dang ky khai sinh');
  assert.equal(r.hits[0]?.code, '1.001193');
  assert.equal(r.correctedTo, null);
  assert.ok(r.total > 5, 'the other birth-registration procedures follow');
  // With diacritics and other casing the same.
  assert.equal((await search('  ĐĂNG KÝ Khai Sinh ')).hits[0]?.code, '1.001193');
});

test('an unfinished last word still finds the procedure', async () => {
  assert.equal((await search('khai sin')).hits[0]?.code, '1.001193');
});

test('typos are corrected to the nearest catalogue words', async () => {
  const r = await search('dang ki khai sihn');
  assert.equal(r.correctedTo, 'dang ky khai sinh');
  assert.equal(r.hits[0]?.code, '1.001193');
  const permit = await search('giay phep xay dugn');
  assert.equal(permit.correctedTo, 'giay phep xay dung');
  assert.ok(permit.hits.some((h) => h.name.startsWith('Cấp giấy phép xây dựng')));
  // Words the catalogue knows are not "corrected" into something else.
  assert.equal((await search('khai sinh xay dung')).total, 0);
  assert.equal((await search('khai sinh xay dung')).correctedTo, null);
});

test('a procedure code finds its procedure', async () => {
  const r = await search('1.001193');
  assert.deepEqual(
    r.hits.map((h) => h.code),
    ['1.001193'],
  );
});

test('filters narrow by field, level, agency and online level, and pages hold 20', async () => {
  const civil = await search('', { field: 'Hộ tịch' });
  assert.ok(civil.total > 20);
  assert.ok(civil.hits.every((h) => h.field === 'Hộ tịch'));
  const page2 = await search('', { field: 'Hộ tịch' }, 2);
  assert.equal(civil.hits.length, 20);
  assert.equal(
    new Set([...civil.hits, ...page2.hits].map((h) => h.code)).size,
    civil.hits.length + page2.hits.length,
    'pages do not overlap',
  );
  const commune = await search('khai sinh', { level: 'commune' });
  assert.ok(commune.total > 0 && commune.hits.every((h) => h.levels.includes('commune')));
  const { rows } = await pool.query<{ id: number }>(`SELECT id FROM agencies WHERE code = '000.00.12.H99'`);
  const construction = await search('', { agencyId: rows[0]!.id });
  assert.ok(construction.total > 0);
  assert.equal((await search('khai sinh', { agencyId: rows[0]!.id })).total, 0, 'the construction department does no birth registration');
  const partial = await search('', { onlineLevel: 'partial' });
  assert.ok(partial.hits.every((h) => h.onlineLevel === 'partial'));
});

test('text that is only punctuation or SQL is harmless', async () => {
  // SQL is only words to search for: nothing in the catalogue has them all.
  assert.equal((await search("'; DROP TABLE procedures; --")).total, 0);
  // Only punctuation is no query at all: the whole catalogue, in order, not a LIKE pattern.
  assert.equal((await search('%%%_\\')).total, 796);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM procedures');
  assert.equal(rows[0].n, 796);
});
