import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { testDatabase } from '../../../test/helpers/database.ts';
import { createPool, transaction } from '../../db/pool.ts';
import { appendAudit, appendAuditNow, appendAudits, type AuditEntry } from './append-audit.ts';
import { chainHash } from './audit-hash.ts';
import { verifyAuditLog } from './verify-chain.ts';

const pool = await testDatabase();

const signIn = (n: number): AuditEntry => ({
  actor: { kind: 'staff', id: n, name: `Cán bộ ${n}` },
  action: 'sign_in',
  subjectType: 'staff',
  subjectId: n,
  ip: '203.0.113.7',
});

async function entries(): Promise<Record<string, unknown>[]> {
  return (await pool.query('SELECT * FROM audit_log ORDER BY id')).rows;
}

test('an appended entry is stored as given, chained from the genesis hash, and the log verifies', async () => {
  assert.deepEqual(await verifyAuditLog(pool), { ok: true, count: 0 }, 'an empty log is a valid chain');
  await appendAuditNow(pool, {
    actor: { kind: 'staff', id: 7, name: 'Nguyễn Thị Hoa', onBehalfOf: { id: 3, name: 'Trần Văn Bình' } },
    action: 'role_granted',
    subjectType: 'staff',
    subjectId: 12,
    agencyId: 4,
    // Keys in no order, nesting, numbers, Vietnamese text, and characters PostgreSQL refuses.
    detail: {
      z: 1,
      role: 'specialist',
      nested: { b: [1, 2.5, null], a: 'Sở Tư pháp' },
      typed: 'a\u0000b\uD800c',
      when: new Date('2026-03-01T02:03:04Z'),
      gone: undefined,
    },
    ip: '198.51.100.2',
  });
  const [row] = await entries();
  assert.ok(row);
  assert.equal(row.actor_kind, 'staff');
  assert.equal(row.actor_id, 7);
  assert.equal(row.actor_name, 'Nguyễn Thị Hoa');
  assert.equal(row.on_behalf_of_id, 3);
  assert.equal(row.on_behalf_of_name, 'Trần Văn Bình');
  assert.equal(row.action, 'role_granted');
  assert.equal(row.subject_type, 'staff');
  assert.equal(row.subject_id, '12');
  assert.equal(row.agency_id, 4);
  assert.equal(row.ip, '198.51.100.2');
  assert.deepEqual(row.detail, {
    z: 1,
    role: 'specialist',
    nested: { b: [1, 2.5, null], a: 'Sở Tư pháp' },
    typed: 'a\uFFFDb\uFFFDc',
    when: '2026-03-01T02:03:04.000Z',
  });
  assert.equal(row.prev_hash, '0'.repeat(64));
  assert.match(String(row.hash), /^[0-9a-f]{64}$/);
  const head = (await pool.query('SELECT last_id, last_hash FROM audit_head')).rows[0];
  assert.deepEqual(head, { last_id: row.id, last_hash: row.hash });

  await appendAuditNow(pool, { actor: { kind: 'anonymous', id: null, name: 'nguoi.la' }, action: 'sign_in_failed' });
  const [first, second] = await entries();
  assert.equal(second?.prev_hash, first?.hash, 'the second entry links to the first');
  assert.deepEqual(second?.detail, {});
  assert.deepEqual(await verifyAuditLog(pool), { ok: true, count: 2 });
});

test('100 concurrent appends from 10 pool clients, and from a second pool, chain into one valid log', async () => {
  const before = (await entries()).length;
  const other = createPool((pool as unknown as { options: object }).options, 5);
  try {
    await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => appendAuditNow(pool, signIn(i))),
      ...Array.from({ length: 20 }, (_, i) => appendAuditNow(other, signIn(1000 + i))),
    ]);
  } finally {
    await other.end();
  }
  const rows = await entries();
  assert.equal(rows.length, before + 120);
  // Ids and times follow the chain: each entry links to the one with the next lower id.
  for (let i = 1; i < rows.length; i++) {
    assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash, `entry #${rows[i]!.id} links to #${rows[i - 1]!.id}`);
    assert.ok((rows[i]!.at as Date) >= (rows[i - 1]!.at as Date));
  }
  assert.deepEqual(await verifyAuditLog(pool), { ok: true, count: before + 120 });
  assert.deepEqual(await verifyAuditLog(pool, { pageSize: 7 }), { ok: true, count: before + 120 }, 'across page boundaries');
});

test('an entry appended in a transaction that rolls back leaves nothing, and the chain still verifies', async () => {
  const before = await entries();
  await assert.rejects(
    transaction(pool, async (db) => {
      await db.query(
        `INSERT INTO agencies (code, name, name_key, kind) VALUES ('000.00.99.H99', 'Sở Thử nghiệm', 'so thu nghiem', 'department')`,
      );
      await appendAudit(db, { ...signIn(1), action: 'agency_saved', subjectType: 'agency', subjectId: '000.00.99.H99' });
      throw new Error('the change failed after its entry was appended');
    }),
    /the change failed/,
  );
  assert.deepEqual(await entries(), before, 'no entry, and the head did not move');
  assert.equal((await pool.query(`SELECT 1 FROM agencies WHERE code = '000.00.99.H99'`)).rowCount, 0, 'nor the change it recorded');
  await appendAuditNow(pool, signIn(2));
  const after = await entries();
  assert.equal(after.length, before.length + 1);
  assert.ok(Number(after.at(-1)!.id) > Number(before.at(-1)!.id) + 1, 'the rolled-back append consumed an id: a gap');
  assert.deepEqual(await verifyAuditLog(pool), { ok: true, count: after.length }, 'a gap alone is not tampering');
});

