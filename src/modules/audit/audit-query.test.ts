import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { AppError } from '../../errors.ts';
import { appendAuditNow, type AuditEntry } from './append-audit.ts';
import { listAuditEntries, type AuditFilters } from './audit-query.ts';

const pool = await testDatabase();
const all: AuditFilters = { agencyIds: null };

const {
  rows: [hoa],
} = await pool.query<{ id: number }>(
  `INSERT INTO staff (username, full_name, password_hash) VALUES ('hoa.nt', 'Nguyễn Thị Hoa', 'x') RETURNING id`,
);
const hoaId = hoa!.id;
const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  actor: { kind: 'staff', id: hoaId, name: 'Nguyễn Thị Hoa' },
  action: 'sign_in',
  ...over,
});

await appendAuditNow(pool, entry({ agencyId: 1 }));
await appendAuditNow(pool, entry({ action: 'role_granted', subjectType: 'staff', subjectId: 9, agencyId: 2 }));
await appendAuditNow(
  pool,
  entry({
    actor: { kind: 'staff', id: 50, name: 'Lê Văn Nam', onBehalfOf: { id: hoaId, name: 'Nguyễn Thị Hoa' } },
    action: 'personal_data_read',
    subjectType: 'citizen',
    subjectId: '001234567890',
    agencyId: 1,
    detail: { fields: ['Số CCCD 001234567890'], phone: '0912345678' },
  }),
);
await appendAuditNow(pool, { actor: { kind: 'anonymous', id: null, name: 'tran.b' }, action: 'sign_in_failed', ip: '203.0.113.9' });

/** Entries at chosen instants, for the date filters (written directly: the append always takes the clock). */
for (const at of ['2026-02-28T16:59:59.999999Z', '2026-02-28T17:00:00Z', '2026-03-01T16:59:59.999999Z', '2026-03-01T17:00:00Z']) {
  await pool.query(
    `INSERT INTO audit_log (at, actor_kind, actor_name, action, detail, prev_hash, hash)
     VALUES ($1, 'system', 'Hệ thống', 'dated', $2, '', '')`,
    [at, JSON.stringify({ at })],
  );
}

const ids = (page: { rows: { id: number }[] }) => page.rows.map((r) => r.id);
const actions = async (filters: Partial<AuditFilters>) => (await listAuditEntries(pool, { ...all, ...filters })).rows.map((r) => r.action);

test('newest first, with the total, and personal ID numbers masked in the subject and the detail', async () => {
  const page = await listAuditEntries(pool, { ...all, action: 'personal_data_read' });
  assert.equal(page.total, 1);
  const [read] = page.rows;
  assert.equal(read?.subjectId, '*********890');
  assert.deepEqual(read?.detail, { fields: ['Số CCCD *********890'], phone: '0912345678' });
  assert.deepEqual(read?.actor, { kind: 'staff', id: 50, name: 'Lê Văn Nam', onBehalfOf: { id: hoaId, name: 'Nguyễn Thị Hoa' } });
  const everything = await listAuditEntries(pool, all);
  assert.equal(everything.total, 8);
  assert.deepEqual(
    ids(everything),
    [...ids(everything)].sort((a, b) => b - a),
  );
});

test('Vietnam dates, both inclusive: a day runs from 00:00 to 24:00 in UTC+7', async () => {
  const dated = async (from: string | null, to: string | null) =>
    (await listAuditEntries(pool, { ...all, action: 'dated', from, to })).rows.map((r) => (r.detail as { at: string }).at).reverse();
  assert.deepEqual(await dated('2026-03-01', '2026-03-01'), ['2026-02-28T17:00:00Z', '2026-03-01T16:59:59.999999Z']);
  assert.deepEqual(await dated('2026-03-02', null), ['2026-03-01T17:00:00Z']);
  assert.deepEqual(await dated(null, '2026-02-28'), ['2026-02-28T16:59:59.999999Z']);
  assert.equal((await dated('', ' ')).length, 4, 'blank dates do not filter');
});

test('impossible or reversed dates are refused, every problem at once, in Vietnamese', async () => {
  const problems = async (filters: Partial<AuditFilters>) => {
    let found: unknown;
    await assert.rejects(listAuditEntries(pool, { ...all, ...filters }), (err) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, 'validation_failed');
      found = err.problems.map((p) => p.field);
      return true;
    });
    return found;
  };
  assert.deepEqual(await problems({ from: '2026-02-30', to: '01/03/2026' }), ['from', 'to']);
  assert.deepEqual(await problems({ from: '2026-03-02', to: '2026-03-01' }), ['to']);
});

test('by actor: part of the name without diacritics, of the person whose role was lent, or of the username', async () => {
  assert.deepEqual(await actions({ actor: 'van nam' }), ['personal_data_read']);
  assert.deepEqual(await actions({ actor: 'THỊ HOA' }), ['personal_data_read', 'role_granted', 'sign_in']);
  assert.deepEqual(await actions({ actor: 'hoa.n' }), ['role_granted', 'sign_in'], 'her username: her own actions');
  assert.deepEqual(await actions({ actor: 'tran.b' }), ['sign_in_failed'], 'an unknown name typed at sign-in');
  assert.deepEqual(await actions({ actor: '%' }), [], 'no wildcard');
});

test('by action and by subject', async () => {
  assert.deepEqual(await actions({ action: 'sign_in_failed' }), ['sign_in_failed']);
  assert.deepEqual(await actions({ subjectType: 'staff', subjectId: '9' }), ['role_granted']);
  assert.deepEqual(await actions({ subjectType: 'staff', subjectId: '10' }), []);
  assert.deepEqual(await actions({ subjectType: 'citizen' }), ['personal_data_read']);
});

test('a reader sees only the entries of the agencies allowed; null means everything', async () => {
  assert.deepEqual(await actions({ agencyIds: [1] }), ['personal_data_read', 'sign_in']);
  assert.deepEqual(await actions({ agencyIds: [2, 3] }), ['role_granted']);
  assert.deepEqual(await actions({ agencyIds: [] }), []);
  assert.equal((await actions({ agencyIds: null })).length, 8, 'entries of no agency only for those who see everything');
});

test('50 entries a page', async () => {
  for (let i = 0; i < 120; i++) await appendAuditNow(pool, entry({ action: 'paged', detail: { i } }));
  const page = (n: number) => listAuditEntries(pool, { ...all, action: 'paged' }, n);
  const [first, third, beyond] = await Promise.all([page(1), page(3), page(4)]);
  assert.deepEqual([first.rows.length, third.rows.length, beyond.rows.length], [50, 20, 0]);
  assert.deepEqual([first.total, first.pageCount, beyond.total], [120, 3, 120]);
  assert.deepEqual(first.rows[0]?.detail, { i: 119 }, 'the newest first');
  assert.deepEqual(third.rows.at(-1)?.detail, { i: 0 });
});
