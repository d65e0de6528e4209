import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vietnamTime } from '../calendar/local-time.ts';
import { registerContent, type RegisterEntry } from './dossier-register.ts';
import { readPeriod } from './load-register.ts';

const base: RegisterEntry = {
  code: '000.00.10.H99-260302-0001',
  procedureName: 'Cấp thẻ tư vấn viên pháp luật',
  applicant: { fullName: 'Phan Văn Tín', address: 'Phường Đông Thành', phone: '0912000111' },
  receivedAt: vietnamTime('2026-03-02 08:00'),
  dueAt: vietnamTime('2026-03-09 17:00'),
  status: 'returned',
  resultDelivery: 'counter',
  handedTo: 'Phòng Hành chính tư pháp – Sở Tư pháp tỉnh An Hòa',
  processedAt: vietnamTime('2026-03-05 10:00'),
  returnedAt: vietnamTime('2026-03-06 08:00'),
  refused: false,
};
const now = vietnamTime('2026-03-10 09:00');
const entries: RegisterEntry[] = [
  base,
  // Result ready after the appointment, not yet collected.
  { ...base, code: 'B', status: 'processed', processedAt: vietnamTime('2026-03-10 08:00'), returnedAt: null },
  // Still at a step: overdue now, or within time.
  { ...base, code: 'C', status: 'processing', processedAt: null, returnedAt: null },
  { ...base, code: 'D', status: 'processing', dueAt: vietnamTime('2026-03-12 17:00'), processedAt: null, returnedAt: null },
  { ...base, code: 'E', status: 'supplement_requested', processedAt: null, returnedAt: null },
  { ...base, code: 'F', status: 'stopped', processedAt: null, returnedAt: null },
  // Refused after appraisal on the due day, returned later: settled on time, as a refusal.
  { ...base, code: 'G', refused: true, processedAt: vietnamTime('2026-03-09 16:00'), returnedAt: vietnamTime('2026-03-11 09:00') },
  // Not yet forwarded.
  { ...base, code: 'H', status: 'received', handedTo: null, processedAt: null, returnedAt: null, resultDelivery: 'post' },
];

test('the register has a line per dossier with its code, applicant, procedure, dates, where it went and how it stands', () => {
  const c = registerContent({
    agencyName: 'Trung tâm Phục vụ hành chính công tỉnh An Hòa',
    from: '2026-03-01',
    to: '2026-03-31',
    entries,
    omitted: 0,
    now,
  });
  assert.equal(c.form, 'Mẫu 07');
  assert.equal(c.orientation, 'landscape');
  const table = c.blocks.find((b) => b.kind === 'table')!;
  assert.ok(table.kind === 'table');
  assert.deepEqual(table.rows[0], [
    '1',
    '000.00.10.H99-260302-0001',
    'Cấp thẻ tư vấn viên pháp luật',
    'Phan Văn Tín\nPhường Đông Thành\n0912000111',
    'Phòng Hành chính tư pháp – Sở Tư pháp tỉnh An Hòa',
    '02/03/2026',
    '09/03/2026',
    '06/03/2026',
    'Tại Bộ phận Một cửa',
    'Trước hạn',
    '',
    '',
  ]);
  const outcome = Object.fromEntries(table.rows.map((r) => [r[1], [r[9], r[11]]]));
  assert.deepEqual(outcome, {
    '000.00.10.H99-260302-0001': ['Trước hạn', ''],
    B: ['Quá hạn', 'Đã xử lý xong'],
    C: ['Đang giải quyết, quá hạn', 'Đang xử lý'],
    D: ['Đang giải quyết, trong hạn', 'Đang xử lý'],
    E: ['Chờ bổ sung (không tính thời gian)', 'Yêu cầu bổ sung giấy tờ'],
    F: ['Dừng giải quyết', 'Dừng xử lý'],
    G: ['Đúng hạn', 'Từ chối giải quyết'],
    H: ['Đang giải quyết, quá hạn', 'Đã tiếp nhận'],
  });
  assert.equal(table.rows[7]![4], '');
  assert.equal(table.rows[7]![8], 'Qua bưu chính công ích');
  const notes = c.blocks.flatMap((b) => (b.kind === 'note' ? [b.text] : []));
  assert.deepEqual(notes, [
    'Tổng số: 8 hồ sơ. Đã giải quyết: 3 (trước hạn 1, đúng hạn 1, quá hạn 1). Đang giải quyết: 3 (quá hạn 2). Chờ bổ sung: 1. Dừng giải quyết: 1.',
  ]);
  const first = c.blocks[0]!;
  assert.ok(first.kind === 'paragraph' && first.runs[0]!.text === 'Từ ngày 01/03/2026 đến ngày 31/03/2026');
});

test('a register cut short says how many dossiers it leaves out', () => {
  const c = registerContent({ agencyName: 'X', from: '2026-03-01', to: '2026-03-31', entries: [base], omitted: 12, now });
  assert.ok(c.blocks.some((b) => b.kind === 'note' && b.text.startsWith('Còn 12 hồ sơ khác')));
});

test('the period is read as typed, every problem at once; empty ends are this month so far', () => {
  assert.deepEqual(readPeriod('1/3/2026', '31/03/2026', now), { from: '2026-03-01', to: '2026-03-31', problems: [] });
  assert.deepEqual(readPeriod('', '', now), { from: '2026-03-01', to: '2026-03-10', problems: [] });
  assert.deepEqual(
    readPeriod('31/02/2026', 'hôm qua', now).problems.map((p) => p.field),
    ['tu', 'den'],
  );
  assert.deepEqual(readPeriod('10/03/2026', '01/03/2026', now).problems, [
    { field: 'den', message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi.' },
  ]);
  assert.equal(readPeriod('01/01/2025', '01/03/2026', now).problems[0]?.field, 'den');
});
