import type { Status } from '../dossiers/dossier-states.ts';
import { END, type ProcessDefinition, type Responsible, type Step, type TransitionOutcome } from './process-definition.ts';

/**
 * The processing of one dossier as pure rules: what each action does to the
 * state, who may take it, and the state derived from the log. The stored
 * status is a cache of `replay(log)`; nothing else decides it.
 */

export type WorkAction =
  /** Reception hands the dossier to the first step of its process. */
  | { kind: 'start' }
  | { kind: 'claim' }
  | { kind: 'assign'; to: number; toName: string }
  /** The step is finished: `done` for handling steps, `approved` / `refused` for a decision. */
  | { kind: 'complete'; outcome: TransitionOutcome }
  /** Back to an earlier step the dossier went through, with the reason in the comment. */
  | { kind: 'send_back'; to: string }
  /** After appraisal, once and completely (D118 Art. 19); the clock stops. */
  | { kind: 'request_supplement'; reasons: string[] }
  /** The applicant completed the dossier: the time limit starts again from zero. */
  | { kind: 'supplement_received' }
  /** Refusal after appraisal: the result is a refusal notice (status 9, flagged). */
  | { kind: 'refuse'; reasons: string[] }
  /** Stopped at the applicant's request (Mẫu 05) or closed 15 days after an unanswered supplement request. */
  | { kind: 'stop'; reason: string }
  | { kind: 'return_result'; handover?: Handover }
  /** Ask another agency's opinion (by its electronic code) before finishing the step; the step waits for the answer. */
  | { kind: 'consult'; agency: string; question: string; days: number }
  | { kind: 'answer_consultation'; index: number; answer: string }
  /** A participating agency's task of a joint step is done (Decree 118 Art. 20). */
  | { kind: 'finish_task'; index: number; result: string }
  /** Apology and extension (Mẫu 04): once, at least one working day before the due date; the new due date is the use case's. */
  | { kind: 'extend'; reason: string; until: string }
  /** A returned result was wrong (D118 Art. 23): back to the step that issues it, to be corrected and returned again. */
  | { kind: 'correct'; reason: string };
export type WorkKind = WorkAction['kind'];

/** How a result reached the applicant (D118 Art. 22): at the counter to whom and identified how, by post with which item, or online. */
export interface Handover {
  how: 'counter' | 'post' | 'online';
  /** Counter: the person who received it (the applicant or someone authorised). */
  receiver?: string;
  identification?: 'receipt' | 'id_document' | 'authorisation';
  /** Post: the postal item's tracking number. */
  tracking?: string;
}

export const identificationLabels = {
  receipt: 'Giấy tiếp nhận và hẹn trả kết quả',
  id_document: 'Giấy tờ tùy thân',
  authorisation: 'Văn bản ủy quyền',
} as const;

export const workLabels: Record<WorkKind, string> = {
  start: 'Chuyển xử lý',
  consult: 'Lấy ý kiến cơ quan khác',
  answer_consultation: 'Trả lời xin ý kiến',
  finish_task: 'Hoàn thành phần việc liên thông',
  extend: 'Xin lỗi và gia hạn (Mẫu 04)',
  claim: 'Nhận xử lý',
  assign: 'Phân công',
  complete: 'Hoàn thành bước',
  send_back: 'Trả lại bước trước',
  request_supplement: 'Yêu cầu bổ sung hồ sơ',
  supplement_received: 'Nhận hồ sơ bổ sung',
  refuse: 'Từ chối giải quyết',
  stop: 'Dừng xử lý',
  return_result: 'Trả kết quả',
  correct: 'Đính chính kết quả đã trả',
};

export interface WorkState {
  status: Status;
  /** The step the dossier is at (null before the process starts and after it ends). */
  step: string | null;
  /** The officer handling the step, once someone claimed it or was assigned. */
  assignee: number | null;
  /** Steps entered, in order (a step sent back to counts again). */
  visited: string[];
  supplementRequests: number;
  refused: boolean;
  /** Opinions asked at the current step, by agency code; `answered` once the agency replied. */
  consultations: Array<{ agency: string; answered: boolean }>;
  /** The joint step's tasks (by the index in the step's `tasks`), done or not. */
  tasks: boolean[];
  extended: boolean;
}

