import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { testDatabase } from '../../../test/helpers/database.ts';
import { transaction } from '../../db/pool.ts';
import { appendAudit, appendAuditNow } from './append-audit.ts';
import { chainHash, genesisHash, type ChainedRecord } from './audit-hash.ts';
import { readChainPage } from './audit.repository.ts';
import { verifyAuditLog, verifyChain, type ChainResult } from './verify-chain.ts';

// Tampering as an attacker holding the database superuser would: the append-only trigger switched off.

/** A fresh database holding a valid chain of `n` entries, ids 1..n. */
async function chainOf(n: number): Promise<pg.Pool> {
  const pool = await testDatabase();
  for (let i = 1; i <= n; i++) {
    await appendAuditNow(pool, {
      actor: { kind: 'staff', id: 10 + i, name: `Cán bộ ${i}` },
      action: 'personal_data_read',
      subjectType: 'citizen',
      subjectId: `00123456789${i}`,
      agencyId: 1,
      detail: { reason: `hồ sơ ${i}`, fields: ['idNumber', 'address'] },
    });
  }
  assert.deepEqual(await verifyAuditLog(pool), { ok: true, count: n });
  return pool;
}

async function tamper(pool: pg.Pool, sql: string | string[], params: unknown[] = []): Promise<void> {
  await transaction(pool, async (db) => {
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    for (const statement of [sql].flat()) await db.query(statement, params);
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  });
}

function broken(result: ChainResult, id: number, problem: string): void {
  assert.equal(result.ok, false, 'the tampering is caught');
  if (result.ok) return;
  assert.deepEqual({ brokenAt: result.brokenAt, problem: result.problem }, { brokenAt: id, problem });
  assert.match(result.reason, new RegExp(`#${id}`), 'the reason names the entry');
}

const allColumns =
  'at, actor_kind, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, action, subject_type, subject_id, agency_id, detail, ip, prev_hash, hash, format';

test('an edited middle entry is caught at that entry', async () => {
  const pool = await chainOf(5);
  await tamper(pool, `UPDATE audit_log SET detail = jsonb_set(detail, '{reason}', '"không có gì"') WHERE id = 3`);
  broken(await verifyAuditLog(pool), 3, 'edited');
});

test('an entry edited and re-hashed is caught at the next one, whose link no longer holds', async () => {
  const pool = await chainOf(5);
  const [row] = (await readChainPage(pool, 2, 1)) as [ChainedRecord];
  const edited = { ...row, actorName: 'Người khác' };
  await tamper(pool, 'UPDATE audit_log SET actor_name = $1, hash = $2 WHERE id = 3', [
    edited.actorName,
    chainHash(edited.prevHash, edited),
  ]);
  broken(await verifyAuditLog(pool), 4, 'missing');
});

test('a deleted middle entry is caught at the entry after it', async () => {
  const pool = await chainOf(5);
  await tamper(pool, 'DELETE FROM audit_log WHERE id = 3');
  broken(await verifyAuditLog(pool), 4, 'missing');
});

test('a deleted first entry is caught at the new first entry', async () => {
  const pool = await chainOf(3);
  await tamper(pool, 'DELETE FROM audit_log WHERE id = 1');
  broken(await verifyAuditLog(pool), 2, 'missing');
});

test('a deleted last entry is caught through the head', async () => {
  const pool = await chainOf(5);
  await tamper(pool, 'DELETE FROM audit_log WHERE id = 5');
  broken(await verifyAuditLog(pool), 5, 'missing');
  await tamper(pool, 'DELETE FROM audit_log');
  broken(await verifyAuditLog(pool), 5, 'missing');
});

test('two entries whose contents were swapped are caught at the first of them', async () => {
  const pool = await chainOf(5);
  await tamper(
    pool,
    `UPDATE audit_log t SET (${allColumns}) = (SELECT ${allColumns} FROM audit_log s WHERE s.id = 6 - t.id) WHERE t.id IN (2, 4)`,
  );
  broken(await verifyAuditLog(pool), 2, 'edited');
});

