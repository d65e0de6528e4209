import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Role } from '../accounts/roles.ts';
import type { Status } from '../dossiers/dossier-states.ts';
import { END, type ProcessDefinition } from './process-definition.ts';
import {
  apply,
  availableActions,
  effect,
  receptionState,
  replay,
  WorkflowRefusal,
  type WorkAction,
  type WorkActor,
  type WorkState,
} from './workflow.ts';

const days = (amount: number) => ({ amount, unit: 'working_days' as const });

/** Receive → appraise (specialist of the department) → approve (leader) → issue (clerk) → end. */
const process: ProcessDefinition = {
  title: 'Cấp giấy phép',
  steps: [
    {
      id: 'appraise',
      name: 'Thẩm định',
      kind: 'appraise',
      responsible: { agency: '000.00.11.H99', role: 'specialist' },
      allotment: days(5),
      next: [{ on: 'done', to: 'approve' }],
    },
    {
      id: 'approve',
      name: 'Phê duyệt',
      kind: 'approve',
      responsible: { agency: '000.00.11.H99', role: 'agency_leader' },
      allotment: days(2),
      next: [
        { on: 'approved', to: 'issue' },
        { on: 'refused', to: 'appraise' },
      ],
    },
    {
      id: 'issue',
      name: 'Phát hành',
      kind: 'issue',
      responsible: { agency: '000.00.11.H99', role: 'clerk' },
      allotment: days(1),
      next: [{ on: 'done', to: END }],
    },
  ],
};

/** A staff member holding `roles` in the department (desk officers sit at the receiving agency). */
const person = (staffId: number, roles: Role[]): WorkActor => ({
  staffId,
  holds: (r) => roles.includes(r.role),
});
const desk = person(1, ['desk_officer']);
const specialist = person(2, ['specialist']);
const otherSpecialist = person(3, ['specialist']);
const head = person(4, ['unit_head']);
const leader = person(5, ['agency_leader']);
const clerk = person(6, ['clerk']);
const stranger = person(7, []);
const everyone = [desk, specialist, otherSpecialist, head, leader, clerk, stranger];

test('a dossier goes from the desk through appraisal, approval and issue to the applicant', () => {
  let s = receptionState('received');
  s = apply(process, s, { kind: 'start' }, desk);
  assert.deepEqual([s.status, s.step, s.assignee], ['processing', 'appraise', null]);
  s = apply(process, s, { kind: 'claim' }, specialist);
  assert.throws(() => apply(process, s, { kind: 'complete', outcome: 'done' }, otherSpecialist), /Chỉ người đang xử lý bước này/);
  s = apply(process, s, { kind: 'complete', outcome: 'done' }, specialist);
  s = apply(process, s, { kind: 'complete', outcome: 'refused' }, leader);
  assert.equal(s.step, 'appraise', 'the leader disagreed: back to appraisal');
  s = apply(process, s, { kind: 'assign', to: otherSpecialist.staffId, toName: 'B' }, head);
  s = apply(process, s, { kind: 'complete', outcome: 'done' }, otherSpecialist);
  s = apply(process, s, { kind: 'complete', outcome: 'approved' }, leader);
  s = apply(process, s, { kind: 'complete', outcome: 'done' }, clerk);
  assert.equal(s.status, 'processed');
  s = apply(process, s, { kind: 'return_result' }, desk);
  assert.equal(s.status, 'returned');
  assert.deepEqual(
    availableActions(process, s, desk).map((a) => a.kind),
    ['correct'],
    'a returned result can only be corrected',
  );
});

test('a supplement is asked once, at appraisal, and the dossier comes back to the same step', () => {
  let s = apply(process, receptionState('received'), { kind: 'start' }, desk);
  s = apply(process, s, { kind: 'claim' }, specialist);
  assert.throws(() => apply(process, s, { kind: 'request_supplement', reasons: [] }, specialist), /Ghi rõ từng nội dung/);
  s = apply(process, s, { kind: 'request_supplement', reasons: ['Bản sao giấy khai sinh'] }, specialist);
  assert.equal(s.status, 'supplement_requested');
  s = apply(process, s, { kind: 'supplement_received' }, desk);
  assert.deepEqual([s.status, s.step, s.assignee], ['processing', 'appraise', specialist.staffId]);
  assert.throws(() => apply(process, s, { kind: 'request_supplement', reasons: ['x'] }, specialist), /một lần, đầy đủ/);
});

