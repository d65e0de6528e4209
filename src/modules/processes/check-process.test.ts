import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChannelTerms } from '../catalog/procedure.schema.ts';
import { legalConsultantCardProcess } from '../demo/demo-processes.ts';
import { checkProcess, formatHours, legalLimitOf, parseProcess, workingDaysWithin, type LegalLimit } from './check-process.ts';
import type { ProcessDefinition, Step } from './process-definition.ts';

const limitOf = (value: number, unit: NonNullable<ChannelTerms['timeLimit']>['unit'], channel: ChannelTerms['channel'] = 'counter') =>
  legalLimitOf({ channels: [{ channel, timeLimit: { value, unit }, fees: [], description: '' }] });
const fiveDays = limitOf(5, 'working_days')!;
const messages = (def: ProcessDefinition, limit: LegalLimit | null = fiveDays) => checkProcess(def, limit).map((p) => p.message);
const demo = () => structuredClone(legalConsultantCardProcess);
const step = (def: ProcessDefinition, id: string) => def.steps.find((s) => s.id === id)!;

/** A joint step between appraisal and approval: Sở Xây dựng and a unit of Sở Tư pháp answer in parallel. */
function withJointStep(): ProcessDefinition {
  const def = demo();
  step(def, 'appraise').allotment = { amount: 2, unit: 'working_days' };
  step(def, 'appraise').next = [{ on: 'done', to: 'consult' }];
  const consult: Step = {
    id: 'consult',
    name: 'Lấy ý kiến cơ quan phối hợp',
    kind: 'joint',
    responsible: { agency: '000.01.11.H99', role: 'specialist' },
    allotment: { amount: 1, unit: 'working_days' },
    next: [{ on: 'done', to: 'approve' }],
    tasks: [
      { agency: '000.00.12.H99', role: 'specialist', task: 'Cho ý kiến về nhà ở', allotment: { amount: 1, unit: 'working_days' } },
      { agency: '000.02.11.H99', role: 'specialist', task: 'Xác minh hồ sơ luật sư', allotment: { amount: 4, unit: 'working_hours' } },
    ],
  };
  def.steps.splice(2, 0, consult);
  return def;
}

test('the demo process and a joint process keep every rule', () => {
  assert.deepEqual(messages(legalConsultantCardProcess), []);
  assert.deepEqual(messages(withJointStep()), []);
  const parsed = parseProcess(JSON.stringify(legalConsultantCardProcess));
  assert.ok('definition' in parsed && parsed.definition.steps.length === 4);
});

test('the legal limit: the counter channel, else the first with one; working days count 8 hours; calendar days per the Civil Code', () => {
  const channels: ChannelTerms[] = [
    { channel: 'online', timeLimit: { value: 3, unit: 'working_days' }, fees: [], description: '' },
    { channel: 'counter', timeLimit: { value: 12, unit: 'working_days' }, fees: [], description: '' },
  ];
  assert.deepEqual(legalLimitOf({ channels }), {
    channel: 'counter',
    stated: { value: 12, unit: 'working_days' },
    workingHours: 96,
    text: '12 ngày làm việc',
  });
  assert.equal(legalLimitOf({ channels: [{ ...channels[1]!, timeLimit: null }, channels[0]!] })?.channel, 'online');
  assert.equal(legalLimitOf({ channels: [{ ...channels[1]!, timeLimit: null }] }), null);
  assert.equal(limitOf(1.5, 'working_days')!.text, '1,5 ngày làm việc');
  assert.equal(limitOf(16, 'working_hours')!.workingHours, 16);
  // 1 day: received on a Friday, the day after is a Saturday, so the period ends on Monday: one working day.
  assert.equal(workingDaysWithin(1), 1);
  assert.equal(workingDaysWithin(2), 1, 'Friday + 2 = Sunday → Monday');
  assert.equal(workingDaysWithin(7), 5);
  assert.equal(workingDaysWithin(15), 11);
  assert.equal(workingDaysWithin(30), 21, 'Friday + 30 = Sunday → Monday');
  const fifteen = limitOf(15, 'days')!;
  assert.equal(fifteen.workingHours, 88);
  assert.equal(
    fifteen.text,
    '15 ngày, tức 11 ngày làm việc (số ngày làm việc ít nhất có trong 15 ngày tính theo Bộ luật Dân sự, khi không có ngày lễ)',
  );
  for (const unit of ['hours', 'months', 'years'] as const) assert.equal(limitOf(2, unit)!.workingHours, null, unit);
  assert.equal(formatHours(40), '5 ngày làm việc');
  assert.equal(formatHours(4), '4 giờ làm việc');
  assert.equal(formatHours(20), '2 ngày làm việc và 4 giờ làm việc');
  assert.equal(formatHours(1.5), '1,5 giờ làm việc');
});

