import type pg from 'pg';
import { groupCommitOf, type GroupCommit, type Outcome } from '../../db/group-commit.ts';
import { atLocal, parseLocalDate } from '../calendar/local-time.ts';
import { AppError } from '../../errors.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { prepareAudits, type AuditEntry } from '../audit/append-audit.ts';
import type { NewAction } from '../dossiers/dossiers.repository.ts';
import type { Allotment, ProcessDefinition, Responsible } from './process-definition.ts';
import { agenciesFor, workActorOf } from './work-actor.ts';
import { apply, receptionState, effect, WorkflowRefusal, type WorkAction, type WorkState } from './workflow.ts';
import { processVersionOf } from './process-versions.ts';
import { findProcessFor } from './processes.repository.ts';
import * as repo from './workflow.repository.ts';

/** The calendar rules an action needs: a step's due moment, and the whole limit counted again (after a supplement). */
export interface WorkRules {
  stepDue(from: Date, allotment: Allotment): Date;
  restartDue(from: Date, procedureCode: string, channel: string): Promise<Date | null>;
  /** The last moment a supplement may be asked after appraisal: 3 working days from reception (D118). */
  supplementBy(receivedAt: Date): Date;
}

/** A log entry of processing carries its action in `detail.work`; anything else (reception, the desk's decision) sets the state reception gave. */
export function replayLog(def: ProcessDefinition, log: Awaited<ReturnType<typeof repo.readLog>>): WorkState {
  let state = receptionState('new');
  for (const entry of log) {
    const work = entry.detail.work as WorkAction | undefined;
    state = work ? effect(def, state, work, entry.actorId ?? 0) : receptionState(entry.toStatus);
  }
  return state;
}

/**
 * A staff member acts on a dossier in processing. The action is refused with
 * a conflict when the dossier changed since the page the person acted on
 * (`revision`), or changes between the moment it is decided and the moment
 * it is written: of two officers acting at the same moment, one succeeds and
 * the other is told. The state is replayed from the log, the action checked
 * against the process version the dossier follows (the one in force when it
 * started), then appended with its effect on the status, step, assignee and
 * deadlines, and audited.
 */
export function actOnDossier(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  input: { code: string; revision: number; action: WorkAction; comment: string },
  rules: WorkRules,
  ip: string,
  now = new Date(),
): Promise<WorkState> {
  return groupCommitOf(writers, pool, writeActions).add({ actor, index, input, rules, ip, now });
}

interface ActionJob {
  actor: StaffActor;
  index: AgencyIndex;
  input: { code: string; revision: number; action: WorkAction; comment: string };
  rules: WorkRules;
  ip: string;
  now: Date;
}

const writers = new WeakMap<pg.Pool, GroupCommit<ActionJob, WorkState>>();

/**
 * Actions arriving together are written together (group commit): one
 * statement reads every dossier of the batch with its log, the actions are
 * decided in memory (with the few reads some need: the process a start
 * begins, an assignee's name and roles, a process version not yet known), and
 * one statement writes every change, log entry and audit entry, and commits.
 * That write keeps only the actions whose dossier is still at the revision
 * read; one changed meanwhile by someone else is refused as a conflict, as it
 * would be a moment later, since its page no longer shows the dossier as it
 * is. So is a second action on the same dossier in the same batch. A refused
 * action writes nothing; a database error fails the batch, and the group
 * commit then tries each action alone.
 */
