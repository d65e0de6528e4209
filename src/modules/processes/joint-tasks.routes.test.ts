import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoment } from '../../lib/vietnamese.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import { timelinessLabels } from '../slips/sheet-content.ts';
import { jointTaskTimeliness } from './joint-task-timeliness.ts';
import { END, type JointTask, type ProcessDefinition } from './process-definition.ts';
import { appendProcessVersion, hours } from './processes-fixture.ts';
import { processingScene } from './processing-fixture.ts';

// The staff dossier page of a dossier at a joint step shows each participant's task with its deadline and how it
// stands: pending within time, then finished early or on time, counted on the province's calendar.

const { pool, text, process, centre, people, received, act } = await processingScene('Quy trình liên thông thử');
const tasks: JointTask[] = [
  { agency: '000.00.31.H99', role: 'desk_officer', task: 'Xác nhận nơi cư trú', allotment: hours(8) },
  { agency: '000.00.12.H99', role: 'specialist', task: 'Xác nhận nơi làm việc', allotment: { amount: 2, unit: 'working_days' } },
];
const joint: ProcessDefinition = {
  title: 'Quy trình liên thông thử',
  steps: [
    { ...process.steps[0]!, next: [{ on: 'done', to: 'joint' }] },
    {
      id: 'joint',
      name: 'Liên thông xác nhận',
      kind: 'joint',
      responsible: { agency: '000.00.11.H99', role: 'agency_leader' },
      allotment: hours(16),
      tasks,
      next: [{ on: 'done', to: END }],
    },
  ],
};
await appendProcessVersion(pool, '1.001193', centre, joint);

const logOf = async (code: string) =>
  (
    await pool.query<{ at: Date; detail: { work?: { kind: string }; toStep?: string } }>(
      `SELECT a.at, a.detail FROM dossier_actions a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = $1 ORDER BY a.id`,
      [code],
    )
  ).rows;

test('each joint task shows its deadline from when the step started, pending within time, then finished early or on time', async () => {
  const code = await received('Liên Thông Hạn');
  for (const [who, fields] of [
    [people.desk, { kind: 'start' }],
    [people.specialist, { kind: 'claim' }],
    [people.specialist, { kind: 'complete', outcome: 'done' }],
  ] as const)
    assert.equal((await act(who, code, fields)).status, 303, fields.kind);
  const since = (await logOf(code)).find((e) => e.detail.toStep === 'joint' && e.detail.work?.kind === 'complete')!.at;
  const year = since.getUTCFullYear();
  const calendar = await loadCalendar(pool, { fromYear: year - 1, toYear: year + 3 });
  const shown = (task: JointTask, finishedAt: Date | null) => {
    const t = jointTaskTimeliness(task, since, finishedAt, calendar, new Date());
    const done = finishedAt ? ` · hoàn thành lúc ${formatMoment(finishedAt)}` : '';
    return `Hạn: ${formatMoment(t.due)}${done} – ${timelinessLabels[t.timeliness]}`;
  };

  const pending = text((await people.director.page(`/ho-so/${code}`)).html);
  for (const task of tasks) assert.ok(pending.includes(`${task.task} Đang thực hiện ${shown(task, null)}`), `${task.task} in: ${pending}`);
  assert.match(pending, /Đang giải quyết, trong hạn/);

  assert.equal((await act(people.commune, code, { kind: 'finish_task', index: '0', 'text-task-0': 'Đã xác nhận' })).status, 303);
  const finishedAt = (await logOf(code)).find((e) => e.detail.work?.kind === 'finish_task')!.at;
  const after = text((await people.director.page(`/ho-so/${code}`)).html);
  assert.ok(after.includes(`Kết quả: Đã xác nhận ${shown(tasks[0]!, finishedAt)}`), after);
  assert.match(after, /hoàn thành lúc .* – (Trước hạn|Đúng hạn)/);
  assert.ok(after.includes(`Đang thực hiện ${shown(tasks[1]!, null)}`));
});
