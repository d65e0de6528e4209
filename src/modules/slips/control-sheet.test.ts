import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vietnamTime } from '../calendar/local-time.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ActionRow, DossierRow } from '../dossiers/dossiers.repository.ts';
import { departmentProcess } from '../processes/processes-fixture.ts';
import { controlSheetContent, type ControlSheetInput } from './control-sheet.ts';
import type { SlipBlock } from './slip-content.ts';

// March 2026 has no holiday: Monday 02/03 to Friday 13/03 are ten working days of 7.5 office hours
// (07:30–11:30, 13:30–17:00), so every deadline below can be counted by hand.

const process = departmentProcess('Quy trình cấp thẻ');
const stepAgencies = {
  appraise: { unit: 'Phòng Hành chính tư pháp', agency: 'Sở Tư pháp tỉnh An Hòa' },
  approve: { unit: 'Sở Tư pháp tỉnh An Hòa', agency: 'Sở Tư pháp tỉnh An Hòa' },
  issue: { unit: 'Sở Tư pháp tỉnh An Hòa', agency: 'Sở Tư pháp tỉnh An Hòa' },
};

const dossier: DossierRow = {
  id: 1,
  code: '000.00.10.H99-260302-0001',
  procedureCode: '1.000426',
  procedureVersion: 1,
  procedureName: 'Cấp thẻ tư vấn viên pháp luật',
  receivingAgencyId: 3,
  receivingAgencyName: 'Trung tâm Phục vụ hành chính công tỉnh An Hòa',
  channel: 'counter',
  applicant: { fullName: 'Phan Văn Tín', idNumber: '099190000777', phone: '0912000111', email: '', address: 'Phường Đông Thành' },
  representative: null,
  resultDelivery: 'counter',
  postalTracking: null,
  components: [],
  receivedAt: vietnamTime('2026-03-02 08:00'),
  // Counted again from the completed supplement (05/03 14:00).
  dueAt: vietnamTime('2026-03-13 17:00'),
  status: 'returned',
  revision: 12,
  createdAt: vietnamTime('2026-03-02 08:00'),
  acceptBy: null,
  citizenId: null,
  formVersion: null,
  answers: {},
  stepAgencyId: null,
  assigneeId: null,
  waitingAgencyIds: [],
};

const entry = (
  at: string,
  actorName: string,
  action: string,
  toStatus: ActionRow['toStatus'],
  extra: Partial<ActionRow> = {},
): ActionRow => ({
  at: vietnamTime(at),
  actorKind: 'staff',
  actorId: 1,
  actorName,
  action,
  toStatus,
  comment: '',
  detail: {},
  ...extra,
});
const work = (
  at: string,
  who: string,
  w: Record<string, unknown>,
  toStatus: ActionRow['toStatus'],
  fromStep: string | null,
  toStep: string | null,
  comment = '',
) =>
  entry(at, who, String(w.kind), toStatus, {
    comment,
    detail: { work: w, fromStep, toStep, ...('reasons' in w ? { reasons: w.reasons } : {}) },
  });

const desk = 'Phạm Thị Hoa';
const log: ActionRow[] = [
  entry('2026-03-02 08:00', `${desk} (motcua.ttphc)`, 'receive', 'received', { detail: { reasons: [], channel: 'counter' } }),
  work('2026-03-02 09:00', desk, { kind: 'start' }, 'processing', null, 'appraise'),
  work('2026-03-02 09:30', 'Hoàng Văn Nam', { kind: 'assign', to: 7, toName: '' }, 'processing', 'appraise', 'appraise'),
  work(
    '2026-03-02 10:00',
    'Vũ Thị Lan',
    { kind: 'request_supplement', reasons: ['Bản sao giấy tờ tùy thân', 'Giấy ủy quyền'] },
    'supplement_requested',
    'appraise',
    'appraise',
  ),
  work('2026-03-05 14:00', desk, { kind: 'supplement_received' }, 'processing', 'appraise', 'appraise'),
  work('2026-03-09 16:00', 'Vũ Thị Lan', { kind: 'complete', outcome: 'done' }, 'processing', 'appraise', 'approve'),
  work(
    '2026-03-10 08:00',
    'Ngô Thị Mai',
    { kind: 'send_back', to: 'appraise' },
    'processing',
    'approve',
    'appraise',
    'Thiếu ý kiến của phòng về kinh nghiệm',
  ),
  work('2026-03-10 08:30', 'Vũ Thị Lan', { kind: 'claim' }, 'processing', 'appraise', 'appraise'),
  work('2026-03-10 09:00', 'Vũ Thị Lan', { kind: 'complete', outcome: 'done' }, 'processing', 'appraise', 'approve'),
  work('2026-03-10 10:00', 'Ngô Thị Mai', { kind: 'complete', outcome: 'approved' }, 'processing', 'approve', 'issue'),
  work('2026-03-11 16:00', 'Bùi Văn Tư', { kind: 'complete', outcome: 'done' }, 'processed', 'issue', null),
  work('2026-03-12 08:00', desk, { kind: 'return_result' }, 'returned', null, null),
];