/** The state right after reception, before any processing action. */
export function receptionState(status: Status): WorkState {
  return {
    status,
    step: null,
    assignee: null,
    visited: [],
    supplementRequests: 0,
    refused: false,
    consultations: [],
    tasks: [],
    extended: false,
  };
}

/** Who is acting, as the pure rules need it: can they act for this responsibility, and who are they. */
export interface WorkActor {
  staffId: number;
  /** Holds `r.role` at `r.agency` (the dossier's receiving agency for 'receiving'), or above it with that role's scope. */
  holds(r: Responsible): boolean;
  /**
   * Leads the unit or agency `agency` names: its head, a head of a unit above it within the same
   * agency, or the agency's leader (a head of a unit below leads nothing there). Without it, as
   * holding `unit_head` or `agency_leader` there.
   */
  leads?(agency: string): boolean;
}

export class WorkflowRefusal extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

const stepOf = (def: ProcessDefinition, id: string | null): Step | undefined => def.steps.find((s) => s.id === id);

/** Leaders of the step's agency may hand out its work; the step's own role takes it. */
const leads = (step: Step, actor: WorkActor) =>
  actor.leads
    ? actor.leads(step.responsible.agency)
    : actor.holds({ agency: step.responsible.agency, role: 'unit_head' }) ||
      actor.holds({ agency: step.responsible.agency, role: 'agency_leader' });

function enter(def: ProcessDefinition, state: WorkState, to: string): WorkState {
  const left = { ...state, assignee: null, consultations: [], tasks: [] };
  if (to === END) return { ...left, status: 'processed', step: null };
  const step = stepOf(def, to);
  if (!step) throw new WorkflowRefusal(`Quy trình không có bước «${to}».`);
  // A joint step opens every participating agency's task at once: electronic dossiers go to all in parallel.
  return { ...left, status: 'processing', step: to, visited: [...state.visited, to], tasks: (step.tasks ?? []).map(() => false) };
}

/** Why the step cannot be finished yet (opinions or joint tasks outstanding), or null. */
function waitingFor(state: WorkState): string | null {
  if (state.consultations.some((c) => !c.answered)) return 'Bước này còn chờ ý kiến của cơ quan được hỏi.';
  if (state.tasks.some((t) => !t)) return 'Bước liên thông còn phần việc của cơ quan phối hợp chưa xong.';
  return null;
}

/**
 * Whether `actor` may take `action` now, as far as who they are goes: null
 * when they may, otherwise why not, in Vietnamese. (Whether the dossier's state
 * allows the action is `effect`'s question.)
 */
export function permits(def: ProcessDefinition, state: WorkState, action: WorkAction, actor: WorkActor): string | null {
  const step = stepOf(def, state.step);
  const desk = actor.holds({ agency: 'receiving', role: 'desk_officer' });
  // The assignee acts only while they still hold the step's role (a role revoked since the assignment stops them).
  const handles = step !== undefined && (state.assignee === actor.staffId || state.assignee === null) && actor.holds(step.responsible);
  switch (action.kind) {
    case 'start':
      return desk ? null : 'Chỉ Bộ phận Một cửa chuyển hồ sơ đi xử lý.';
    case 'claim':
      return step && actor.holds(step.responsible) ? null : 'Bạn không có vai trò xử lý bước này.';
    case 'assign':
      return step && leads(step, actor) ? null : 'Chỉ lãnh đạo đơn vị phụ trách bước này mới phân công được.';
    case 'complete':
    case 'send_back':
    case 'request_supplement':
    case 'refuse':
      return handles ? null : 'Chỉ người đang xử lý bước này mới thực hiện được thao tác này.';
    case 'supplement_received':
    case 'return_result':
    case 'correct':
      return desk ? null : 'Thao tác này do Bộ phận Một cửa thực hiện.';
    case 'stop':
      return desk || (step && leads(step, actor)) ? null : 'Bộ phận Một cửa hoặc lãnh đạo đơn vị xử lý mới dừng được hồ sơ.';
    case 'consult':
      return handles ? null : 'Chỉ người đang xử lý bước này mới lấy ý kiến được.';
    case 'extend':
      return handles || (step && leads(step, actor)) ? null : 'Người xử lý hoặc lãnh đạo đơn vị xử lý mới gia hạn được.';
    case 'answer_consultation': {
      const asked = state.consultations[action.index];
      const answers = (['desk_officer', 'specialist', 'unit_head', 'agency_leader', 'clerk'] as const).some((role) =>
        actor.holds({ agency: asked?.agency ?? '', role }),
      );
      return asked && answers ? null : 'Chỉ cơ quan được hỏi mới trả lời được.';
    }
    case 'finish_task': {
      const task = step?.tasks?.[action.index];
      return task && actor.holds({ agency: task.agency, role: task.role })
        ? null
        : 'Chỉ cơ quan phối hợp được giao phần việc này mới hoàn thành được.';
    }
  }
}

