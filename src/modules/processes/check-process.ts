import type { FieldProblem } from '../../errors.ts';
import { readJsonText } from '../../lib/json-text.ts';
import type { Channel, Procedure, TimeUnit } from '../catalog/procedure.schema.ts';
import {
  END,
  processDefinitionSchema,
  transitionOutcomes,
  type Allotment,
  type ProcessDefinition,
  type Step,
  type TransitionOutcome,
} from './process-definition.ts';

/**
 * The rules a process must keep beyond its shape, pure: every step reachable
 * and able to reach the end, transitions that fit the step's kind, joint steps
 * with their tasks, and step allotments along the main path adding up exactly
 * to the procedure's legal time limit. Every problem at once, in Vietnamese.
 */

/** A working day counts 8 working hours (office hours of the province; regulations.md F-05). */
export const WORKING_DAY_HOURS = 8;

const problem = (message: string): FieldProblem => ({ field: 'definition', message });

/** Reads an admin's JSON text into a process (its shape only), or every problem with it in Vietnamese. */
export function parseProcess(text: string): { definition: ProcessDefinition; problems: [] } | { problems: FieldProblem[] } {
  const read = readJsonText(text, processDefinitionSchema, 'definition');
  return 'value' in read ? { definition: read.value, problems: [] } : read;
}

/** The legal time limit a process is held to, as the catalogue states it and in working hours. */
export interface LegalLimit {
  channel: Channel;
  stated: { value: number; unit: TimeUnit };
  /** What the step allotments must add up to; null when the stated unit has no working-hour equivalent. */
  workingHours: number | null;
  /** The limit as the messages say it: "12 ngày làm việc", "15 ngày, tức 11 ngày làm việc (…)". */
  text: string;
}

const statedUnits: Record<TimeUnit, string> = {
  working_days: 'ngày làm việc',
  days: 'ngày',
  working_hours: 'giờ làm việc',
  hours: 'giờ',
  months: 'tháng',
  years: 'năm',
};
const number = (n: number) => String(Math.round(n * 1000) / 1000).replace('.', ',');

/**
 * The limit one process serves. A procedure has one process but a time limit
 * per channel: the counter's applies (the channel the law writes limits for),
 * else the first channel that states one; null when none does, and then there
 * is nothing the allotments must add up to.
 *
 * Units: working days count 8 working hours; working hours as they are.
 * Calendar days ("ngày") are converted the way the Civil Code counts them
 * (Art. 147–148: from the day after reception to the n-th day, or the next
 * working day when that is a day off) into the fewest working days n days can
 * hold in a Monday–Friday week, so the process fits whatever the weekday of
 * reception. Holidays are not foreseen: in a week with one the dossier's due
 * date (due-date.ts) is still the legal one. Clock hours, months and years have
 * no honest working-hour equivalent, so such a process is refused with a message.
 */
export function legalLimitOf(procedure: Pick<Procedure, 'channels'>): LegalLimit | null {
  const channel = procedure.channels.find((c) => c.channel === 'counter' && c.timeLimit) ?? procedure.channels.find((c) => c.timeLimit);
  if (!channel?.timeLimit) return null;
  const stated = channel.timeLimit;
  const said = `${number(stated.value)} ${statedUnits[stated.unit]}`;
  const of = (workingHours: number | null, text = said): LegalLimit => ({ channel: channel.channel, stated, workingHours, text });
  switch (stated.unit) {
    case 'working_days':
      return of(stated.value * WORKING_DAY_HOURS);
    case 'working_hours':
      return of(stated.value);
    case 'days': {
      const days = workingDaysWithin(stated.value);
      return of(
        days * WORKING_DAY_HOURS,
        `${said}, tức ${days} ngày làm việc (số ngày làm việc ít nhất có trong ${said} tính theo Bộ luật Dân sự, khi không có ngày lễ)`,
      );
    }
    default:
      return of(null);
  }
}

