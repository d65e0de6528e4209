import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { findAgencyByCode, findUnit } from '../agencies/agencies.repository.ts';
import { legalConsultantCardCode as code, legalConsultantCardProcess } from '../demo/demo-processes.ts';
import { processVersionOf } from './process-versions.ts';
import * as repo from './processes.repository.ts';

const pool = await testDatabase({ demo: true });
const idOf = async (agencyCode: string) => (await findAgencyByCode(pool, agencyCode))!.id;
const titled = (title: string) => ({ ...legalConsultantCardProcess, title });

test('a dossier follows its receiving agency’s variant, else the nearest agency above with one, else the province’s default', async () => {
  const commune = await idOf('000.00.31.H99');
  const desk = (await findUnit(pool, commune, 'Bộ phận một cửa'))!.id;
  const centre = await idOf('000.00.10.H99');
  assert.equal((await repo.findProcessFor(pool, code, desk))?.agencyId, null, 'the demo’s default');

  assert.equal(await repo.insertProcessVersion(pool, code, commune, 0, titled('Phường Đông Thành'), null), 1);
  assert.equal(await repo.insertProcessVersion(pool, code, commune, 1, titled('Phường Đông Thành, bản 2'), null), 2);
  for (const [agency, title] of [
    [commune, 'Phường Đông Thành, bản 2'],
    [desk, 'Phường Đông Thành, bản 2'],
    [centre, legalConsultantCardProcess.title],
  ] as const)
    assert.equal((await repo.findProcessFor(pool, code, agency))?.definition.title, title, String(agency));
  assert.equal(
    (await repo.findProcessVersion(pool, code, commune, 1))?.definition.title,
    'Phường Đông Thành',
    'a dossier keeps its version',
  );
  assert.equal((await repo.findProcessVersion(pool, code, null, 1))?.definition.title, legalConsultantCardProcess.title);
  assert.equal(await repo.findProcessVersion(pool, code, null, 2), undefined);
});

test('versions are appended against the version the editor started from; the default is one variant despite its NULL agency', async () => {
  assert.equal(await repo.insertProcessVersion(pool, code, null, 0, titled('Lần nữa từ đầu'), null), undefined, 'version 1 exists');
  const both = await Promise.all([1, 1].map(() => repo.insertProcessVersion(pool, code, null, 1, titled('Cùng lúc'), null)));
  assert.deepEqual(both.sort(), [2, undefined], 'of two saves on version 1, one wins');
  await assert.rejects(
    pool.query(`INSERT INTO procedure_processes (procedure_code, agency_id, version, definition) VALUES ($1, NULL, 2, '{}')`, [code]),
    /procedure_processes_version/,
  );
  assert.deepEqual(
    (await repo.listProcessVersions(pool, code, null)).map((v) => v.version),
    [2, 1],
  );
  const listed = (await repo.listProcesses(pool)).filter((p) => p.procedureCode === code);
  assert.deepEqual(
    listed.map((p) => [p.agencyCode, p.version]),
    [
      [null, 2],
      ['000.00.31.H99', 2],
    ],
  );
});

test('a stored version is never changed in place: the database refuses, and the version read once stays true', async () => {
  const commune = await idOf('000.00.31.H99');
  const version = (await repo.insertProcessVersion(
    pool,
    code,
    commune,
    await currentVersion(commune),
    titled('Bản không được sửa'),
    null,
  ))!;
  const first = await processVersionOf(pool, code, commune, version);
  assert.equal(first?.definition.title, 'Bản không được sửa');
  await assert.rejects(
    pool.query(`UPDATE procedure_processes SET definition = jsonb_set(definition, '{title}', '"Đã sửa"') WHERE version = $1`, [version]),
    /procedure_processes: a stored version is never changed or removed \(UPDATE\)/,
  );
  assert.equal((await repo.findProcessVersion(pool, code, commune, version))?.definition.title, 'Bản không được sửa');
  assert.equal(await processVersionOf(pool, code, commune, version), first, 'read once, then kept');
});

async function currentVersion(agencyId: number): Promise<number> {
  return (await repo.findCurrentProcess(pool, code, agencyId))?.version ?? 0;
}