test('entries whose ids were swapped are caught: the id is part of the hash', async () => {
  const pool = await chainOf(5);
  // An identity column refuses UPDATE of the id: the attacker deletes and re-inserts.
  await tamper(pool, [
    'CREATE TEMP TABLE moved ON COMMIT DROP AS SELECT * FROM audit_log WHERE id IN (2, 4)',
    'DELETE FROM audit_log WHERE id IN (2, 4)',
    `INSERT INTO audit_log (id, ${allColumns}, actor_search) OVERRIDING SYSTEM VALUE SELECT 6 - id, ${allColumns}, actor_search FROM moved`,
  ]);
  broken(await verifyAuditLog(pool), 2, 'edited');
});

/** The row an attacker who knows the algorithm would forge: linked to `prev`, correctly hashed. */
function forged(id: number, prev: ChainedRecord): ChainedRecord {
  const record = { ...prev, id, at: prev.at, actorName: 'Kẻ giả mạo', action: 'role_granted', detail: { role: 'province_admin' } };
  return { ...record, prevHash: prev.hash, hash: chainHash(prev.hash, record) };
}

async function insertForged(pool: pg.Pool, r: ChainedRecord): Promise<void> {
  await pool.query(
    `INSERT INTO audit_log (id, ${allColumns}) OVERRIDING SYSTEM VALUE
     VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      r.id,
      r.at,
      r.actorKind,
      r.actorId,
      r.actorName,
      r.onBehalfOfId,
      r.onBehalfOfName,
      r.action,
      r.subjectType,
      r.subjectId,
      r.agencyId,
      JSON.stringify(r.detail),
      r.ip,
      r.prevHash,
      r.hash,
      r.format,
    ],
  );
}

test('a forged entry with a plausible hash, slipped into a gap of the ids, is caught at itself', async () => {
  const pool = await chainOf(2);
  // A rolled-back append leaves id 3 unused.
  await assert.rejects(
    transaction(pool, async (db) => {
      await appendAudit(db, { actor: { kind: 'system', id: null, name: 'Hệ thống' }, action: 'noop' });
      throw new Error('rolled back');
    }),
  );
  await appendAuditNow(pool, { actor: { kind: 'system', id: null, name: 'Hệ thống' }, action: 'backup_done' });
  assert.deepEqual(await verifyAuditLog(pool), { ok: true, count: 3 }, 'ids 1, 2, 4: a gap is not tampering');
  const rows = await readChainPage(pool, null, 10);
  await insertForged(pool, forged(3, rows[1]!));
  broken(await verifyAuditLog(pool), 3, 'inserted');
});

test('a forged entry appended after the last one is caught through the head, hashed well or not', async () => {
  const pool = await chainOf(3);
  const rows = await readChainPage(pool, null, 10);
  await insertForged(pool, forged(4, rows[2]!));
  broken(await verifyAuditLog(pool), 4, 'inserted');

  const other = await chainOf(3);
  const otherRows = await readChainPage(other, null, 10);
  await insertForged(other, { ...forged(4, otherRows[2]!), hash: 'ab'.repeat(32) });
  broken(await verifyAuditLog(other), 4, 'edited');
});

test('the pure check: a repeated entry, rows out of order, a head that does not match, an empty log', async () => {
  const pool = await chainOf(3);
  const rows = await readChainPage(pool, null, 10);
  const head = { lastId: 3, lastHash: rows[2]!.hash };
  assert.deepEqual(verifyChain(rows, head), { ok: true, count: 3 });
  broken(verifyChain([rows[0]!, rows[1]!, rows[1]!, rows[2]!], head), 2, 'out_of_order');
  broken(verifyChain([rows[0]!, rows[2]!, rows[1]!], head), 3, 'missing');
  broken(verifyChain(rows, { lastId: 3, lastHash: 'f'.repeat(64) }), 3, 'head_mismatch');
  assert.deepEqual(verifyChain([], { lastId: 0, lastHash: genesisHash }), { ok: true, count: 0 });
  broken(verifyChain([], head), 3, 'missing');
});
