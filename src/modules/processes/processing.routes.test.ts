import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { END, type ProcessDefinition } from './process-definition.ts';
import { appendProcessVersion, hours } from './processes-fixture.ts';
import { processingScene } from './processing-fixture.ts';
import { replayLog } from './act-on-dossier.ts';
import { readLog } from './workflow.repository.ts';

const { url, pool, text, process, centre, people, received, act, statusOf } = await processingScene();

test('the inbox kept in memory answers a revisit with 304, and any change to a listed dossier, from any process, shows at once', async () => {
  const code = await received('Trịnh Văn Nhớ');
  await act(people.desk, code, { kind: 'start' });
  const first = await people.specialist.get('/hop-thu');
  const etag = first.headers.get('etag')!;
  assert.match(text(await first.text()), new RegExp(`Cần nhận xử lý.*${code.replaceAll('.', '\\.')}.*Trịnh Văn Nhớ`));
  assert.equal((await people.specialist.get('/hop-thu', { 'if-none-match': etag })).status, 304);
  // Another app process (here: SQL, as it would write) renames the applicant: the next visit shows it, nothing stale.
  await pool.query(`UPDATE dossiers SET applicant = jsonb_set(applicant, '{fullName}', '"Trịnh Văn Mới"') WHERE code = $1`, [code]);
  const again = await people.specialist.get('/hop-thu', { 'if-none-match': etag });
  assert.equal(again.status, 200);
  assert.match(text(await again.text()), /Trịnh Văn Mới/);
  // Claimed through the page: it moves to the officer's own group on the next visit.
  await act(people.specialist, code, { kind: 'claim' });
  assert.match(text((await people.specialist.page('/hop-thu')).html), new RegExp(`Đang xử lý \\(\\d+\\).*${code.replaceAll('.', '\\.')}`));
});

test('a dossier goes from the desk through appraisal, approval and issue, and the result is returned', async () => {
  const code = await received('Phan Văn Tín');
  // At the desk it waits to be forwarded, with the 15:00 rule's deadline; its procedure has a process here.
  const desk = text((await people.desk.page('/tiep-nhan')).html);
  assert.match(desk, new RegExp(`Hồ sơ chờ chuyển xử lý \\(\\d+\\).*${code.replaceAll('.', '\\.')}.*Chuyển cho cơ quan giải quyết trước`));
  assert.doesNotMatch(desk, /chưa được cấu hình quy trình/);
  assert.equal((await act(people.desk, code, { kind: 'start' })).status, 303);
  assert.deepEqual(await statusOf(code), { status: 'processing', current_step: 'appraise' });

  // The specialist finds it in the inbox, among the unit's unclaimed dossiers, with the step's deadline.
  const inbox = text((await people.specialist.page('/hop-thu')).html);
  assert.match(inbox, new RegExp(`Cần nhận xử lý \\(của đơn vị\\).*${code.replaceAll('.', '\\.')}.*Phan Văn Tín`));
  assert.equal((await act(people.specialist, code, { kind: 'claim' })).status, 303);
  assert.match(text((await people.specialist.page('/hop-thu?q=Phan')).html), /Đang xử lý \(1\)/);
  // What is typed is matched as text: % is no wildcard.
  assert.match(text((await people.specialist.page('/hop-thu?q=%25')).html), /Không có hồ sơ nào khớp/);
  const page = text((await people.specialist.page(`/ho-so/${code}`)).html);
  assert.match(page, /Bước hiện tại Thẩm định hồ sơ \(Thẩm định\)/);
  assert.match(page, /Người xử lý Vũ Thị Lan/);
  // The history names the steps as the process does.
  assert.match(page, /\(bước Thẩm định hồ sơ\)/);
  assert.doesNotMatch(page, /\(bước appraise\)/);
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
  // The centre has its process for 1.001193; the commune, and nobody above it, has none.
  const code = await received('Không Quy Trình', people.commune);
  const page = await people.commune.page(`/ho-so/${code}`);
  assert.match(text(page.html), /chưa được cấu hình quy trình xử lý nội bộ/);
  assert.doesNotMatch(page.html, /value="start"/, 'nothing to press that would send it nowhere');
  // Forwarding it anyway (a page open from before) is refused with the same reason.
  const revision = /name="revision" value="(\d+)"/.exec(page.html)?.[1] ?? '1';
  const forced = await people.commune.post(`/ho-so/${code}/xu-ly`, { revision, kind: 'start' });
  assert.equal(forced.status, 400);
  assert.match(text(forced.html), /chưa được cấu hình quy trình xử lý nội bộ/);
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
  await appendProcessVersion(pool, '1.001193', centre, joint);
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
    await appendProcessVersion(pool, '1.001193', centre, process);
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
  // The problem points at the date field.
  assert.match(earlier.html, /href="#until"/);
  const impossible = await act(people.specialist, code, { kind: 'extend', until: '45/13/2026', 'text-extend': 'Chậm' });
  assert.equal(impossible.status, 400);
  assert.match(text(impossible.html), /không phải là một ngày có thật/);
  // What was typed is shown again in the extension's form, the date marked as the field to correct.
  assert.match(impossible.html, /<input[^>]*name="until"[^>]*value="45\/13\/2026"/);
  assert.match(impossible.html, /class="input-error"[^>]*name="until"|name="until"[^>]*class="input-error"/);
  assert.match(impossible.html, /<textarea[^>]*name="text-extend"[^>]*>Chậm<\/textarea>/);
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