// ------------------------------------------------------------ properties over random histories

const actionArb: fc.Arbitrary<WorkAction> = fc.oneof(
  fc.constant<WorkAction>({ kind: 'start' }),
  fc.constant<WorkAction>({ kind: 'claim' }),
  fc.constantFrom(...everyone.map((p) => p.staffId)).map<WorkAction>((to) => ({ kind: 'assign', to, toName: String(to) })),
  fc.constantFrom('done', 'approved', 'refused').map<WorkAction>((outcome) => ({ kind: 'complete', outcome })),
  fc.constantFrom('appraise', 'approve', 'issue', 'nowhere').map<WorkAction>((to) => ({ kind: 'send_back', to })),
  fc.constantFrom<string[]>([], ['Giấy tờ']).map<WorkAction>((reasons) => ({ kind: 'request_supplement', reasons })),
  fc.constant<WorkAction>({ kind: 'supplement_received' }),
  fc.constantFrom<string[]>([], ['Không đủ điều kiện']).map<WorkAction>((reasons) => ({ kind: 'refuse', reasons })),
  fc.constantFrom('', 'Theo đề nghị của người nộp').map<WorkAction>((reason) => ({ kind: 'stop', reason })),
  fc.constant<WorkAction>({ kind: 'return_result' }),
);
const historyArb = fc.array(fc.tuple(actionArb, fc.constantFrom(...everyone)), { maxLength: 60 });
const startArb = fc.constantFrom<Status>('received', 'returned', 'not_received');

/** What a state may look like at all, whatever happened before. */
function allowed(s: WorkState): boolean {
  const ids = process.steps.map((x) => x.id);
  if (s.step !== null && !ids.includes(s.step)) return false;
  if ((s.status === 'processing' || s.status === 'supplement_requested') !== (s.step !== null)) return false;
  if (s.step === null && s.assignee !== null) return false;
  if (s.refused && s.status !== 'processed' && s.status !== 'returned') return false;
  return s.supplementRequests <= 1;
}

test('random actions by random people never reach a state the process does not allow, and the log replays to the same state', () => {
  fc.assert(
    fc.property(startArb, historyArb, (start, history) => {
      let state = receptionState(start);
      const log: Array<{ action: WorkAction; by: number }> = [];
      for (const [action, actor] of history) {
        const offered = availableActions(process, state, actor).some((a) => a.kind === action.kind);
        try {
          state = apply(process, state, action, actor);
          log.push({ action, by: actor.staffId });
          assert.ok(offered, `${action.kind} succeeded but was not offered`);
        } catch (err) {
          // A refusal is the only way an action fails, and it changes nothing.
          if (!(err instanceof WorkflowRefusal)) throw err;
        }
        assert.ok(allowed(state), JSON.stringify(state));
      }
      assert.deepEqual(replay(process, start, log), state);
    }),
    { numRuns: 500 },
  );
});

test('only the people the process names can move a dossier, and a taken step cannot be taken again', () => {
  fc.assert(
    fc.property(historyArb, (history) => {
      let state = apply(process, receptionState('received'), { kind: 'start' }, desk);
      for (const [action, actor] of history) {
        const before = state;
        try {
          state = apply(process, state, action, actor);
        } catch (err) {
          if (!(err instanceof WorkflowRefusal)) throw err;
          continue;
        }
        if (action.kind === 'complete' || action.kind === 'refuse' || action.kind === 'request_supplement')
          assert.ok(before.assignee === actor.staffId || (before.assignee === null && actor !== stranger && actor !== desk));
        assert.notEqual(actor, stranger, 'someone without a role acted');
        // A step someone took cannot be taken again, by them or anyone else.
        if (action.kind === 'claim') assert.throws(() => effect(process, state, action, otherSpecialist.staffId), WorkflowRefusal);
      }
    }),
    { numRuns: 300 },
  );
});
