import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { formatDossierCode, parseDossierCode } from './dossier-code.ts';
import { recordDossier, type DossierJob } from './record-dossier.ts';

const pool = await testDatabase({ demo: true });
const { rows } = await pool.query<{ id: number; code: string }>(`SELECT id, code FROM agencies WHERE code = '000.00.31.H99'`);
const agency = rows[0]!;

const job = (n: number, procedureCode = '1.001193'): DossierJob => ({
  dossier: {
    agencyCode: agency.code,
    procedureCode,
    procedureVersion: 1,
    receivingAgencyId: agency.id,
    channel: 'counter',
    applicant: { fullName: `Người nộp ${n}`, idNumber: '099190000001', phone: '', email: '', address: '' },
    representative: null,
    resultDelivery: 'counter',
    postalTracking: null,
    components: [],
    receivedAt: new Date(),
    dueAt: null,
    status: 'received',
  },
  first: { action: 'receive', by: { kind: 'system', id: null, name: 'Kiểm thử' }, ip: '127.0.0.1' },
  at: new Date(),
});

test('dossiers recorded together share one commit, yet one that fails takes none of the others with it', async () => {
  const attempts = Array.from({ length: 30 }, (_, n) =>
    // Dossier 7 names a procedure the catalogue does not hold: the database refuses its row.
    recordDossier(pool, job(n, n === 7 ? '9.999999' : undefined)),
  );
  const settled = await Promise.allSettled(attempts);
  assert.equal(settled[7]!.status, 'rejected');
  const codes = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.code] : []));
  assert.equal(codes.length, 29);
  // The failed dossier left no trace and no gap: the 29 others hold the numbers 1..29 of the day.
  const sequences = codes.map((c) => parseDossierCode(c)!.sequence).sort((a, b) => a - b);
  assert.deepEqual(
    sequences,
    Array.from({ length: 29 }, (_, i) => i + 1),
  );
  const stored = await pool.query(`SELECT applicant->>'fullName' AS name FROM dossiers ORDER BY code`);
  assert.equal(stored.rowCount, 29);
  assert.ok(!stored.rows.some((r) => r.name === 'Người nộp 7'));
  const audited = await pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dossier_receive'`);
  assert.equal(audited.rows[0].n, 29);
  const actions = await pool.query(`SELECT count(*)::int AS n FROM dossier_actions`);
  assert.equal(actions.rows[0].n, 29);
});

test('the codes the recording statement makes are the codes of Decree 118 Art. 28, past the 9,999th of a day too', async () => {
  const day = new Date('2026-03-02T03:00:00Z');
  const local = '2026-03-02';
  await pool.query('INSERT INTO dossier_counters (agency_id, day, last) VALUES ($1, $2, 9997)', [agency.id, local]);
  const recorded = await Promise.all(Array.from({ length: 4 }, (_, n) => recordDossier(pool, { ...job(100 + n), at: day })));
  assert.deepEqual(
    recorded.map((r) => r.code).sort((a, b) => parseDossierCode(a)!.sequence - parseDossierCode(b)!.sequence),
    [9998, 9999, 10000, 10001].map((n) => formatDossierCode(agency.code, local, n)),
  );
});
