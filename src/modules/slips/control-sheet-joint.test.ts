import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vietnamTime } from '../calendar/local-time.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ActionRow, DossierRow } from '../dossiers/dossiers.repository.ts';
import { END, type ProcessDefinition } from '../processes/process-definition.ts';
import { controlSheetContent, type ControlSheetInput } from './control-sheet.ts';
import type { SlipBlock } from './slip-content.ts';

// A joint step on the control sheet (Mẫu 06): each participant's finished task is a hand-over back to the lead,
// judged against the task's own allotment from when the step started; a task not finished yet is a note saying
// whether it is still within time. March 2026 has no holiday; office hours 07:30–11:30, 13:30–17:00.

const hours = (amount: number) => ({ amount, unit: 'working_hours' as const });
const process: ProcessDefinition = {
  title: 'Quy trình liên thông',
  steps: [
    {
      id: 'joint',
      name: 'Liên thông xác nhận',
      kind: 'joint',
      responsible: { agency: '000.00.11.H99', role: 'agency_leader' },
      allotment: hours(16),
      tasks: [
        { agency: '000.00.31.H99', role: 'desk_officer', task: 'Xác nhận nơi cư trú', allotment: hours(4) },
        { agency: '000.00.12.H99', role: 'specialist', task: 'Xác nhận nơi làm việc', allotment: { amount: 1, unit: 'working_days' } },
        { agency: '000.00.13.H99', role: 'specialist', task: 'Xác nhận thuế', allotment: hours(8) },
      ],
      next: [{ on: 'done', to: END }],
    },
  ],
};
const agenciesByCode = {
  '000.00.31.H99': 'Ủy ban nhân dân phường Đông Thành',
  '000.00.12.H99': 'Sở Xây dựng tỉnh An Hòa',
  '000.00.13.H99': 'Cục Thuế tỉnh An Hòa',
};
const dept = 'Sở Tư pháp tỉnh An Hòa';

const dossier = {
  id: 1,
  code: '000.00.10.H99-260302-0009',
  procedureCode: '1.000426',
  procedureName: 'Cấp thẻ tư vấn viên pháp luật',
  receivingAgencyId: 3,
  receivingAgencyName: 'Trung tâm Phục vụ hành chính công tỉnh An Hòa',
  applicant: { fullName: 'Phan Văn Tín', idNumber: '099190000777', phone: '', email: '', address: '' },
  receivedAt: vietnamTime('2026-03-02 08:00'),
  dueAt: vietnamTime('2026-03-13 17:00'),
  status: 'processing',
  createdAt: vietnamTime('2026-03-02 08:00'),
} as DossierRow;

const row = (at: string, actorName: string, work: Record<string, unknown>, fromStep: string | null, toStep: string | null): ActionRow => ({
  at: vietnamTime(at),
  actorKind: 'staff',
  actorId: 1,
  actorName,
  action: String(work.kind),
  toStatus: 'processing',
  comment: '',
  detail: { work, fromStep, toStep },
});
const log: ActionRow[] = [
  { ...row('2026-03-02 08:00', 'Phạm Thị Hoa (motcua.ttphc)', {}, null, null), action: 'receive', toStatus: 'received', detail: {} },
  // Entered Monday 09:00: 4 hours end at 15:00 Monday, one working day at the close of Tuesday, 8 hours at 09:30 Tuesday.
  row('2026-03-02 09:00', 'Phạm Thị Hoa', { kind: 'start' }, null, 'joint'),
  row('2026-03-02 09:10', 'Ngô Thị Mai', { kind: 'claim' }, 'joint', 'joint'),
  row('2026-03-02 15:00', 'Đỗ Văn Bình', { kind: 'finish_task', index: 0, result: 'Đúng nơi cư trú' }, 'joint', 'joint'),
  row('2026-03-03 17:00', 'Trần Văn Xây', { kind: 'finish_task', index: 1, result: 'Đúng nơi làm việc' }, 'joint', 'joint'),
];