test('the database refuses to change or remove audit entries, or the head', async () => {
  const before = await entries();
  await assert.rejects(pool.query(`UPDATE audit_log SET detail = '{"changed": true}'`), /audit_log is append-only: UPDATE is not allowed/);
  await assert.rejects(
    pool.query('DELETE FROM audit_log WHERE id = $1', [before[0]!.id]),
    /audit_log is append-only: DELETE is not allowed/,
  );
  await assert.rejects(pool.query('DELETE FROM audit_log WHERE false'), /append-only/, 'even a statement that matches nothing');
  await assert.rejects(pool.query('TRUNCATE audit_log'), /audit_log is append-only: TRUNCATE is not allowed/);
  await assert.rejects(pool.query('DELETE FROM audit_head'), /audit_head is append-only: DELETE is not allowed/);
  await assert.rejects(pool.query('INSERT INTO audit_head (last_id, last_hash) VALUES (0, $1)', ['0'.repeat(64)]), /duplicate key/);
  assert.deepEqual(await entries(), before);
  assert.equal((await verifyAuditLog(pool)).ok, true);
});

test('a batch of entries appended at once is chained in its order, with ids in that order, and verifies', async () => {
  const before = (await entries()).length;
  await transaction(pool, (db) => appendAudits(db, [signIn(901), signIn(902), { ...signIn(903), detail: { note: 'ba\u0000' } }]));
  const added = (await entries()).slice(before);
  assert.deepEqual(
    added.map((e) => e.actor_id),
    [901, 902, 903],
  );
  assert.equal(added[1]!.prev_hash, added[0]!.hash);
  assert.equal(added[2]!.prev_hash, added[1]!.hash);
  assert.deepEqual(added[2]!.detail, { note: 'ba\uFFFD' });
  assert.equal((await verifyAuditLog(pool)).ok, true);
});

test('entries chained by the app before migration 027 (format 1) and by the database after it verify as one chain', async () => {
  // An entry as the app wrote them before: hashed whole over every field, then the head moved.
  const { rows: head } = await pool.query<{ last_id: string; last_hash: string }>('SELECT last_id, last_hash FROM audit_head');
  const { rows: at } = await pool.query<{ at: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at`);
  const id = Number((await pool.query<{ id: string }>(`SELECT nextval('audit_log_id_seq') AS id`)).rows[0]!.id);
  const record = {
    id,
    at: at[0]!.at,
    actorKind: 'staff',
    actorId: 5,
    actorName: 'Lê Văn Cũ',
    onBehalfOfId: null,
    onBehalfOfName: null,
    action: 'sign_in',
    subjectType: 'staff',
    subjectId: '5',
    agencyId: null,
    detail: { note: 'trước khi chuỗi được nối trong cơ sở dữ liệu' },
    ip: null,
    format: 1 as const,
  };
  const hash = chainHash(head[0]!.last_hash, record);
  await pool.query(
    `INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_name, action, subject_type, subject_id, detail, prev_hash, hash)
     OVERRIDING SYSTEM VALUE VALUES ($1, $2::timestamptz, 'staff', 5, $3, 'sign_in', 'staff', '5', $4, $5, $6)`,
    [id, record.at, record.actorName, JSON.stringify(record.detail), head[0]!.last_hash, hash],
  );
  await pool.query('UPDATE audit_head SET last_id = $1, last_hash = $2', [id, hash]);
  await appendAuditNow(pool, signIn(77));
  const rows = await entries();
  assert.deepEqual(
    rows.slice(-2).map((r) => r.format),
    [1, 2],
  );
  const count = rows.length;
  assert.deepEqual(await verifyAuditLog(pool), { ok: true, count });

  // Claiming the other format for an entry is an edit like any other.
  await pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  try {
    await pool.query('UPDATE audit_log SET format = 2 WHERE id = $1', [id]);
    const result = await verifyAuditLog(pool);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenAt, id);
    await pool.query('UPDATE audit_log SET format = 1 WHERE id = $1', [id]);
  } finally {
    await pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  }
});

test('any detail the app can record is hashed by the app as the database stores it: the chain verifies (property)', async () => {
  // The app digests the detail it sends, the verification the detail jsonb gives back: they must agree.
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const detail = fc.dictionary(
    text,
    fc.jsonValue({ maxDepth: 3 }).chain((v) => fc.oneof(fc.constant(v), text, fc.double({ noNaN: true, noDefaultInfinity: true }))),
    { maxKeys: 6 },
  );
  await fc.assert(
    fc.asyncProperty(fc.array(detail, { minLength: 1, maxLength: 4 }), text, async (details, name) => {
      await appendAudits(
        pool,
        details.map((d, i) => ({ actor: { kind: 'citizen', id: i, name }, action: 'property', subjectId: name || null, detail: d })),
      );
      const result = await verifyAuditLog(pool);
      assert.equal(result.ok, true, JSON.stringify({ result, details, name }));
    }),
    { numRuns: 60 },
  );
});