/** The fewest working days in a period of `days` calendar days counted by the Civil Code, over the five weekdays of reception. */
export function workingDaysWithin(days: number): number {
  const n = Math.ceil(days);
  let fewest = Infinity;
  for (let received = 0; received < 5; received++) {
    // Day 0 is a Monday; days 5 and 6 of each week are Saturday and Sunday.
    let last = received + n;
    while (last % 7 >= 5) last++;
    let count = 0;
    for (let d = received + 1; d <= last; d++) if (d % 7 < 5) count++;
    fewest = Math.min(fewest, count);
  }
  return fewest;
}

export const hoursOf = (a: Allotment): number => (a.unit === 'working_days' ? a.amount * WORKING_DAY_HOURS : a.amount);

/** "2 ngày làm việc", "4 giờ làm việc", "2 ngày làm việc và 4 giờ làm việc". */
export function formatHours(hours: number): string {
  const h = Math.round(hours * 1000) / 1000;
  const days = Math.floor(h / WORKING_DAY_HOURS + 1e-9);
  const rest = Math.round((h - days * WORKING_DAY_HOURS) * 1000) / 1000;
  if (days === 0) return `${number(rest)} giờ làm việc`;
  return rest === 0 ? `${days} ngày làm việc` : `${days} ngày làm việc và ${number(rest)} giờ làm việc`;
}

/**
 * The main path: from the first step, following `done` or `approved`, to the
 * end. `reachesEnd` is false when it runs into a step that is not there or
 * comes back to a step already on it (`loopsAt`).
 */
export function mainPath(def: ProcessDefinition): { steps: Step[]; reachesEnd: boolean; loopsAt: Step | null } {
  const byId = new Map(def.steps.map((s) => [s.id, s] as const));
  const steps: Step[] = [];
  for (let step = def.steps[0]; step;) {
    if (steps.includes(step)) return { steps, reachesEnd: false, loopsAt: step };
    steps.push(step);
    const to = step.next.find((t) => t.on === 'done' || t.on === 'approved')?.to;
    if (to === END) return { steps, reachesEnd: true, loopsAt: null };
    step = to === undefined ? undefined : byId.get(to);
  }
  return { steps, reachesEnd: false, loopsAt: null };
}

export const pathHours = (steps: Step[]) => steps.reduce((sum, s) => sum + hoursOf(s.allotment), 0);

/** Every rule of a well-formed process (see the top of this file), against the procedure's legal limit (null: none stated). */
export function checkProcess(def: ProcessDefinition, limit: LegalLimit | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (step: Step, message: string) => problems.push(problem(`Bước «${step.name}»: ${message}`));
  const byId = new Map<string, Step>();
  for (const step of def.steps) {
    if (step.id === END) add(step, `mã «${END}» dành cho kết thúc quy trình, hãy đặt mã khác.`);
    else if (byId.has(step.id)) add(step, `mã «${step.id}» bị trùng.`);
    else byId.set(step.id, step);
  }
  for (const step of def.steps) {
    for (const t of step.next) if (t.to !== END && !byId.has(t.to)) add(step, `chuyển tới bước «${t.to}» không có trong quy trình.`);
    const outcomes = step.next.map((t) => t.on);
    for (const on of new Set(outcomes))
      if (outcomes.filter((o) => o === on).length > 1) add(step, `có hai chuyển tiếp cùng khi «${transitionOutcomes[on]}» (${on}).`);
    const wanted: TransitionOutcome[] = step.kind === 'approve' ? ['approved', 'refused'] : ['done'];
    for (const on of wanted) if (!outcomes.includes(on)) add(step, `thiếu chuyển tiếp khi «${transitionOutcomes[on]}» (${on}).`);
    for (const on of new Set(outcomes))
      if (!wanted.includes(on))
        add(
          step,
          step.kind === 'approve'
            ? `bước phê duyệt chỉ chuyển tiếp khi «Đồng ý» (approved) hoặc «Không đồng ý» (refused), không dùng «${on}».`
            : `chỉ bước phê duyệt (approve) mới có «Đồng ý»/«Không đồng ý»; bước này chuyển tiếp khi «Hoàn thành» (done).`,
        );
    if (step.kind === 'joint' && !step.tasks?.length) add(step, 'bước liên thông cần ít nhất một việc của cơ quan phối hợp (tasks).');
    if (step.kind !== 'joint' && step.tasks) add(step, 'chỉ bước liên thông (joint) mới có việc của cơ quan phối hợp (tasks).');
    for (const task of step.tasks ?? [])
      if (hoursOf(task.allotment) > hoursOf(step.allotment) + 1e-9)
        add(
          step,
          `việc «${task.task}» của cơ quan «${task.agency}» (${formatHours(hoursOf(task.allotment))}) dài hơn thời gian của cả bước (${formatHours(hoursOf(step.allotment))}); các việc chạy song song trong thời gian của bước.`,
        );
  }
  problems.push(...reachProblems(def, byId));
  problems.push(...sumProblems(def, limit));
  return problems;
}