/**
 * The state after `action`, taken by staff member `by`, or a refusal in
 * Vietnamese when the dossier's state does not allow it. Replaying a log uses
 * this alone: who acted was checked when they acted.
 */
export function effect(def: ProcessDefinition, state: WorkState, action: WorkAction, by: number): WorkState {
  const step = stepOf(def, state.step);
  const atStep = state.status === 'processing' && step !== undefined;
  const refuse = (why: string): never => {
    throw new WorkflowRefusal(why);
  };
  switch (action.kind) {
    case 'start':
      if (state.status !== 'received' || state.step !== null) refuse('Chỉ hồ sơ đã tiếp nhận mới được chuyển xử lý.');
      return enter(def, state, def.steps[0]!.id);
    case 'claim':
      if (!atStep) refuse('Hồ sơ không ở bước xử lý nào.');
      if (state.assignee !== null) refuse('Hồ sơ đã có người xử lý ở bước này.');
      return { ...state, assignee: by };
    case 'assign':
      if (!atStep) refuse('Hồ sơ không ở bước xử lý nào.');
      return { ...state, assignee: action.to };
    case 'complete': {
      if (!atStep) refuse('Hồ sơ không ở bước xử lý nào.');
      const waiting = waitingFor(state);
      if (waiting) refuse(waiting);
      const next = step!.next.find((t) => t.on === action.outcome);
      if (!next) refuse(`Bước «${step!.name}» không có lựa chọn này.`);
      return enter(def, state, next!.to);
    }
    case 'send_back': {
      if (!atStep) refuse('Hồ sơ không ở bước xử lý nào.');
      const earlier = state.visited.slice(0, state.visited.lastIndexOf(state.step!));
      if (!earlier.includes(action.to)) refuse('Chỉ trả lại được một bước hồ sơ đã đi qua.');
      return enter(def, state, action.to);
    }
    case 'request_supplement':
      if (!atStep || step!.kind !== 'appraise') refuse('Chỉ yêu cầu bổ sung được ở bước thẩm định.');
      if (state.supplementRequests > 0) refuse('Hồ sơ chỉ được yêu cầu bổ sung một lần, đầy đủ.');
      if (action.reasons.length === 0) refuse('Ghi rõ từng nội dung cần bổ sung, hoàn thiện.');
      return { ...state, status: 'supplement_requested', supplementRequests: state.supplementRequests + 1 };
    case 'supplement_received':
      if (state.status !== 'supplement_requested') refuse('Hồ sơ không ở trạng thái chờ bổ sung.');
      return { ...state, status: 'processing' };
    case 'refuse':
      if (!atStep || (step!.kind !== 'appraise' && step!.kind !== 'approve')) refuse('Chỉ từ chối được ở bước thẩm định hoặc phê duyệt.');
      if (action.reasons.length === 0) refuse('Ghi rõ lý do từ chối giải quyết.');
      return { ...state, status: 'processed', step: null, assignee: null, refused: true };
    case 'stop':
      if (state.status !== 'processing' && state.status !== 'supplement_requested') refuse('Chỉ dừng được hồ sơ đang xử lý.');
      if (!action.reason.trim()) refuse('Ghi rõ lý do dừng xử lý.');
      return { ...state, status: 'stopped', step: null, assignee: null };
    case 'return_result': {
      if (state.status !== 'processed') refuse('Chỉ trả được kết quả của hồ sơ đã xử lý xong.');
      const h = action.handover;
      if (h?.how === 'counter' && (!h.receiver?.trim() || !h.identification))
        refuse('Ghi tên người nhận kết quả và giấy tờ đã dùng để xác định người nhận.');
      if (h?.how === 'post' && !h.tracking?.trim()) refuse('Ghi số hiệu bưu gửi của kết quả.');
      return { ...state, status: 'returned' };
    }
    case 'correct': {
      if (state.status !== 'returned' || state.refused) refuse('Chỉ đính chính được kết quả đã trả cho người nộp.');
      if (!action.reason.trim()) refuse('Ghi rõ sai sót cần đính chính.');
      const last = def.steps.find((s) => s.next.some((t) => t.to === END && t.on !== 'refused'));
      if (!last) refuse('Quy trình không có bước phát hành kết quả.');
      return enter(def, { ...state, refused: false }, last!.id);
    }
    case 'consult':
      if (!atStep) refuse('Hồ sơ không ở bước xử lý nào.');
      if (!action.question.trim()) refuse('Ghi rõ nội dung xin ý kiến.');
      if (!(action.days >= 1 && action.days <= 30)) refuse('Thời hạn trả lời từ 1 đến 30 ngày làm việc.');
      return { ...state, consultations: [...state.consultations, { agency: action.agency, answered: false }] };
    case 'answer_consultation': {
      const asked = state.consultations[action.index];
      if (!atStep || !asked || asked.answered) refuse('Không có yêu cầu xin ý kiến nào đang chờ trả lời.');
      if (!action.answer.trim()) refuse('Ghi rõ ý kiến trả lời.');
      return { ...state, consultations: state.consultations.map((c, i) => (i === action.index ? { ...c, answered: true } : c)) };
    }
    case 'finish_task':
      if (!atStep || state.tasks[action.index] !== false) refuse('Phần việc liên thông này không còn chờ xử lý.');
      if (!action.result.trim()) refuse('Ghi rõ kết quả phần việc.');
      return { ...state, tasks: state.tasks.map((t, i) => (i === action.index ? true : t)) };
    case 'extend':
      if (state.status !== 'processing' && state.status !== 'supplement_requested') refuse('Chỉ gia hạn được hồ sơ đang xử lý.');
      if (state.extended) refuse('Hồ sơ chỉ được xin lỗi và gia hạn một lần.');
      if (!action.reason.trim()) refuse('Ghi rõ lý do chậm và xin lỗi người nộp.');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(action.until)) refuse('Nhập ngày hẹn trả mới theo dạng ngày/tháng/năm.');
      return { ...state, extended: true };
  }
}

