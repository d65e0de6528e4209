import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { staffClient } from '../../../test/helpers/client.ts';
import { AppError } from '../../errors.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { filesDirOf } from '../files/receive-uploads.ts';
import { departmentProcess, installProcess } from '../processes/processes-fixture.ts';
import { foreignPkcs12 } from '../signing/signing-fixture.ts';
import { atRestKey, devAuthority, importSigningKey, revokeSigningKey, type KeyHolder } from '../signing/signing.ts';
import { chooseKey, type KeyCandidate } from './result-rules.ts';
import { act, postDraft, receiveDossier, textOf } from './results-fixture.ts';
import { keyOf, type SigningDeps } from './sign-result.ts';

/** A leader or an agency whose real certificate is revoked or expired is refused, never given a test certificate instead. */
const { url, deps, pool } = await startTestApp({ demo: true });
await installProcess(pool, '1.001193', '000.00.10.H99', departmentProcess('Quy trình thử'));
const key = atRestKey(deps.config.signing.keySecret);
const signing: SigningDeps = { pool, key, filesDir: filesDirOf(deps.config.dataDir), publicUrl: url, demo: true };
const desk = await staffClient(url, deps, 'motcua.ttphc');
const specialist = await staffClient(url, deps, 'chuyenvien.stp');
const director = await staffClient(url, deps, 'giamdoc.stp');
const by = { kind: 'system' as const, id: null, name: 'Kiểm thử' };
const { rows: holders } = await pool.query(
  `SELECT s.id AS "staffId", s.full_name AS "fullName", a.id AS "agencyId", a.name AS "agencyName"
     FROM staff s JOIN staff_roles r ON r.staff_id = s.id JOIN agencies a ON a.id = r.agency_id WHERE s.username = 'giamdoc.stp'`,
);
const leader: KeyHolder = {
  kind: 'officer',
  ...(holders[0] as { staffId: number; fullName: string; agencyId: number; agencyName: string }),
};
const seal: KeyHolder = { kind: 'organisation', agencyId: leader.agencyId, agencyName: leader.agencyName };
const actor: StaffActor = {
  ...{ kind: 'staff', staffId: leader.staffId, username: 'giamdoc.stp', fullName: leader.fullName, agencyId: leader.agencyId },
  ...{ roles: [], hasSecondFactor: true, mustChangePassword: false },
};
const counts = async () =>
  (await pool.query(`SELECT (SELECT count(*) FROM signing_keys)::int AS keys, (SELECT count(*) FROM signing_authorities)::int AS cas`))
    .rows[0];
const day = 86400_000;
/** The province's trust list holding the test CA's root. */
const trusting = (root: Buffer) => ({ anchors: [new X509Certificate(root)] });

let people = 0;
/** The leader signs version 1 of a new dossier at the approval step; the response. */
async function leaderSigns() {
  const code = await receiveDossier(url, desk, {
    fullName: `Người Ký ${++people}`,
    idNumber: `09919001${String(people).padStart(4, '0')}`,
  });
  for (const [who, fields] of [
    [desk, { kind: 'start' }],
    [specialist, { kind: 'claim' }],
  ] as const)
    assert.equal((await act(who, code, fields)).status, 303);
  assert.equal((await postDraft(url, specialist, code, {})).status, 303);
  assert.equal((await act(specialist, code, { kind: 'complete', outcome: 'done' })).status, 303);
  await director.page(`/ho-so/${code}/ket-qua`);
  return director.post(`/ho-so/${code}/ket-qua/du-thao/1/ky`, {});
}

