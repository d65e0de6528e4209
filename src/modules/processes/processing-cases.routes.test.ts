import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertDeadlineAlerts } from '../notifications/notifications.repository.ts';
import { END, type ProcessDefinition } from './process-definition.ts';
import { hours } from './processes-fixture.ts';
import { processingScene } from './processing-fixture.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { loadStaffActor } from '../accounts/staff.repository.ts';
import { loadAgencyIndex } from '../agencies/agency-index.ts';
import { actOnDossier, replayLog } from './act-on-dossier.ts';
import { workRules } from './work-rules.ts';
import { readLog } from './workflow.repository.ts';

const { url, pool, text, process, people, received, act, statusOf } = await processingScene();

test('a step near its deadline and one past it alert the officer who has it and the unit head, once each', async () => {
  const near = await received('Sắp Hạn');
  const late = await received('Quá Hạn');
  for (const code of [near, late]) {
    await act(people.desk, code, { kind: 'start' });
    await act(people.specialist, code, { kind: 'claim' });
  }
  const now = new Date();
  await pool.query(`UPDATE dossiers SET step_due_at = $2 WHERE code = $1`, [near, new Date(now.getTime() + 3600_000)]);
  await pool.query(`UPDATE dossiers SET step_due_at = $2 WHERE code = $1`, [late, new Date(now.getTime() - 3600_000)]);
  const horizon = new Date(now.getTime() + 24 * 3600_000);
  await insertDeadlineAlerts(pool, now, horizon);
  // A second sweep (another process, a retried job) tells nobody twice.
  await insertDeadlineAlerts(pool, now, horizon);
  const { rows } = await pool.query(
    `SELECT s.username, n.kind FROM notifications n JOIN staff s ON s.id = n.staff_id WHERE n.dossier_code IN ($1, $2)
      ORDER BY n.kind, s.username`,
    [near, late],
  );
  assert.deepEqual(
    rows.map((r) => `${r.kind} ${r.username}`),
    ['near_due chuyenvien.stp', 'near_due truongphong.stp', 'overdue chuyenvien.stp', 'overdue truongphong.stp'],
  );
  const page = text((await people.specialist.page('/thong-bao')).html);
  assert.match(page, new RegExp(`Quá hạn Hồ sơ ${late.replaceAll('.', '\\.')} đã quá hạn bước «appraise»`));
  assert.match(text((await people.specialist.page('/hop-thu')).html), new RegExp(`Quá hạn \\(\\d+\\).*${late.replaceAll('.', '\\.')}`));
});