async function writeActions(pool: pg.Pool, jobs: ActionJob[]): Promise<Array<Outcome<WorkState>>> {
  const read = await repo.readDossiersWithLogs(pool, [...new Set(jobs.map((j) => j.input.code))]);
  const outcomes: Array<Outcome<WorkState>> = [];
  const decided: Array<Omit<repo.DecidedAction, 'audit'> & { audit: AuditEntry; code: string }> = [];
  for (const job of jobs) {
    const d = read.get(job.input.code);
    try {
      if (!d) throw new AppError('not_found', `dossier ${job.input.code}`, { userMessage: 'Không tìm thấy hồ sơ có mã này.' });
      if (decided.some((x) => x.id === d.id)) throw conflictOf(d.code, 'acted on earlier in the same batch');
      const planned = await planAction(pool, job, d);
      outcomes.push({ ok: true, value: planned.state });
      decided.push({ id: d.id, code: d.code, revision: d.revision, change: planned.change, entry: planned.entry, audit: planned.audit });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  if (decided.length === 0) return outcomes;
  const audits = prepareAudits(decided.map((x) => x.audit));
  const written = await repo.writeProcessingBatch(
    pool,
    decided.map((x, i) => ({ ...x, audit: audits[i]! })),
  );
  // A dossier that moved on between the read and the write: its action is a conflict.
  const lost = new Set(decided.filter((x) => !written.has(x.id)).map((x) => x.code));
  return outcomes.map((o, i) =>
    o.ok && lost.has(jobs[i]!.input.code) ? { ok: false, error: conflictOf(jobs[i]!.input.code, 'changed meanwhile') } : o,
  );
}

const conflictOf = (code: string, why: string) =>
  new AppError('conflict', `dossier ${code} ${why}`, {
    userMessage: 'Hồ sơ vừa được người khác xử lý. Trang đã hiện trạng thái mới; hãy xem lại rồi thao tác lại nếu còn cần.',
  });

/**
 * One action decided against the dossier's row and log as read: its new state,
 * the columns and log entry to write, and its audit entry. Only reads; a
 * refusal throws an AppError before anything is written.
 */
async function planAction(
  db: pg.Pool,
  job: ActionJob,
  d: repo.DossierWithLog,
): Promise<{ state: WorkState; change: repo.ProcessingChange; entry: NewAction; audit: AuditEntry }> {
  const { actor, index, input, rules, ip, now } = job;
  if (d.revision !== input.revision) throw conflictOf(d.code, `at revision ${d.revision}, not ${input.revision}`);
  const process =
    d.processVersion === null
      ? await findProcessFor(db, d.procedureCode, d.receivingAgencyId)
      : await processVersionOf(db, d.procedureCode, d.processAgencyId, d.processVersion);
  if (!process)
    throw new AppError('validation_failed', `no process for ${d.procedureCode}`, {
      userMessage: 'Thủ tục này chưa được cấu hình quy trình xử lý nội bộ; đề nghị quản trị cấu hình trước khi chuyển xử lý.',
    });
  const def = process.definition;
  const before = replayLog(def, d.log);
  const workActor = workActorOf(actor, index, d.receivingAgencyId);
  const agencyOf = (r: Responsible) => workActor.agencyOf(r.agency);
  // The log names the person assigned, not only their number.
  const action: WorkAction =
    input.action.kind === 'assign' ? { ...input.action, toName: (await repo.staffName(db, input.action.to)) ?? '' } : input.action;
  let after: WorkState;
  try {
    after = apply(def, before, action, workActor);
  } catch (err) {
    if (!(err instanceof WorkflowRefusal)) throw err;
    throw new AppError('validation_failed', `refused ${input.action.kind} on ${d.code}`, {
      problems: [{ field: 'action', message: err.userMessage }],
    });
  }
  const step = def.steps.find((s) => s.id === after.step);
  if (input.action.kind === 'assign') {
    const target = step && agencyOf(step.responsible);
    if (!step || target === undefined || !(await repo.holdsRoleAt(db, input.action.to, step.responsible.role, agenciesFor(index, target))))
      throw new AppError('validation_failed', `assignee ${input.action.to} lacks the step's role`, {
        problems: [{ field: 'assignee', message: 'Người được phân công không có vai trò xử lý bước này.' }],
      });
  }
  if (input.action.kind === 'request_supplement' && d.receivedAt && now > rules.supplementBy(d.receivedAt))
    throw new AppError('validation_failed', `supplement of ${d.code} asked too late`, {
      problems: [
        {
          field: 'action',
          message:
            'Đã quá 3 ngày làm việc kể từ khi tiếp nhận: không được yêu cầu bổ sung nữa. Hồ sơ phải được giải quyết, hoặc từ chối có lý do.',
        },
      ],
    });
  const detail: Record<string, unknown> = {};
  if (input.action.kind === 'consult') {
    if (workActor.agencyOf(input.action.agency) === undefined)
      throw new AppError('validation_failed', `unknown agency ${input.action.agency}`, {
        problems: [{ field: 'action', message: 'Không có cơ quan, đơn vị có mã này trong tỉnh.' }],
      });
    detail.answerBy = rules.stepDue(now, { amount: input.action.days, unit: 'working_days' });
  }
  let newDue: Date | undefined;
  if (input.action.kind === 'extend') {
    newDue = extensionDue(d.dueAt, input.action.until, now);
    detail.previousDueAt = d.dueAt;
  }
  const waitingAgencyIds = [
    ...after.consultations.filter((c) => !c.answered).map((c) => workActor.agencyOf(c.agency)),
    ...after.tasks.flatMap((done, i) => (done ? [] : [workActor.agencyOf(step?.tasks?.[i]?.agency ?? '')])),
  ].filter((x): x is number => x !== undefined);
  const entered = after.step !== before.step || after.visited.length !== before.visited.length;
  const change: repo.ProcessingChange = {
    status: after.status,
    ...(input.action.kind === 'start' ? { process: { agencyId: process.agencyId, version: process.version } } : {}),
    step: step
      ? {
          id: step.id,
          agencyId: agencyOf(step.responsible)!,
          role: step.responsible.role,
          // A step entered (or resumed after a supplement) gets its allotment from now; otherwise its deadline stays.
          dueAt: entered || input.action.kind === 'supplement_received' ? rules.stepDue(now, step.allotment) : 'keep',
        }
      : null,
    assigneeId: after.assignee,
    ...(input.action.kind === 'supplement_received' ? { dueAt: await rules.restartDue(now, d.procedureCode, d.channel) } : {}),
    ...(newDue ? { dueAt: newDue } : {}),
    waitingAgencyIds,
  };
  // The role the action was taken with (a lent role names its lender): the one the rules asked for.
  const stepBefore = def.steps.find((s) => s.id === before.step);
  const wanted = ['start', 'supplement_received', 'return_result'].includes(input.action.kind)
    ? 'desk_officer'
    : stepBefore?.responsible.role;
  const grant = actor.roles.find((g) => g.role === wanted) ?? actor.roles[0] ?? null;
  const entry: NewAction = {
    dossierId: d.id,
    actor: { kind: 'staff', id: actor.staffId, name: actor.fullName, onBehalfOfId: grant?.delegatedBy?.id ?? null },
    agencyId: step ? (agencyOf(step.responsible) ?? null) : d.receivingAgencyId,
    action: input.action.kind,
    fromStatus: before.status,
    toStatus: after.status,
    comment: input.comment.trim(),
    // `reasons` at the top, where the public lookup reads what is awaited from the applicant.
    detail: {
      work: action,
      fromStep: before.step,
      toStep: after.step,
      ...detail,
      ...('reasons' in input.action ? { reasons: input.action.reasons } : {}),
    },
  };
  const audit: AuditEntry = {
    actor: auditActorOf(actor, grant),
    action: `processing_${input.action.kind}`,
    subjectType: 'dossier',
    subjectId: d.code,
    agencyId: d.receivingAgencyId,
    detail: { step: before.step, toStep: after.step },
    ip,
  };
  return { state: after, change, entry, audit };
}

/**
 * The new due date of an extension (Mẫu 04): asked at least one day before the
 * current due date, for a later day, due at the close of that day (17:00).
 */
export function extensionDue(current: Date | null, until: string, now: Date): Date {
  const refuse = (message: string, field = 'action') =>
    new AppError('validation_failed', `extension: ${message}`, { problems: [{ field, message }] });
  if (!current) throw refuse('Hồ sơ chưa có ngày hẹn trả để gia hạn.');
  if (current.getTime() - now.getTime() < 24 * 3600 * 1000) throw refuse('Chỉ gia hạn được chậm nhất một ngày trước ngày hẹn trả.');
  const day = parseLocalDate(until);
  if (!day) throw refuse('Ngày hẹn trả mới không phải là một ngày có thật (nhập theo dạng dd/mm/yyyy).', 'until');
  const due = atLocal(day, '17:00');
  if (due <= current) throw refuse('Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.', 'until');
  return due;
}
