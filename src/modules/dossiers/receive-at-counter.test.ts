import assert from 'node:assert/strict';
import { isGuidance } from '../catalog/procedure.schema.ts';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { AppError } from '../../errors.ts';
import { vietnamDate } from '../../lib/vietnamese.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { loadStaffActor } from '../accounts/staff.repository.ts';
import { loadAgencyIndex } from '../agencies/agency-index.ts';
import { findAgencyByCode } from '../agencies/agencies.repository.ts';
import { findProcedureView, saveVersion } from '../catalog/catalog.repository.ts';
import { parseDossierCode } from './dossier-code.ts';
import { receiveAtCounter, type CounterReception } from './receive-at-counter.ts';
import { findDossierByCode, listActions } from './dossiers.repository.ts';

const pool = await testDatabase({ demo: true });
const index = await loadAgencyIndex(pool);
const staffId = async (username: string) =>
  (await pool.query<{ id: number }>('SELECT id FROM staff WHERE username = $1', [username])).rows[0]!.id;
const officer = (await loadStaffActor(pool, await staffId('motcua.dongthanh')))!;
const commune = (await findAgencyByCode(pool, '000.00.31.H99'))!;
const birth = (await findProcedureView(pool, '1.001193'))!;
// A fixed rule for these tests; the working calendar has its own.
const plusOneDay = async (at: Date) => new Date(at.getTime() + 86_400_000);

const form = (over: Partial<CounterReception> = {}): CounterReception => ({
  agencyId: commune.id,
  procedureCode: '1.001193',
  channel: 'counter',
  postalTracking: '',
  applicant: { fullName: 'Nguyễn Thị Hoa', idNumber: '099085000111', phone: '0912345678', email: '', address: 'Số 3, phường Đông Thành' },
  representative: null,
  resultDelivery: 'counter',
  received: birth.procedure.components.map(() => true),
  files: [],
  outcome: 'receive',
  reasons: [],
  ...over,
});

test('a received dossier gets the agency-day code, its due date, a log entry and an audit entry', async () => {
  const r = await receiveAtCounter(pool, officer, index, form(), plusOneDay, '127.0.0.1');
  const parsed = parseDossierCode(r.code)!;
  assert.equal(parsed.agencyCode, '000.00.31.H99');
  assert.equal(parsed.date, vietnamDate(new Date()).replaceAll('-', '').slice(2));
  const d = (await findDossierByCode(pool, r.code))!;
  assert.equal(d.status, 'received');
  assert.equal(d.procedureVersion, birth.version);
  assert.ok(d.dueAt && d.receivedAt && d.dueAt.getTime() - d.receivedAt.getTime() === 86_400_000);
  assert.deepEqual(
    (await listActions(pool, d.id)).map((a) => a.action),
    ['receive'],
  );
  const audit = await pool.query(`SELECT action FROM audit_log WHERE subject_id = $1`, [r.code]);
  assert.deepEqual(
    audit.rows.map((x) => x.action),
    ['dossier_receive'],
  );
});

test('components are named as in the procedure version the dossier was received under, whatever the catalogue says later', async () => {
  const names = birth.procedure.components.map((c) => c.name);
  const ticked = names.map((_, i) => i !== 1);
  const r = await receiveAtCounter(pool, officer, index, form({ received: ticked }), plusOneDay, '');
  // The row holds what was received, not the names (they are the version's).
  const stored = await pool.query<{ components: object[] }>('SELECT components FROM dossiers WHERE code = $1', [r.code]);
  assert.ok(!JSON.stringify(stored.rows[0]!.components).includes(names[0]!));
  // The catalogue moves on: a new version renames every component.
  await saveVersion(
    pool,
    { ...birth.procedure, components: birth.procedure.components.map((c) => ({ ...c, name: `Đổi tên: ${c.name}` })) },
    birth.version + 1,
    'renamed',
    'kiểm thử',
  );
  const d = (await findDossierByCode(pool, r.code))!;
  assert.deepEqual(
    d.components.map((c) => [c.name, c.received]),
    // (a tick on a guidance row is not a paper received: received-components.ts)
    birth.procedure.components.map((c, i) => [c.name, ticked[i] && !isGuidance(c)]),
  );
  // Nor can the version the dossier names its components by be changed or removed.
  await assert.rejects(
    pool.query(`UPDATE procedure_versions SET doc = doc WHERE code = '1.001193' AND version = $1`, [birth.version]),
    /procedure_versions: a stored version is never changed or removed \(UPDATE\)/,
  );
  await assert.rejects(pool.query(`DELETE FROM procedure_versions WHERE false`), /never changed or removed \(DELETE\)/);
  // A dossier written with its names in the row (as before names were joined) keeps them.
  await pool.query(`UPDATE dossiers SET components = jsonb_set(components, '{0,name}', '"Tờ khai ghi trong hồ sơ"') WHERE code = $1`, [
    r.code,
  ]);
  assert.equal((await findDossierByCode(pool, r.code))!.components[0]!.name, 'Tờ khai ghi trong hồ sơ');
  assert.equal((await findDossierByCode(pool, r.code))!.components[1]!.name, names[1]);
});