test('the key chosen: an imported one once the holder has one, the development CA only for holders without, and only where it exists', () => {
  const now = new Date('2026-03-02T03:00:00Z');
  const k = (id: number, authorityId: number | null, o: Partial<KeyCandidate> = {}): KeyCandidate => ({
    ...{ id, authorityId, revokedAt: null, notBefore: new Date(now.getTime() - 100 * day), notAfter: new Date(now.getTime() + 100 * day) },
    ...o,
  });
  assert.deepEqual(chooseKey([], true, now), { issueDevelopmentKey: true });
  assert.deepEqual(chooseKey([], false, now), { refuse: 'missing' }, 'no development CA: no development key');
  assert.deepEqual(chooseKey([k(2, 1), k(1, 1)], true, now), { use: 2 });
  assert.deepEqual(chooseKey([k(2, 1)], false, now), { refuse: 'missing' }, 'outside the demo a development key never signs');
  assert.deepEqual(chooseKey([k(2, 1, { revokedAt: now })], true, now), { issueDevelopmentKey: true });
  assert.deepEqual(chooseKey([k(3, 1), k(2, null)], true, now), { use: 2 }, 'the imported key over a development one');
  assert.deepEqual(chooseKey([k(3, null, { revokedAt: now }), k(2, null)], true, now), { use: 2 });
  assert.deepEqual(chooseKey([k(3, 1), k(2, null, { revokedAt: now })], true, now), { refuse: 'revoked' });
  assert.deepEqual(chooseKey([k(2, null, { notAfter: new Date(now.getTime() - day) })], true, now), { refuse: 'expired' });
  assert.deepEqual(chooseKey([k(2, null, { notAfter: new Date(now.getTime() + 60_000) })], true, now), { refuse: 'expiring' });
  assert.deepEqual(chooseKey([k(2, null, { notBefore: new Date(now.getTime() + day) })], true, now), { refuse: 'not_yet_valid' });
});

test('without a development CA (a province outside the demo) no test key is made: the leader is told to have a certificate imported', async () => {
  const res = await leaderSigns();
  assert.equal(res.status, 400);
  assert.match(
    textOf(res.html),
    /Chứng thư số của Ngô Thị Mai chưa được nhập vào hệ thống; đề nghị quản trị nhập chứng thư mới tại Quản trị › Chữ ký số\./,
  );
  assert.deepEqual(await counts(), { keys: 0, cas: 0 });
  assert.equal((await pool.query(`SELECT 1 FROM result_drafts WHERE signed_at IS NOT NULL`)).rowCount, 0);
});

test('a revoked or expired imported certificate is refused, never replaced by a development key', async () => {
  // The demo's development CA; a holder with nothing imported still gets a development key from it.
  await devAuthority(pool, key);
  const devSeal = await keyOf(signing, seal, actor);
  assert.equal(await keyOf(signing, seal, actor), devSeal);
  // The same database run with DEMO=false: its development keys no longer sign.
  await assert.rejects(keyOf({ ...signing, demo: false }, seal, actor), /no usable signing key of organisation .*: missing/);

  const valid = { notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + 365 * day) };
  const leaderFile = foreignPkcs12(leader.fullName, leader.agencyName, valid);
  const imported = await importSigningKey(pool, key, leader, leaderFile, by, trusting(leaderFile.root));
  const { rows } = await pool.query(`SELECT authority_id FROM signing_keys WHERE id = $1`, [imported.id]);
  assert.equal(rows[0].authority_id, null, 'not from the development CA');
  assert.equal(await keyOf(signing, leader, actor), imported.id);
  await revokeSigningKey(pool, key, imported.id, 'key_compromise', by);
  const before = await counts();
  const res = await leaderSigns();
  assert.equal(res.status, 400);
  assert.match(
    textOf(res.html),
    /Chứng thư số của Ngô Thị Mai đã bị thu hồi; đề nghị quản trị nhập chứng thư mới tại Quản trị › Chữ ký số\./,
  );
  assert.deepEqual(await counts(), before, 'no key issued in its place');

  // The agency's seal: a real one, expired, is not replaced by the development seal it had before.
  const expired = { notBefore: new Date(Date.now() - 400 * day), notAfter: new Date(Date.now() - day) };
  const sealFile = foreignPkcs12(seal.agencyName, seal.agencyName, expired);
  await importSigningKey(pool, key, seal, sealFile, by, trusting(sealFile.root));
  await assert.rejects(keyOf(signing, seal, actor), (err: unknown) => {
    assert.ok(err instanceof AppError && err.code === 'validation_failed');
    assert.equal(
      err.userMessage,
      `Chứng thư số của ${seal.agencyName} đã hết hạn; đề nghị quản trị nhập chứng thư mới tại Quản trị › Chữ ký số.`,
    );
    return true;
  });
  assert.equal((await counts()).keys, before.keys + 1, 'only the imported seal was added');
});