test('allotments that do not add up to the legal limit: both sums, in Vietnamese', () => {
  const def = demo();
  step(def, 'appraise').allotment = { amount: 1, unit: 'working_days' };
  assert.deepEqual(messages(def), [
    'Tổng thời gian các bước là 3 ngày làm việc, thời hạn giải quyết theo quy định là 5 ngày làm việc (các bước được cộng: «Tiếp nhận hồ sơ, chuyển Sở Tư pháp», «Thẩm định hồ sơ, dự thảo thẻ», «Giám đốc Sở ký thẻ», «Vào sổ, đóng dấu, chuyển kết quả»).',
  ]);
  // The example of the brief: 10 against 12 working days.
  const ten = demo();
  step(ten, 'appraise').allotment = { amount: 8, unit: 'working_days' };
  assert.match(
    messages(ten, limitOf(12, 'working_days'))[0]!,
    /^Tổng thời gian các bước là 10 ngày làm việc, thời hạn giải quyết theo quy định là 12 ngày làm việc \(/,
  );
  // Only the main path counts: the refusal's way back to appraisal adds nothing.
  assert.deepEqual(messages(demo(), limitOf(40, 'working_hours')), []);
  // A calendar-day limit is held to the working days it is sure to contain.
  assert.deepEqual(messages(demo(), limitOf(7, 'days')), []);
  assert.match(messages(demo(), limitOf(5, 'days'))[0]!, /thời hạn giải quyết theo quy định là 5 ngày, tức 3 ngày làm việc/);
  // No limit stated: nothing to add up to.
  assert.deepEqual(messages(demo(), null), []);
});

test('a limit in clock hours, months or years is refused: it has no working-hour equivalent', () => {
  assert.deepEqual(messages(demo(), limitOf(24, 'hours')), [
    'Thời hạn giải quyết theo quy định là 24 giờ, không quy đổi được sang giờ hay ngày làm việc để đối chiếu với thời gian các bước; cần sửa thời hạn của thủ tục trong danh mục (theo ngày hoặc ngày làm việc).',
  ]);
});

test('an end that cannot be reached: from the start, and from a step', () => {
  const loop = demo();
  step(loop, 'issue').next = [{ on: 'done', to: 'appraise' }];
  assert.deepEqual(messages(loop), [
    'Quy trình không bao giờ kết thúc: từ bước đầu tiên «Tiếp nhận hồ sơ, chuyển Sở Tư pháp» không có đường nào tới kết thúc (end).',
    'Đường chính (từ bước đầu tiên, theo «Hoàn thành»/«Đồng ý») quay lại bước «Thẩm định hồ sơ, dự thảo thẻ» và không tới kết thúc, nên không cộng được thời gian các bước.',
  ]);
  // The main path ends, but a refusal leads to a step that only goes round in circles.
  const trap = demo();
  step(trap, 'approve').next = [
    { on: 'approved', to: 'issue' },
    { on: 'refused', to: 'redo' },
  ];
  trap.steps.push({
    id: 'redo',
    name: 'Làm lại',
    kind: 'handle',
    responsible: { agency: '000.01.11.H99', role: 'specialist' },
    allotment: { amount: 1, unit: 'working_hours' },
    next: [{ on: 'done', to: 'redo' }],
  });
  assert.deepEqual(messages(trap), ['Bước «Làm lại»: từ bước này không có đường nào tới kết thúc (end), hồ sơ sẽ nằm lại mãi.']);
});

test('a step the first step never leads to', () => {
  const def = demo();
  step(def, 'appraise').next = [{ on: 'done', to: 'issue' }];
  step(def, 'appraise').allotment = { amount: 4, unit: 'working_days' };
  assert.deepEqual(messages(def), ['Bước «Giám đốc Sở ký thẻ»: không đi tới được từ bước đầu tiên «Tiếp nhận hồ sơ, chuyển Sở Tư pháp».']);
});

test('duplicate ids, the reserved id end, and transitions to steps that do not exist', () => {
  const def = demo();
  def.steps.push({ ...structuredClone(step(def, 'issue')), name: 'Phát hành lần hai' });
  step(def, 'receive').id = 'end';
  step(def, 'appraise').next = [{ on: 'done', to: 'aprove' }];
  const got = messages(def);
  for (const message of [
    'Bước «Tiếp nhận hồ sơ, chuyển Sở Tư pháp»: mã «end» dành cho kết thúc quy trình, hãy đặt mã khác.',
    'Bước «Phát hành lần hai»: mã «issue» bị trùng.',
    'Bước «Thẩm định hồ sơ, dự thảo thẻ»: chuyển tới bước «aprove» không có trong quy trình.',
  ])
    assert.ok(got.includes(message), `${message}\nin ${got.join('\n')}`);
});

test('transitions that do not fit the kind of step', () => {
  const def = demo();
  step(def, 'approve').next = [{ on: 'approved', to: 'issue' }];
  step(def, 'appraise').next = [
    { on: 'done', to: 'approve' },
    { on: 'refused', to: 'receive' },
  ];
  step(def, 'issue').next = [
    { on: 'done', to: 'end' },
    { on: 'done', to: 'receive' },
  ];
  assert.deepEqual(messages(def), [
    'Bước «Thẩm định hồ sơ, dự thảo thẻ»: chỉ bước phê duyệt (approve) mới có «Đồng ý»/«Không đồng ý»; bước này chuyển tiếp khi «Hoàn thành» (done).',
    'Bước «Giám đốc Sở ký thẻ»: thiếu chuyển tiếp khi «Không đồng ý» (refused).',
    'Bước «Vào sổ, đóng dấu, chuyển kết quả»: có hai chuyển tiếp cùng khi «Hoàn thành» (done).',
  ]);
  const done = demo();
  step(done, 'approve').next = [{ on: 'done', to: 'issue' }];
  assert.deepEqual(messages(done), [
    'Bước «Giám đốc Sở ký thẻ»: thiếu chuyển tiếp khi «Đồng ý» (approved).',
    'Bước «Giám đốc Sở ký thẻ»: thiếu chuyển tiếp khi «Không đồng ý» (refused).',
    'Bước «Giám đốc Sở ký thẻ»: bước phê duyệt chỉ chuyển tiếp khi «Đồng ý» (approved) hoặc «Không đồng ý» (refused), không dùng «done».',
  ]);
});

test('a joint step needs its tasks, within its own time; other steps have none', () => {
  const none = withJointStep();
  delete step(none, 'consult').tasks;
  step(none, 'appraise').tasks = [
    { agency: '000.00.12.H99', role: 'specialist', task: 'Ý kiến', allotment: { amount: 1, unit: 'working_hours' } },
  ];
  assert.deepEqual(messages(none), [
    'Bước «Thẩm định hồ sơ, dự thảo thẻ»: chỉ bước liên thông (joint) mới có việc của cơ quan phối hợp (tasks).',
    'Bước «Lấy ý kiến cơ quan phối hợp»: bước liên thông cần ít nhất một việc của cơ quan phối hợp (tasks).',
  ]);
  const long = withJointStep();
  step(long, 'consult').tasks![0]!.allotment = { amount: 2, unit: 'working_days' };
  assert.deepEqual(messages(long), [
    'Bước «Lấy ý kiến cơ quan phối hợp»: việc «Cho ý kiến về nhà ở» của cơ quan «000.00.12.H99» (2 ngày làm việc) dài hơn thời gian của cả bước (1 ngày làm việc); các việc chạy song song trong thời gian của bước.',
  ]);
});

test('text that is not a process: JSON errors by line and column, shapes by where they are', () => {
  const broken = parseProcess('{\n  "title": "Quy trình",\n  "steps": [\n');
  assert.deepEqual(
    broken.problems.map((p) => p.message),
    ['Nội dung không phải JSON hợp lệ (dòng 4, cột 1).'],
  );
  const shape = parseProcess(
    JSON.stringify({
      title: 'Quy trình',
      steps: [{ ...legalConsultantCardProcess.steps[0], kind: 'sign', allotment: { amount: 0, unit: 'working_days' } }],
    }),
  );
  assert.deepEqual(
    shape.problems.map((p) => p.message),
    [
      'Tại steps.0.kind: giá trị không được phép; dùng một trong: handle, appraise, verify, joint, approve, issue.',
      'Tại steps.0.allotment.amount: quá ngắn hoặc quá ít (tối thiểu 0).',
    ],
  );
});
