import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { startTestApp } from '../../../test/helpers/app.ts';
import { staffClient, type Client } from '../../../test/helpers/client.ts';
import { END, type ProcessDefinition } from './process-definition.ts';
import { departmentProcess, hours, installProcess } from './processes-fixture.ts';
import { replayLog } from './act-on-dossier.ts';
import { readLog } from './workflow.repository.ts';
import { insertDeadlineAlerts } from '../notifications/notifications.repository.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** The department's process, as the centre's desk forwards it: appraisal in the civil-status unit, the director, the clerk. */
const process = departmentProcess('Quy trình thử');
const centre = await installProcess(pool, '1.001193', '000.00.10.H99', process);

const people = {
  desk: await staffClient(url, deps, 'motcua.ttphc'),
  specialist: await staffClient(url, deps, 'chuyenvien.stp'),
  head: await staffClient(url, deps, 'truongphong.stp'),
  director: await staffClient(url, deps, 'giamdoc.stp'),
  clerk: await staffClient(url, deps, 'vanthu.stp'),
  commune: await staffClient(url, deps, 'motcua.dongthanh'),
};

/** A dossier received at the centre's counter; returns its code. */
async function received(name: string): Promise<string> {
  await people.desk.page('/tiep-nhan/moi/1.001193');
  const body = new FormData();
  body.append('_csrf', people.desk.csrf());
  for (const [k, v] of Object.entries({ 'applicant.fullName': name, 'applicant.idNumber': '099190000777', outcome: 'receive' }))
    body.append(k, v);
  const res = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${people.desk.cookies.get('mc_session')}` },
    body,
  });
  assert.equal(res.status, 303);
  return decodeURIComponent(/\/ho-so\/(.+)\/phieu/.exec(res.headers.get('location')!)![1]!);
}

/** Takes an action from the dossier page as the person sees it (revision and CSRF from that page). */
async function act(who: Client, code: string, fields: Record<string, string>, mayNotSee = false) {
  const page = await who.page(`/ho-so/${code}`);
  if (mayNotSee && page.status === 403) return page;
  assert.equal(page.status, 200, `${code} is readable`);
  const revision = /name="revision" value="(\d+)"/.exec(page.html)?.[1] ?? '0';
  return who.post(`/ho-so/${code}/xu-ly`, { revision, ...fields });
}

const statusOf = async (code: string) => (await pool.query(`SELECT status, current_step FROM dossiers WHERE code = $1`, [code])).rows[0];

test('a dossier goes from the desk through appraisal, approval and issue, and the result is returned', async () => {
  const code = await received('Phan Văn Tín');
  // At the desk it waits to be forwarded, with the 15:00 rule's deadline.
  assert.match(
    text((await people.desk.page('/tiep-nhan')).html),
    new RegExp(`Hồ sơ chờ chuyển xử lý \\(\\d+\\).*${code.replaceAll('.', '\\.')}.*Chuyển cho cơ quan giải quyết trước`),
  );
  assert.equal((await act(people.desk, code, { kind: 'start' })).status, 303);
  assert.deepEqual(await statusOf(code), { status: 'processing', current_step: 'appraise' });

  // The specialist finds it in the inbox, among the unit's unclaimed dossiers, with the step's deadline.
  const inbox = text((await people.specialist.page('/hop-thu')).html);
  assert.match(inbox, new RegExp(`Cần nhận xử lý \\(của đơn vị\\).*${code.replaceAll('.', '\\.')}.*Phan Văn Tín`));
  assert.equal((await act(people.specialist, code, { kind: 'claim' })).status, 303);
  assert.match(text((await people.specialist.page('/hop-thu?q=Phan')).html), /Đang xử lý \(1\)/);
  const page = text((await people.specialist.page(`/ho-so/${code}`)).html);
  assert.match(page, /Bước hiện tại Thẩm định hồ sơ \(Thẩm định\)/);
  assert.match(page, /Người xử lý Vũ Thị Lan/);
  assert.match(page, /Hạn của bước [^–]*\d{2}\/\d{2}\/\d{4}/);

  // Someone else cannot finish a step they do not hold; the director approves only at the approval step.
  const early = await act(people.director, code, { kind: 'complete', outcome: 'approved' });
  assert.equal(early.status, 400);
  assert.match(text(early.html), /Chỉ người đang xử lý bước này/);
  assert.equal((await act(people.specialist, code, { kind: 'complete', outcome: 'done' })).status, 303);
  assert.equal((await act(people.director, code, { kind: 'complete', outcome: 'approved' })).status, 303);
  assert.equal((await act(people.clerk, code, { kind: 'complete', outcome: 'done' })).status, 303);
  assert.deepEqual(await statusOf(code), { status: 'processed', current_step: null });
  assert.equal((await act(people.desk, code, { kind: 'return_result' })).status, 303);
  assert.equal((await statusOf(code)).status, 'returned');
  assert.match(text((await people.desk.page(`/ho-so/${code}`)).html), /Hẹn trả kết quả [^A-Z]*(Trước hạn|Đúng hạn)/);

  // The timeline names every hand-over, and the public lookup says the result was returned.
  const timeline = text((await people.desk.page(`/ho-so/${code}`)).html);
  for (const who of [
    'Phạm Thị Hoa: Chuyển hồ sơ đi xử lý',
    'Vũ Thị Lan: Nhận xử lý hồ sơ',
    'Vũ Thị Lan: Hoàn thành bước xử lý',
    'Ngô Thị Mai: Hoàn thành bước xử lý',
    'Bùi Văn Tư: Hoàn thành bước xử lý',
    'Phạm Thị Hoa: Trả kết quả cho người nộp',
  ])
    assert.ok(timeline.includes(who), who);
  assert.equal((await (await fetch(`${url}/api/dossiers/${code}/status`)).json()).portalStatus, 10);
});

test('two officers acting at the same moment: one succeeds, the other is told the dossier changed', async () => {
  const code = await received('Lê Thị Hai');
  await act(people.desk, code, { kind: 'start' });
  const page = await people.specialist.page(`/ho-so/${code}`);
  await people.head.page(`/ho-so/${code}`);
  const revision = /name="revision" value="(\d+)"/.exec(page.html)![1]!;
  const [a, b] = await Promise.all([
    people.specialist.post(`/ho-so/${code}/xu-ly`, { revision, kind: 'claim' }),
    people.head.post(`/ho-so/${code}/xu-ly`, { revision, kind: 'assign', assignee: '0' }, people.head.csrf()),
  ]);
  const statuses = [a.status, b.status].sort();
  assert.ok(statuses.includes(303), `one of them succeeds (${statuses})`);
  const loser = a.status === 303 ? b : a;
  assert.ok([400, 409].includes(loser.status));
  const again = await people.specialist.post(`/ho-so/${code}/xu-ly`, { revision, kind: 'claim' }, people.specialist.csrf());
  assert.equal(again.status, 409);
  assert.match(text(again.html), /Hồ sơ vừa được người khác xử lý/);
});

test('a supplement asked at appraisal stops the clock; the completed dossier starts its time limit again', async () => {
  const code = await received('Trần Văn Ba');
  await act(people.desk, code, { kind: 'start' });
  await act(people.specialist, code, { kind: 'claim' });
  const before = (await pool.query(`SELECT due_at FROM dossiers WHERE code = $1`, [code])).rows[0].due_at;
  const asked = await act(people.specialist, code, {
    kind: 'request_supplement',
    'text-supplement': 'Bản sao giấy tờ tùy thân\n\nGiấy ủy quyền',
  });
  assert.equal(asked.status, 303);
  assert.equal((await statusOf(code)).status, 'supplement_requested');
  assert.deepEqual((await (await fetch(`${url}/api/dossiers/${code}/status`)).json()).reasons, [
    'Bản sao giấy tờ tùy thân',
    'Giấy ủy quyền',
  ]);
  assert.equal((await act(people.desk, code, { kind: 'supplement_received' })).status, 303);
  const after = (await pool.query(`SELECT due_at, status FROM dossiers WHERE code = $1`, [code])).rows[0];
  assert.equal(after.status, 'processing');
  assert.ok(after.due_at >= before, 'the time limit counts again from the completed supplement');
  const twice = await act(people.specialist, code, { kind: 'request_supplement', 'text-supplement': 'Thêm nữa' });
  assert.match(text(twice.html), /chỉ được yêu cầu bổ sung một lần/);
});

test('a procedure without a process says so instead of letting the dossier vanish into nobody’s inbox', async () => {
  await pool.query(`DELETE FROM procedure_processes WHERE procedure_code = '1.001193' AND agency_id = $1`, [centre]);
  try {
    const code = await received('Không Quy Trình');
    const page = text((await people.desk.page(`/ho-so/${code}`)).html);
    // Either the province's own default process applies, or the page says none is configured.
    const { rows } = await pool.query(`SELECT 1 FROM procedure_processes WHERE procedure_code = '1.001193' AND agency_id IS NULL`);
    if (rows.length === 0) assert.match(page, /chưa được cấu hình quy trình xử lý nội bộ/);
    else assert.match(page, /Chuyển xử lý/);
  } finally {
    await pool.query(`INSERT INTO procedure_processes (procedure_code, agency_id, version, definition) VALUES ('1.001193', $1, 1, $2)`, [
      centre,
      JSON.stringify(process),
    ]);
  }
});

test('random actions by random officers: the stored status is always the one the log replays to', async () => {
  const code = await received('Ngẫu Nhiên');
  // The commune's desk officer may not even read the centre's dossier.
  assert.equal((await people.commune.page(`/ho-so/${code}`)).status, 403);
  const { commune: _outsider, ...insiders } = people;
  const who = fc.constantFrom(...Object.values(insiders));
  const kinds = fc.constantFrom(
    { kind: 'start' },
    { kind: 'claim' },
    { kind: 'complete', outcome: 'done' },
    { kind: 'complete', outcome: 'approved' },
    { kind: 'complete', outcome: 'refused' },
    { kind: 'send_back', to: 'appraise', 'text-back-appraise': 'Thiếu ý kiến' },
    { kind: 'request_supplement', 'text-supplement': 'Giấy tờ' },
    { kind: 'supplement_received' },
    { kind: 'return_result' },
  );
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(who, kinds), { minLength: 5, maxLength: 12 }), async (steps) => {
      for (const [person, fields] of steps) {
        const res = await act(person, code, fields as unknown as Record<string, string>, true);
        assert.ok([303, 400, 403, 409].includes(res.status), `unexpected ${res.status}`);
        const { rows } = await pool.query(`SELECT id, status, current_step FROM dossiers WHERE code = $1`, [code]);
        const derived = replayLog(process, await readLog(pool, rows[0].id));
        assert.equal(rows[0].status, derived.status);
        assert.equal(rows[0].current_step, derived.step);
      }
    }),
    { numRuns: 6 },
  );
});

test('an opinion asked of another agency holds the step until it answers; a joint step waits for every participant', async () => {
  const joint: ProcessDefinition = {
    title: 'Quy trình liên thông thử',
    steps: [
      { ...process.steps[0]!, next: [{ on: 'done', to: 'joint' }] },
      {
        id: 'joint',
        name: 'Liên thông xác nhận cư trú',
        kind: 'joint',
        responsible: { agency: '000.00.11.H99', role: 'agency_leader' },
        allotment: hours(8),
        tasks: [{ agency: '000.00.31.H99', role: 'desk_officer', task: 'Xác nhận nơi cư trú', allotment: hours(8) }],
        next: [{ on: 'done', to: END }],
      },
    ],
  };
  await pool.query(`UPDATE procedure_processes SET definition = $2 WHERE procedure_code = '1.001193' AND agency_id = $1`, [
    centre,
    JSON.stringify(joint),
  ]);
  try {
    const code = await received('Liên Thông');
    await act(people.desk, code, { kind: 'start' });
    await act(people.specialist, code, { kind: 'claim' });
    assert.equal((await people.commune.page(`/ho-so/${code}`)).status, 403, 'not yet involved');
    const asked = await act(people.specialist, code, {
      kind: 'consult',
      agency: '000.00.31.H99',
      days: '2',
      'text-consult': 'Xin xác nhận hộ khẩu',
    });
    assert.equal(asked.status, 303);
    const blocked = await act(people.specialist, code, { kind: 'complete', outcome: 'done' });
    assert.match(text(blocked.html), /còn chờ ý kiến của cơ quan được hỏi/);
    // The consulted commune finds it in its inbox, reads it, and answers.
    assert.match(text((await people.commune.page('/hop-thu')).html), new RegExp(code.replaceAll('.', '\\.')));
    const answered = await act(people.commune, code, {
      kind: 'answer_consultation',
      index: '0',
      'text-answer-0': 'Đúng, thường trú tại phường',
    });
    assert.equal(answered.status, 303);
    assert.match(text((await people.specialist.page(`/ho-so/${code}`)).html), /Trả lời: Đúng, thường trú tại phường/);
    assert.equal((await act(people.specialist, code, { kind: 'complete', outcome: 'done' })).status, 303);
    // The joint step: the lead cannot finish before the participant has done its task.
    const early = await act(people.director, code, { kind: 'complete', outcome: 'done' });
    assert.match(text(early.html), /còn phần việc của cơ quan phối hợp chưa xong/);
    assert.equal((await act(people.commune, code, { kind: 'finish_task', index: '0', 'text-task-0': 'Đã xác nhận' })).status, 303);
    assert.equal((await act(people.director, code, { kind: 'complete', outcome: 'done' })).status, 303);
    assert.equal((await statusOf(code)).status, 'processed');
  } finally {
    await pool.query(`UPDATE procedure_processes SET definition = $2 WHERE procedure_code = '1.001193' AND agency_id = $1`, [
      centre,
      JSON.stringify(process),
    ]);
  }
});

test('an apology and extension (Mẫu 04) is possible once, at least a day before the due date, to a later day', async () => {
  const code = await received('Gia Hạn');
  await act(people.desk, code, { kind: 'start' });
  await act(people.specialist, code, { kind: 'claim' });
  const { due_at: due } = (await pool.query(`SELECT due_at FROM dossiers WHERE code = $1`, [code])).rows[0];
  const ddmmyyyy = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
  const earlier = await act(people.specialist, code, {
    kind: 'extend',
    until: ddmmyyyy(new Date(due.getTime() - 86400000)),
    'text-extend': 'Chậm',
  });
  assert.match(text(earlier.html), /phải sau ngày hẹn trả hiện tại/);
  const later = new Date(due.getTime() + 5 * 86400000);
  const ok = await act(people.specialist, code, {
    kind: 'extend',
    until: ddmmyyyy(later),
    'text-extend': 'Chờ kết quả xác minh; xin lỗi ông',
  });
  assert.equal(ok.status, 303);
  const moved = (await pool.query(`SELECT due_at FROM dossiers WHERE code = $1`, [code])).rows[0].due_at;
  assert.equal(ddmmyyyy(moved), ddmmyyyy(later));
  const again = await act(people.specialist, code, {
    kind: 'extend',
    until: ddmmyyyy(new Date(later.getTime() + 86400000)),
    'text-extend': 'Lần nữa',
  });
  assert.match(text(again.html), /chỉ được xin lỗi và gia hạn một lần/);
});

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