const input = (over: Partial<ControlSheetInput> = {}): ControlSheetInput => ({
  dossier,
  log,
  process,
  stepAgencies: { joint: { unit: dept, agency: dept } },
  agenciesByCode,
  staffNames: {},
  calendar: new WorkingCalendar(),
  now: vietnamTime('2026-03-03 09:00'),
  ...over,
});
const tableOf = (blocks: SlipBlock[]) => blocks.find((b): b is Extract<SlipBlock, { kind: 'table' }> => b.kind === 'table')!;
const notesOf = (blocks: SlipBlock[]) => blocks.flatMap((b) => (b.kind === 'note' ? [b.text] : []));

test('a finished joint task is a hand-over to the lead, on time at its deadline exactly', () => {
  const rows = tableOf(controlSheetContent(input()).blocks).rows;
  assert.deepEqual(rows[1]!.slice(1, 5), [
    'Ủy ban nhân dân phường Đông Thành\nĐỗ Văn Bình',
    `${dept}\nNgô Thị Mai`,
    '15 giờ 00 phút, ngày 02/03/2026',
    'Đúng hạn\n(hạn 15 giờ 00 phút, ngày 02/03/2026)',
  ]);
  assert.match(rows[1]![5]!, /Hoàn thành phần việc liên thông «Xác nhận nơi cư trú»: Đúng nơi cư trú/);
  assert.equal(rows[2]![4], 'Đúng hạn\n(hạn 17 giờ 00 phút, ngày 03/03/2026)');
  // A minute later is late; the day before the deadline is early.
  const late = [
    ...log.slice(0, 3),
    row('2026-03-02 15:01', 'Đỗ Văn Bình', { kind: 'finish_task', index: 0, result: 'Xong' }, 'joint', 'joint'),
  ];
  assert.equal(tableOf(controlSheetContent(input({ log: late })).blocks).rows[1]![4], 'Quá hạn\n(hạn 15 giờ 00 phút, ngày 02/03/2026)');
  const early = [
    ...log.slice(0, 3),
    row('2026-03-02 16:00', 'Trần Văn Xây', { kind: 'finish_task', index: 1, result: 'Xong' }, 'joint', 'joint'),
  ];
  assert.equal(tableOf(controlSheetContent(input({ log: early })).blocks).rows[1]![4], 'Trước hạn\n(hạn 17 giờ 00 phút, ngày 03/03/2026)');
});

test('a joint task not yet finished is a note: its deadline and whether it is still within time', () => {
  const within = notesOf(controlSheetContent(input()).blocks);
  assert.deepEqual(
    within.filter((n) => n.startsWith('Phần việc liên thông')),
    [
      'Phần việc liên thông «Xác nhận thuế» của Cục Thuế tỉnh An Hòa: chưa hoàn thành; hạn: 09 giờ 30 phút, ngày 03/03/2026 – Đang giải quyết, trong hạn.',
    ],
  );
  const overdue = notesOf(controlSheetContent(input({ now: vietnamTime('2026-03-03 09:31') })).blocks);
  assert.ok(overdue.some((n) => /«Xác nhận thuế».*Đang giải quyết, quá hạn\.$/.test(n)));
  // Before any task was finished, all three are listed; once the process ends, none.
  assert.equal(notesOf(controlSheetContent(input({ log: log.slice(0, 3) })).blocks).filter((n) => n.startsWith('Phần việc')).length, 3);
  const ended = [
    ...log,
    row('2026-03-03 09:00', 'Lý Thu', { kind: 'finish_task', index: 2, result: 'Không nợ thuế' }, 'joint', 'joint'),
    { ...row('2026-03-03 10:00', 'Ngô Thị Mai', { kind: 'complete', outcome: 'done' }, 'joint', null), toStatus: 'processed' as const },
  ];
  const done = controlSheetContent(input({ log: ended, dossier: { ...dossier, status: 'processed' } }));
  assert.deepEqual(
    notesOf(done.blocks).filter((n) => n.startsWith('Phần việc')),
    [],
  );
  assert.equal(tableOf(done.blocks).rows[3]![4], 'Đúng hạn\n(hạn 09 giờ 30 phút, ngày 03/03/2026)');
});