test('five on the spot: an officer holding every step receives, appraises, approves, stamps and returns in one sitting', async () => {
  const commune = (await pool.query(`SELECT id FROM agencies WHERE code = '000.00.31.H99'`)).rows[0].id as number;
  const here = (id: string, name: string, kind: 'appraise' | 'approve' | 'issue', next: ProcessDefinition['steps'][number]['next']) => ({
    id,
    name,
    kind,
    responsible: { agency: 'receiving', role: 'desk_officer' as const },
    allotment: hours(1),
    next,
  });
  const onTheSpot: ProcessDefinition = {
    title: 'Giải quyết tại chỗ',
    steps: [
      here('appraise', 'Thẩm định', 'appraise', [{ on: 'done', to: 'approve' }]),
      here('approve', 'Phê duyệt', 'approve', [
        { on: 'approved', to: 'issue' },
        { on: 'refused', to: 'appraise' },
      ]),
      here('issue', 'Đóng dấu, trả', 'issue', [{ on: 'done', to: END }]),
    ],
  };
  await pool.query(`INSERT INTO procedure_processes (procedure_code, agency_id, version, definition) VALUES ('1.001193', $1, 1, $2)`, [
    commune,
    JSON.stringify(onTheSpot),
  ]);
  await people.commune.page('/tiep-nhan/moi/1.001193');
  const body = new FormData();
  body.append('_csrf', people.commune.csrf());
  for (const [k, v] of Object.entries({ 'applicant.fullName': 'Tại Chỗ', 'applicant.idNumber': '099190000888', outcome: 'receive' }))
    body.append(k, v);
  const res = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${people.commune.cookies.get('mc_session')}` },
    body,
  });
  const code = decodeURIComponent(/\/ho-so\/(.+)\/phieu/.exec(res.headers.get('location')!)![1]!);
  const page = await people.commune.page(`/ho-so/${code}`);
  assert.match(text(page.html), /Giải quyết ngay tại chỗ/);
  // The centre's officer does not hold the commune's steps: the route refuses.
  assert.equal((await people.desk.post(`/ho-so/${code}/tai-cho`, {})).status, 403);
  const resolved = await people.commune.post(`/ho-so/${code}/tai-cho`, {});
  assert.equal(resolved.status, 303);
  assert.equal((await statusOf(code)).status, 'returned');
  const { rows } = await pool.query(
    `SELECT a.action FROM dossier_actions a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = $1 ORDER BY a.id`,
    [code],
  );
  assert.deepEqual(
    rows.map((r) => r.action),
    ['receive', 'start', 'complete', 'complete', 'complete', 'return_result'],
  );
});

test('actions on many dossiers at once are committed together, and a refused one takes none of the others with it', async () => {
  const codes = await Promise.all(Array.from({ length: 8 }, (_, i) => received(`Cùng Lúc ${i}`)));
  for (const code of codes) await act(people.desk, code, { kind: 'start' });
  const pages = await Promise.all(codes.map((code) => people.specialist.page(`/ho-so/${code}`)));
  const revisions = pages.map((p) => /name="revision" value="(\d+)"/.exec(p.html)![1]!);
  const before = (await pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'processing_claim'`)).rows[0].n;
  const answers = await Promise.all(
    codes.map((code, i) =>
      people.specialist.post(`/ho-so/${code}/xu-ly`, { revision: i === 3 ? '1' : revisions[i]!, kind: 'claim' }, people.specialist.csrf()),
    ),
  );
  assert.deepEqual(
    answers.map((a) => a.status),
    codes.map((_, i) => (i === 3 ? 409 : 303)),
  );
  const after = (await pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'processing_claim'`)).rows[0].n;
  assert.equal(after - before, 7, 'one audit entry per action that happened');
  for (const [i, code] of codes.entries()) {
    const { rows } = await pool.query(`SELECT id, assignee_id FROM dossiers WHERE code = $1`, [code]);
    assert.equal(rows[0].assignee_id === null, i === 3);
    assert.equal(replayLog(process, await readLog(pool, rows[0].id)).assignee === null, i === 3);
  }
});

test('two actions on one dossier arriving together: never a half-written mix, the stored state is always the replayed log', async () => {
  const code = await received('Hai Thao Tác');
  const { rows } = await pool.query(`SELECT id, revision FROM dossiers WHERE code = $1`, [code]);
  const [desk, specialist] = await Promise.all(
    ['motcua.ttphc', 'chuyenvien.stp'].map(async (u) => {
      const { rows: found } = await pool.query(`SELECT id FROM staff WHERE username = $1`, [u]);
      return (await loadStaffActor(pool, found[0].id)) as StaffActor;
    }),
  );
  const index = await loadAgencyIndex(pool);
  const rules = workRules(pool, await loadCalendar(pool, { fromYear: 2025, toYear: 2030 }));
  const r = rows[0].revision as number;
  // The claim names the revision the start will leave: both are written in the same batch, or the claim is refused.
  const outcomes = await Promise.allSettled([
    actOnDossier(pool, desk!, index, { code, revision: r, action: { kind: 'start' }, comment: '' }, rules, '127.0.0.1'),
    actOnDossier(pool, specialist!, index, { code, revision: r + 1, action: { kind: 'claim' }, comment: '' }, rules, '127.0.0.1'),
  ]);
  assert.equal(outcomes[0].status, 'fulfilled');
  const { rows: after } = await pool.query(
    `SELECT status, current_step, assignee_id, process_version, revision FROM dossiers WHERE id = $1`,
    [rows[0].id],
  );
  const replayed = replayLog(process, await readLog(pool, rows[0].id));
  const log = await readLog(pool, rows[0].id);
  assert.notEqual(after[0].process_version, null, 'the start’s process version is kept');
  assert.equal(after[0].status, replayed.status);
  assert.equal(after[0].current_step, replayed.step);
  assert.equal(after[0].assignee_id, replayed.assignee);
  assert.equal(after[0].revision, r + log.length - 1, 'one revision per action logged');
});

test('a dossier changed by someone else between the moment an action is decided and its write: a conflict, and nothing written', async () => {
  const code = await received('Đổi Giữa Chừng');
  await act(people.desk, code, { kind: 'start' });
  const { rows } = await pool.query(`SELECT id, revision FROM dossiers WHERE code = $1`, [code]);
  const { rows: found } = await pool.query(`SELECT id FROM staff WHERE username = 'chuyenvien.stp'`);
  const specialist = (await loadStaffActor(pool, found[0].id)) as StaffActor;
  const index = await loadAgencyIndex(pool);
  const rules = workRules(pool, await loadCalendar(pool, { fromYear: 2025, toYear: 2030 }));
  const count = async (sql: string) => (await pool.query(sql, [code])).rows[0].n as number;
  const logged = `SELECT count(*)::int AS n FROM dossier_actions a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = $1`;
  const audited = `SELECT count(*)::int AS n FROM audit_log WHERE subject_id = $1`;
  const [logBefore, auditBefore] = [await count(logged), await count(audited)];
  // Another process moves the dossier on right after this one has read it (the revision is what every writer moves).
  const racing = {
    query: async (statement: string | { name?: string; text: string }, values?: unknown[]) => {
      const result = await pool.query(statement as string, values);
      if (typeof statement === 'object' && statement.name === 'read_dossiers_with_logs')
        await pool.query(`UPDATE dossiers SET revision = revision + 1 WHERE code = $1`, [code]);
      return result;
    },
  } as unknown as typeof pool;
  await assert.rejects(
    actOnDossier(
      racing,
      specialist,
      index,
      { code, revision: rows[0].revision, action: { kind: 'claim' }, comment: '' },
      rules,
      '127.0.0.1',
    ),
    (err: { code?: string; userMessage?: string }) => err.code === 'conflict' && /vừa được người khác xử lý/.test(err.userMessage ?? ''),
  );
  assert.equal(await count(logged), logBefore, 'no log entry');
  assert.equal(await count(audited), auditBefore, 'no audit entry');
  const { rows: after } = await pool.query(`SELECT assignee_id FROM dossiers WHERE code = $1`, [code]);
  assert.equal(after[0].assignee_id, null, 'not claimed');
});

test('an action waiting for a dossier that another transaction holds is refused as a conflict once that one commits its change', async () => {
  const code = await received('Chờ Khóa');
  await act(people.desk, code, { kind: 'start' });
  const { rows } = await pool.query(`SELECT revision FROM dossiers WHERE code = $1`, [code]);
  const { rows: found } = await pool.query(`SELECT id FROM staff WHERE username = 'chuyenvien.stp'`);
  const specialist = (await loadStaffActor(pool, found[0].id)) as StaffActor;
  const index = await loadAgencyIndex(pool);
  const rules = workRules(pool, await loadCalendar(pool, { fromYear: 2025, toYear: 2030 }));
  const other = await pool.connect();
  try {
    await other.query('BEGIN');
    await other.query(`UPDATE dossiers SET revision = revision + 1 WHERE code = $1`, [code]);
    const claim = actOnDossier(
      pool,
      specialist,
      index,
      { code, revision: rows[0].revision, action: { kind: 'claim' }, comment: '' },
      rules,
      '127.0.0.1',
    );
    // The write now waits for the row; the other transaction commits its change.
    // Its outcome is taken at once: the refusal may come before the COMMIT's own reply is read here.
    const outcome = claim.then(
      () => 'claimed',
      (err: { code?: string }) => err.code,
    );
    await new Promise((r) => setTimeout(r, 300));
    await other.query('COMMIT');
    assert.equal(await outcome, 'conflict');
  } finally {
    other.release();
  }
  const { rows: after } = await pool.query(`SELECT assignee_id FROM dossiers WHERE code = $1`, [code]);
  assert.equal(after[0].assignee_id, null, 'not claimed');
});

test('a wrong returned result is corrected at the issuing step and returned again; a supplement is asked within 3 working days only', async () => {
  const code = await received('Đính Chính');
  await act(people.desk, code, { kind: 'start' });
  // Received ten days ago: too late to ask the applicant for anything more.
  await pool.query(`UPDATE dossiers SET received_at = now() - interval '10 days' WHERE code = $1`, [code]);
  await act(people.specialist, code, { kind: 'claim' });
  const late = await act(people.specialist, code, { kind: 'request_supplement', 'text-supplement': 'Thêm giấy tờ' });
  assert.equal(late.status, 400);
  assert.match(text(late.html), /Đã quá 3 ngày làm việc kể từ khi tiếp nhận/);
  await act(people.specialist, code, { kind: 'complete', outcome: 'done' });
  await act(people.director, code, { kind: 'complete', outcome: 'approved' });
  await act(people.clerk, code, { kind: 'complete', outcome: 'done' });
  await act(people.desk, code, { kind: 'return_result' });
  const noReason = await act(people.desk, code, { kind: 'correct', 'text-correct': '' });
  assert.match(text(noReason.html), /Ghi rõ sai sót cần đính chính/);
  assert.equal((await act(people.desk, code, { kind: 'correct', 'text-correct': 'Sai năm sinh của người được cấp' })).status, 303);
  assert.deepEqual(await statusOf(code), { status: 'processing', current_step: 'issue' });
  await act(people.clerk, code, { kind: 'complete', outcome: 'done' });
  await act(people.desk, code, { kind: 'return_result' });
  assert.equal((await statusOf(code)).status, 'returned');
});