const input = (over: Partial<ControlSheetInput> = {}): ControlSheetInput => ({
  dossier,
  log,
  process,
  stepAgencies,
  agenciesByCode: {},
  staffNames: { 7: 'Vũ Thị Lan' },
  calendar: new WorkingCalendar(),
  now: vietnamTime('2026-03-20 09:00'),
  ...over,
});

const tableOf = (blocks: SlipBlock[]) => blocks.find((b): b is Extract<SlipBlock, { kind: 'table' }> => b.kind === 'table')!;
const textOf = (blocks: SlipBlock[]) =>
  blocks.map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.kind === 'note' ? b.text : '')).join('\n');

const bpmc = 'Bộ phận Một cửa – Trung tâm Phục vụ hành chính công tỉnh An Hòa';
const unit = 'Phòng Hành chính tư pháp – Sở Tư pháp tỉnh An Hòa';
const dept = 'Sở Tư pháp tỉnh An Hòa';

test('every hand-over of a dossier through desk, appraisal, approval and issue back to the applicant, with giver, receiver, time and result', () => {
  const c = controlSheetContent(input());
  assert.equal(c.form, 'Mẫu 06');
  assert.equal(c.title, 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  const rows = tableOf(c.blocks).rows.map(([n, giver, receiver, at, result, note]) => ({ n, giver, receiver, at, result, note }));
  assert.deepEqual(rows, [
    {
      n: '1',
      giver: `${bpmc}\n${desk}`,
      receiver: `${unit}\nVũ Thị Lan`,
      at: '09 giờ 00 phút, ngày 02/03/2026',
      // The desk forwards a dossier the day it was received (D118 Art. 18(2)): same day, on time.
      result: 'Đúng hạn\n(hạn 17 giờ 00 phút, ngày 02/03/2026)',
      note: 'Chuyển xử lý: bước «Thẩm định hồ sơ»\nHoàng Văn Nam phân công Vũ Thị Lan xử lý (09 giờ 30 phút, ngày 02/03/2026)',
    },
    {
      n: '2',
      giver: `${unit}\nVũ Thị Lan`,
      receiver: `${bpmc}\n${desk}`,
      at: '10 giờ 00 phút, ngày 02/03/2026',
      // 16 working hours from Monday 09:00: 6 on Monday, 7.5 on Tuesday, 2.5 on Wednesday.
      result: 'Trước hạn\n(hạn 10 giờ 00 phút, ngày 04/03/2026)',
      note: 'Yêu cầu bổ sung, hoàn thiện hồ sơ: Bản sao giấy tờ tùy thân; Giấy ủy quyền',
    },
    {
      n: '3',
      giver: `${bpmc}\n${desk}`,
      receiver: `${unit}\nVũ Thị Lan`,
      at: '14 giờ 00 phút, ngày 05/03/2026',
      result: 'Không tính\n(thời gian chờ bổ sung)',
      note: 'Đã nhận hồ sơ bổ sung đầy đủ; thời hạn giải quyết tính lại từ đầu',
    },
    {
      n: '4',
      giver: `${unit}\nVũ Thị Lan`,
      receiver: `${dept}\nNgô Thị Mai`,
      at: '16 giờ 00 phút, ngày 09/03/2026',
      // The allotment counts again from the supplement: Thursday 3 h, Friday 7.5 h, Monday 5.5 h → 15:00.
      result: 'Quá hạn\n(hạn 15 giờ 00 phút, ngày 09/03/2026)',
      note: 'Hoàn thành bước «Thẩm định hồ sơ», chuyển bước «Phê duyệt»',
    },
    {
      n: '5',
      giver: `${dept}\nNgô Thị Mai`,
      receiver: `${unit}\nVũ Thị Lan`,
      at: '08 giờ 00 phút, ngày 10/03/2026',
      // 4 working hours from Monday 16:00: 1 on Monday, 3 on Tuesday → 10:30; sent back at 08:00 the same day.
      result: 'Đúng hạn\n(hạn 10 giờ 30 phút, ngày 10/03/2026)',
      note: 'Trả lại bước «Thẩm định hồ sơ»: Thiếu ý kiến của phòng về kinh nghiệm',
    },
    {
      n: '6',
      giver: `${unit}\nVũ Thị Lan`,
      receiver: `${dept}\nNgô Thị Mai`,
      at: '09 giờ 00 phút, ngày 10/03/2026',
      result: 'Trước hạn\n(hạn 09 giờ 00 phút, ngày 12/03/2026)',
      note: 'Hoàn thành bước «Thẩm định hồ sơ», chuyển bước «Phê duyệt»',
    },
    {
      n: '7',
      giver: `${dept}\nNgô Thị Mai`,
      receiver: `${dept}\nBùi Văn Tư`,
      at: '10 giờ 00 phút, ngày 10/03/2026',
      result: 'Đúng hạn\n(hạn 15 giờ 00 phút, ngày 10/03/2026)',
      note: 'Hoàn thành bước «Phê duyệt», chuyển bước «Phát hành kết quả»',
    },
    {
      n: '8',
      giver: `${dept}\nBùi Văn Tư`,
      receiver: `${bpmc}\n${desk}`,
      at: '16 giờ 00 phút, ngày 11/03/2026',
      result: 'Quá hạn\n(hạn 16 giờ 00 phút, ngày 10/03/2026)',
      note: 'Hoàn thành bước «Phát hành kết quả»; hồ sơ có kết quả, chuyển Bộ phận Một cửa trả kết quả',
    },
    {
      n: '9',
      giver: `${bpmc}\n${desk}`,
      receiver: 'Người nộp hồ sơ\nPhan Văn Tín',
      at: '08 giờ 00 phút, ngày 12/03/2026',
      result: 'Trước hạn\n(hạn 17 giờ 00 phút, ngày 13/03/2026)',
      note: 'Trả kết quả giải quyết hồ sơ',
    },
  ]);
  const header = textOf(c.blocks);
  for (const line of [
    'Mã hồ sơ: 000.00.10.H99-260302-0001',
    'Tên thủ tục hành chính: Cấp thẻ tư vấn viên pháp luật',
    'Người nộp hồ sơ: Phan Văn Tín',
    'Thời gian nhận hồ sơ: 08 giờ 00 phút, ngày 02/03/2026',
    'Thời gian hẹn trả kết quả: 17 giờ 00 phút, ngày 13/03/2026',
    'Cơ quan chủ trì giải quyết: Sở Tư pháp tỉnh An Hòa',
    'Cơ quan phối hợp giải quyết: Không',
  ])
    assert.ok(header.includes(line), line);
  // A returned dossier has nothing pending.
  assert.doesNotMatch(header, /Hiện tại/);
});

test('the working calendar decides: a day off in the allotment turns a late step into an early one', () => {
  const calendar = new WorkingCalendar({ adjustments: [{ date: '2026-03-09', kind: 'day_off', reason: 'Nghỉ bù' }] });
  const row = tableOf(controlSheetContent(input({ calendar })).blocks).rows[3]!;
  assert.equal(row[4], 'Trước hạn\n(hạn 15 giờ 00 phút, ngày 10/03/2026)');
});

test('a dossier still at a step says where it is, since when, and whether it is overdue now', () => {
  const open = log.slice(0, 6);
  const d = { ...dossier, status: 'processing' as const };
  const late = textOf(controlSheetContent(input({ dossier: d, log: open, now: vietnamTime('2026-03-10 11:00') })).blocks);
  assert.match(
    late,
    /Hiện tại hồ sơ ở Sở Tư pháp tỉnh An Hòa từ 16 giờ 00 phút, ngày 09\/03\/2026; hạn: 10 giờ 30 phút, ngày 10\/03\/2026 – Đang giải quyết, quá hạn\./,
  );
  const early = textOf(controlSheetContent(input({ dossier: d, log: open, now: vietnamTime('2026-03-10 08:00') })).blocks);
  assert.match(early, /Đang giải quyết, trong hạn/);
  // The deadline processing stored for the step is the one shown (an adjustment of the calendar since does not move it).
  const stored = textOf(
    controlSheetContent(input({ dossier: d, log: open, stepDueAt: vietnamTime('2026-03-10 12:00'), now: vietnamTime('2026-03-10 11:00') }))
      .blocks,
  );
  assert.match(stored, /hạn: 12 giờ 00 phút, ngày 10\/03\/2026 – Đang giải quyết, trong hạn\./);
  // The row handing it to the approval step does not yet know who took it.
  assert.equal(tableOf(controlSheetContent(input({ dossier: d, log: open })).blocks).rows[3]![2], `${dept}\n…………`);
});

test('waiting for a supplement does not count; a refusal at reception is a note, not a hand-over', () => {
  const waiting = textOf(
    controlSheetContent(input({ dossier: { ...dossier, status: 'supplement_requested' }, log: log.slice(0, 4) })).blocks,
  );
  assert.match(waiting, /chờ người nộp bổ sung; thời gian chờ không tính vào thời hạn giải quyết/);

  const refused = controlSheetContent(
    input({
      dossier: { ...dossier, status: 'not_received', receivedAt: null, dueAt: null },
      log: [
        entry('2026-03-02 08:00', `${desk} (motcua.ttphc)`, 'refuse', 'not_received', { detail: { reasons: ['Không thuộc thẩm quyền'] } }),
      ],
    }),
  );
  assert.deepEqual(tableOf(refused.blocks).rows, []);
  assert.match(
    textOf(refused.blocks),
    /Từ chối tiếp nhận hồ sơ \(08 giờ 00 phút, ngày 02\/03\/2026, Phạm Thị Hoa\): Không thuộc thẩm quyền/,
  );
  assert.match(textOf(refused.blocks), /Thời gian nhận hồ sơ: …………/);
});

test('an opinion asked of another agency is a hand-over there and back, its answer judged against its own deadline', () => {
  const consult = [
    ...log.slice(0, 2),
    work(
      '2026-03-02 10:00',
      'Vũ Thị Lan',
      { kind: 'consult', agency: '000.00.12.H99', question: 'Xác nhận nơi làm việc', days: 1 },
      'processing',
      'appraise',
      'appraise',
    ),
    work(
      '2026-03-04 08:00',
      'Trần Văn Xây',
      { kind: 'answer_consultation', index: 0, answer: 'Đúng như khai' },
      'processing',
      'appraise',
      'appraise',
    ),
  ];
  const c = controlSheetContent(
    input({ dossier: { ...dossier, status: 'processing' }, log: consult, agenciesByCode: { '000.00.12.H99': 'Sở Xây dựng tỉnh An Hòa' } }),
  );
  const rows = tableOf(c.blocks).rows;
  assert.deepEqual(rows[1]!.slice(1, 3), [`${unit}\nVũ Thị Lan`, 'Sở Xây dựng tỉnh An Hòa\nTrần Văn Xây']);
  assert.equal(rows[1]![4], '');
  assert.match(rows[1]![5]!, /Xin ý kiến \(hạn trả lời 1 ngày làm việc\): Xác nhận nơi làm việc/);
  // One working day from Monday 10:00 ends at the close of Tuesday; answered on Wednesday.
  assert.deepEqual(rows[2]!.slice(1, 5), [
    'Sở Xây dựng tỉnh An Hòa\nTrần Văn Xây',
    `${unit}\nVũ Thị Lan`,
    '08 giờ 00 phút, ngày 04/03/2026',
    'Quá hạn\n(hạn 17 giờ 00 phút, ngày 03/03/2026)',
  ]);
  assert.match(textOf(c.blocks), /Cơ quan phối hợp giải quyết: Sở Xây dựng tỉnh An Hòa/);
});