/** `effect` for someone `permits` allows: the one entry point for acting. */
export function apply(def: ProcessDefinition, state: WorkState, action: WorkAction, actor: WorkActor): WorkState {
  const who = permits(def, state, action, actor);
  if (who) throw new WorkflowRefusal(who);
  return effect(def, state, action, actor.staffId);
}

/** The actions `actor` may take now, each tried against the rules (so the two never disagree). */
export function availableActions(def: ProcessDefinition, state: WorkState, actor: WorkActor): WorkAction[] {
  const step = stepOf(def, state.step);
  const candidates: WorkAction[] = [
    { kind: 'start' },
    { kind: 'claim' },
    // Whom to assign to is the page's choice among the people holding the step's role.
    { kind: 'assign', to: 0, toName: '' },
    ...(step?.next.map((t) => ({ kind: 'complete' as const, outcome: t.on })) ?? []),
    ...state.visited.slice(0, -1).map((to) => ({ kind: 'send_back' as const, to })),
    { kind: 'request_supplement', reasons: ['…'] },
    { kind: 'supplement_received' },
    { kind: 'refuse', reasons: ['…'] },
    { kind: 'stop', reason: '…' },
    { kind: 'return_result' },
    { kind: 'consult', agency: '…', question: '…', days: 1 },
    { kind: 'extend', reason: '…', until: '2000-01-01' },
    { kind: 'correct', reason: '…' },
    ...state.consultations.map((_, index) => ({ kind: 'answer_consultation' as const, index, answer: '…' })),
    ...state.tasks.map((_, index) => ({ kind: 'finish_task' as const, index, result: '…' })),
  ];
  const seen = new Set<string>();
  return candidates.filter((a) => {
    const key = JSON.stringify(a);
    if (seen.has(key)) return false;
    seen.add(key);
    try {
      apply(def, state, a, actor);
      return true;
    } catch (err) {
      if (err instanceof WorkflowRefusal) return false;
      throw err;
    }
  });
}

/** The state a log of actions leads to, from the status reception gave the dossier. */
export function replay(def: ProcessDefinition, receivedAs: Status, log: Array<{ action: WorkAction; by: number }>): WorkState {
  return log.reduce((state, entry) => effect(def, state, entry.action, entry.by), receptionState(receivedAs));
}
