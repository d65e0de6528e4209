import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vietnamTime as at } from '../calendar/local-time.ts';
import { answeringRoles, currentStepOf, openConsultations, type TimedLogEntry } from './current-step.ts';
import { END, type ProcessDefinition } from './process-definition.ts';
import { hours } from './processes-fixture.ts';
import type { WorkAction } from './workflow.ts';

const def: ProcessDefinition = {
  title: 'Quy trình thử',
  steps: [
    {
      id: 'appraise',
      name: 'Thẩm định',
      kind: 'appraise',
      responsible: { agency: '000.01.11.H99', role: 'specialist' },
      allotment: hours(16),
      next: [{ on: 'done', to: 'joint' }],
    },
    {
      id: 'joint',
      name: 'Liên thông',
      kind: 'joint',
      responsible: { agency: '000.00.11.H99', role: 'agency_leader' },
      allotment: hours(8),
      tasks: [
        { agency: '000.00.31.H99', role: 'desk_officer', task: 'Xác nhận cư trú', allotment: hours(4) },
        { agency: '000.00.12.H99', role: 'specialist', task: 'Xác nhận nơi làm việc', allotment: hours(8) },
      ],
      next: [{ on: 'done', to: END }],
    },
  ],
};

let id = 0;
const received = (when: string): TimedLogEntry => ({ id: ++id, at: at(when), actorId: 1, toStatus: 'received', detail: {} });
const step = (when: string, work: WorkAction, by = 5, extra: Record<string, unknown> = {}): TimedLogEntry => ({
  id: ++id,
  at: at(when),
  actorId: by,
  toStatus: 'processing',
  detail: { work, ...extra },
});
const consult = (when: string, agency: string, answerBy: string) =>
  step(when, { kind: 'consult', agency, question: `Hỏi ${agency}`, days: 1 }, 5, { answerBy: at(answerBy).toISOString() });

const base = [received('2026-03-02 08:00'), step('2026-03-02 09:00', { kind: 'start' }, 1), step('2026-03-02 09:10', { kind: 'claim' })];

test('opinions asked at the step are open until answered, each named by the entry that asked, with who asked and until when', () => {
  const first = consult('2026-03-02 10:00', '000.00.31.H99', '2026-03-03 17:00');
  const second = consult('2026-03-02 10:30', '000.00.12.H99', '2026-03-04 17:00');
  const log = [...base, first, second];
  assert.deepEqual(
    openConsultations(currentStepOf(def, log)).map((c) => [c.actionId, c.agency, c.askedBy, c.answerBy]),
    [
      [first.id, '000.00.31.H99', 5, at('2026-03-03 17:00')],
      [second.id, '000.00.12.H99', 5, at('2026-03-04 17:00')],
    ],
  );
  const answered = [...log, step('2026-03-03 08:00', { kind: 'answer_consultation', index: 0, answer: 'Đúng' }, 9)];
  const current = currentStepOf(def, answered);
  assert.deepEqual(
    openConsultations(current).map((c) => c.actionId),
    [second.id],
  );
  assert.equal(current.consultations[0]!.answer, 'Đúng');
});

test('nothing is awaited once the step is left, the dossier stopped, or while it waits for the applicant', () => {
  const asked = [...base, consult('2026-03-02 10:00', '000.00.31.H99', '2026-03-03 17:00')];
  const sentBack = [
    ...base,
    step('2026-03-02 09:30', { kind: 'complete', outcome: 'done' }),
    step('2026-03-02 09:40', { kind: 'claim' }, 6),
    consult('2026-03-02 10:00', '000.00.31.H99', '2026-03-03 17:00'),
    step('2026-03-02 11:00', { kind: 'send_back', to: 'appraise' }, 6),
  ];
  assert.deepEqual(openConsultations(currentStepOf(def, sentBack)), []);
  assert.deepEqual(openConsultations(currentStepOf(def, [...asked, step('2026-03-02 11:00', { kind: 'stop', reason: 'Rút' }, 1)])), []);
  const waiting = [...asked, step('2026-03-02 11:00', { kind: 'request_supplement', reasons: ['Bản sao'] })];
  assert.deepEqual(openConsultations(currentStepOf(def, waiting)), []);
  // Back from the supplement the opinion is awaited again, and the step's clock restarted.
  const back = [...waiting, step('2026-03-04 08:00', { kind: 'supplement_received' }, 1)];
  assert.equal(openConsultations(currentStepOf(def, back)).length, 1);
  assert.deepEqual(currentStepOf(def, back).since, at('2026-03-04 08:00'));
});

test('a joint step: its tasks start when it is entered, each finished at the moment its entry says', () => {
  const log = [
    ...base,
    step('2026-03-02 14:00', { kind: 'complete', outcome: 'done' }),
    step('2026-03-03 10:00', { kind: 'finish_task', index: 1, result: 'Đã xác nhận' }, 8),
  ];
  const current = currentStepOf(def, log);
  assert.equal(current.state.step, 'joint');
  assert.deepEqual(current.since, at('2026-03-02 14:00'));
  assert.deepEqual(current.tasks, [null, { finishedAt: at('2026-03-03 10:00'), result: 'Đã xác nhận' }]);
  // The process's end: no step, no clock.
  const ended = currentStepOf(def, [
    ...log,
    step('2026-03-03 11:00', { kind: 'finish_task', index: 0, result: 'Xong' }, 7),
    step('2026-03-03 12:00', { kind: 'complete', outcome: 'done' }, 4),
  ]);
  assert.deepEqual([ended.state.status, ended.since, ended.tasks], ['processed', null, []]);
});

test('who may answer an opinion is what the workflow permits: the working roles, not administrators or inspectors', () => {
  assert.deepEqual([...answeringRoles].sort(), ['agency_leader', 'clerk', 'desk_officer', 'specialist', 'unit_head']);
});