/** Steps the first step never leads to, and steps (or the whole process) from which the end cannot be reached. */
function reachProblems(def: ProcessDefinition, byId: Map<string, Step>): FieldProblem[] {
  const first = def.steps[0]!;
  const targets = (s: Step) => s.next.map((t) => t.to);
  const reached = new Set<string>();
  const walk = (id: string) => {
    if (reached.has(id) || !byId.has(id)) return;
    reached.add(id);
    targets(byId.get(id)!).forEach(walk);
  };
  walk(first.id);
  // Backwards from the end: a step reaches it when one of its transitions leads to it or to a step that does.
  const ending = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const s of byId.values())
      if (!ending.has(s.id) && targets(s).some((to) => to === END || ending.has(to))) {
        ending.add(s.id);
        grew = true;
      }
  }
  const out: FieldProblem[] = [];
  const startStuck = !ending.has(first.id);
  if (startStuck)
    out.push(problem(`Quy trình không bao giờ kết thúc: từ bước đầu tiên «${first.name}» không có đường nào tới kết thúc (${END}).`));
  for (const s of byId.values()) {
    if (!reached.has(s.id)) out.push(problem(`Bước «${s.name}»: không đi tới được từ bước đầu tiên «${first.name}».`));
    if (!ending.has(s.id) && !(startStuck && reached.has(s.id)))
      out.push(problem(`Bước «${s.name}»: từ bước này không có đường nào tới kết thúc (${END}), hồ sơ sẽ nằm lại mãi.`));
  }
  return out;
}

/** The main path's allotments against the legal limit: both sums said in Vietnamese when they differ. */
function sumProblems(def: ProcessDefinition, limit: LegalLimit | null): FieldProblem[] {
  const path = mainPath(def);
  if (!path.reachesEnd) {
    if (!path.loopsAt) return []; // a missing step or transition is reported already
    return [
      problem(
        `Đường chính (từ bước đầu tiên, theo «Hoàn thành»/«Đồng ý») quay lại bước «${path.loopsAt.name}» và không tới kết thúc, nên không cộng được thời gian các bước.`,
      ),
    ];
  }
  if (!limit) return [];
  if (limit.workingHours === null)
    return [
      problem(
        `Thời hạn giải quyết theo quy định là ${limit.text}, không quy đổi được sang giờ hay ngày làm việc để đối chiếu với thời gian các bước; cần sửa thời hạn của thủ tục trong danh mục (theo ngày hoặc ngày làm việc).`,
      ),
    ];
  const total = pathHours(path.steps);
  if (Math.abs(total - limit.workingHours) < 1e-6) return [];
  return [
    problem(
      `Tổng thời gian các bước là ${formatHours(total)}, thời hạn giải quyết theo quy định là ${limit.text} (các bước được cộng: ${path.steps.map((s) => `«${s.name}»`).join(', ')}).`,
    ),
  ];
}