test('a supplement request and a refusal are recorded too, with their reasons, but not received: no reception time, no due date', async () => {
  const s = await receiveAtCounter(
    pool,
    officer,
    index,
    form({ outcome: 'request_supplement', reasons: ['Tờ khai thiếu chữ ký'] }),
    plusOneDay,
    '',
  );
  const sd = (await findDossierByCode(pool, s.code))!;
  assert.equal(sd.status, 'supplement_requested');
  assert.equal(sd.receivedAt, null, 'sent back for completion: the time limit has not started');
  assert.equal(sd.dueAt, null);
  assert.deepEqual((await listActions(pool, sd.id))[0]!.detail.reasons, ['Tờ khai thiếu chữ ký']);
  const r = await receiveAtCounter(pool, officer, index, form({ outcome: 'refuse', reasons: ['Không thuộc thẩm quyền'] }), plusOneDay, '');
  const rd = (await findDossierByCode(pool, r.code))!;
  assert.equal(rd.status, 'not_received');
  assert.equal(rd.receivedAt, null);
  assert.equal(rd.dueAt, null);
});

test('a result returned on the spot is received and due at the same moment', async () => {
  const r = await receiveAtCounter(pool, officer, index, form({ outcome: 'return_now' }), plusOneDay, '');
  const d = (await findDossierByCode(pool, r.code))!;
  assert.equal(d.status, 'returned');
  assert.ok(d.receivedAt, 'received');
  assert.equal(d.dueAt?.getTime(), d.receivedAt.getTime());
});

test('a postal dossier keeps its channel and tracking number; a counter dossier has no tracking number', async () => {
  const post = await receiveAtCounter(pool, officer, index, form({ channel: 'post', postalTracking: ' EB123456789VN ' }), plusOneDay, '');
  const pd = (await findDossierByCode(pool, post.code))!;
  assert.equal(pd.channel, 'post');
  assert.equal(pd.postalTracking, 'EB123456789VN');
  const counter = await receiveAtCounter(pool, officer, index, form({ postalTracking: 'EB1' }), plusOneDay, '');
  assert.equal((await findDossierByCode(pool, counter.code))!.postalTracking, null);
});

test('every problem of the form is reported at once and nothing is written', async () => {
  const before = (await pool.query('SELECT count(*)::int AS n FROM dossiers')).rows[0].n;
  await assert.rejects(
    receiveAtCounter(
      pool,
      officer,
      index,
      form({
        applicant: { fullName: ' ', idNumber: '123', phone: '', email: 'x@', address: '' },
        outcome: 'refuse',
        resultDelivery: 'post',
      }),
      plusOneDay,
      '',
    ),
    (err: AppError) => {
      assert.equal(err.code, 'validation_failed');
      assert.deepEqual(err.problems.map((p) => p.field).sort(), [
        'applicant.address',
        'applicant.email',
        'applicant.fullName',
        'applicant.idNumber',
        'reasons',
      ]);
      return true;
    },
  );
  assert.equal((await pool.query('SELECT count(*)::int AS n FROM dossiers')).rows[0].n, before);
});

test('a desk officer of another agency may not receive for this one; an unknown procedure is 404', async () => {
  const other: StaffActor = (await loadStaffActor(pool, await staffId('motcua.ttphc')))!;
  await assert.rejects(receiveAtCounter(pool, other, index, form(), plusOneDay, ''), (e: AppError) => e.code === 'forbidden');
  await assert.rejects(
    receiveAtCounter(pool, officer, index, form({ procedureCode: '9.999999' }), plusOneDay, ''),
    (e: AppError) => e.code === 'not_found',
  );
});

test('200 receptions in parallel get 200 different codes with no gap', async () => {
  const results = await Promise.all(Array.from({ length: 200 }, () => receiveAtCounter(pool, officer, index, form(), plusOneDay, '')));
  const sequences = results.map((r) => parseDossierCode(r.code)!.sequence).sort((a, b) => a - b);
  assert.equal(new Set(sequences).size, 200);
  assert.equal(sequences.at(-1)! - sequences[0]! + 1, 200, 'consecutive numbers');
  const all = (await pool.query<{ code: string }>(`SELECT code FROM dossiers WHERE receiving_agency_id = $1`, [commune.id])).rows
    .map((r) => parseDossierCode(r.code)!.sequence)
    .sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: all.length }, (_, i) => i + 1),
    'the day has no gap from 0001',
  );
});

test('the appointment is counted on the working calendar: a 1-day limit received the Friday before Tết 2026 is due after Tết', async () => {
  const { dueDateRuleOf } = await import('./due-date.ts');
  const { PageCache } = await import('../../web/page-cache.ts');
  const rule = await dueDateRuleOf({ pool, pages: new PageCache() });
  const friday = new Date('2026-02-13T03:00:00Z'); // 10:00 in Vietnam
  const r = await receiveAtCounter(pool, officer, index, form(), rule, '', friday);
  // Saturday 14 and Sunday 15 are weekend, 16–20 February are Tết, 21–22 weekend: the next working day is Monday 23, 17:00.
  assert.equal(r.dueAt?.toISOString(), '2026-02-23T10:00:00.000Z');
  assert.match(r.code, /-260213-\d{4}$/, 'the code carries the day of reception');
});
