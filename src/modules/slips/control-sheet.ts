import { formatDate, formatMoment } from '../../lib/vietnamese.ts';
import { dueAt, forwardingDeadline, timeliness } from '../calendar/due-date.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { ActionRow, DossierRow } from '../dossiers/dossiers.repository.ts';
import { jointTaskDue, jointTaskTimeliness } from '../processes/joint-task-timeliness.ts';
import type { ProcessDefinition, Step } from '../processes/process-definition.ts';
import type { Run, SlipBlock } from './slip-content.ts';
import { blank, deskOf, nationLines, personName, timelinessLabels, type SheetContent } from './sheet-content.ts';

/**
 * The control sheet of a dossier (Phiếu kiểm soát quá trình giải quyết hồ sơ,
 * Circular 03/2025 Mẫu 06; regulations.md E-14), read from its log. Pure.
 *
 * One row per hand-over: the desk to the first step's unit, each step to the
 * next (or back to an earlier one), a step to the desk and back around a
 * supplement, the last step to the desk, the desk to the applicant; an opinion
 * asked of another agency and its answer, a joint task finished. Each row
 * names the giver (unit and person), the receiver (unit, and the person who
 * took the dossier there: who claimed it, was assigned it, or acted next), the
 * moment, and the result of the giver's stage against its allotment on the
 * working calendar: the desk's forwarding limit (D118 Art. 18(2)), the step's
 * allotment counted from when the step was entered or resumed after a
 * supplement (as processing counts it), the answer's deadline, a joint task's
 * own allotment from when its step started (joint-task-timeliness.ts), the
 * dossier's appointment for the return. A dossier still at a joint step says
 * how each task not yet finished stands.
 */

export interface ControlSheetInput {
  dossier: DossierRow;
  log: ActionRow[];
  /** The process version the dossier follows (null when none applies yet). */
  process: ProcessDefinition | null;
  /** The unit responsible for each step and the agency it belongs to, by step id. */
  stepAgencies: Record<string, { unit: string; agency: string }>;
  /** Agencies named by electronic code (consulted agencies, joint tasks). */
  agenciesByCode: Record<string, string>;
  /** Staff named by id (the log names an assignee only by id). */
  staffNames: Record<number, string>;
  calendar: WorkingCalendar;
  /** The deadline processing stored for the current step, which wins over counting it again (the calendar may have changed since). */
  stepDueAt?: Date | null;
  /** For a stage still open: within time or overdue now. */
  now: Date;
}

interface Holder {
  unit: string;
  person: string | null;
  step: Step | null;
  since: Date;
  /** When the stage must be done; null when the time does not count (waiting for a supplement). */
  due: Date | null;
  /** The joint step's tasks finished since it started, by index. */
  tasksDone: Set<number>;
}

interface Row {
  giver: [unit: string, person: string];
  receiver: [unit: string, person: string | null];
  at: Date;
  result: string;
  notes: string[];
}

/** A log entry's processing action, read defensively: the log holds what every past version wrote. */
type Work = { kind: string } & Record<string, unknown>;
const workOf = (detail: Record<string, unknown>): Work | null => {
  const w = detail.work;
  return w && typeof w === 'object' && typeof (w as Work).kind === 'string' ? (w as Work) : null;
};
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
const joined = (...parts: string[]) => parts.filter(Boolean).join(': ');
const lastOf = <T>(items: T[], test: (item: T) => boolean): T | undefined => items.filter(test).at(-1);

/** The result column: how the giver's stage ended against its deadline, and the deadline. */
function resultOf(due: Date | null, at: Date): string {
  return due ? `${timelinessLabels[timeliness(due, at, at)]}\n(hạn ${formatMoment(due)})` : '';
}

export function controlSheetContent(input: ControlSheetInput): SheetContent {
  const { dossier: d, calendar } = input;
  const steps = input.process?.steps ?? [];
  const desk = deskOf(d.receivingAgencyName);
  const isDesk = (s: Step) => s.responsible.agency === 'receiving' && s.responsible.role === 'desk_officer';
  const unitOf = (s: Step): string => {
    if (isDesk(s)) return desk;
    const a = input.stepAgencies[s.id];
    if (!a) return s.responsible.agency;
    return a.unit === a.agency ? a.agency : `${a.unit} – ${a.agency}`;
  };
  const stepById = (id: unknown) => steps.find((s) => s.id === id) ?? null;
  const byCode = (code: unknown) => input.agenciesByCode[text(code)] || text(code);

  const rows: Row[] = [];
  const notes: string[] = [];
  let holder: Holder | null = null;
  let suspended: Holder | null = null;
  const consultations: Array<{ unit: string; due: Date }> = [];

  /** The dossier leaves the holder for `to`; the previous row handing it to this giver learns who received it. */
  const hand = (e: ActionRow, to: { unit: string; person?: string | null }, result: string, note: string, giverUnit = holder?.unit) => {
    const giver: Row['giver'] = [giverUnit ?? desk, personName(e.actorName)];
    const open = lastOf(rows, (r) => r.receiver[1] === null && r.receiver[0] === giver[0]);
    if (open) open.receiver[1] = giver[1];
    if (holder && holder.unit === giver[0] && holder.person === null) holder.person = giver[1];
    rows.push({ giver, receiver: [to.unit, to.person ?? null], at: e.at, result, notes: note ? [note] : [] });
  };
  /** The row that handed the dossier to its current holder, for who took it there. */
  const intoHolder = () => lastOf(rows, (r) => r.receiver[0] === holder?.unit);
  const enter = (s: Step, at: Date, person: string | null = null): Holder => ({
    unit: unitOf(s),
    person,
    step: s,
    since: at,
    due: dueAt(at, { value: s.allotment.amount, unit: s.allotment.unit }, calendar),
    tasksDone: new Set(),
  });
  const atDesk = (at: Date, due: Date | null): Holder => ({ unit: desk, person: null, step: null, since: at, due, tasksDone: new Set() });
  const jointNote = (s: Step) =>
    s.tasks?.length ? `; gửi đồng thời các cơ quan phối hợp: ${s.tasks.map((t) => byCode(t.agency)).join(', ')}` : '';

  for (const e of input.log) {
    const w = workOf(e.detail);
    const who = personName(e.actorName);
    const when = formatMoment(e.at);
    if (!w) {
      // Reception: the desk has the dossier from the moment it is received, and must forward it the same working day.
      if (e.action === 'receive') holder = { ...atDesk(e.at, forwardingDeadline(e.at, calendar)), person: who };
      else if (e.action === 'return_now') {
        holder = atDesk(e.at, d.dueAt ?? e.at);
        hand(e, { unit: 'Người nộp hồ sơ', person: d.applicant.fullName }, resultOf(holder.due, e.at), 'Trả kết quả ngay khi tiếp nhận');
        holder = null;
      } else if (e.action === 'request_supplement')
        notes.push(`Yêu cầu bổ sung, hoàn thiện hồ sơ khi tiếp nhận (${when}, ${who}): ${list(e.detail.reasons).join('; ')}`);
      else if (e.action === 'refuse') notes.push(`Từ chối tiếp nhận hồ sơ (${when}, ${who}): ${list(e.detail.reasons).join('; ')}`);
      else if (e.action === 'close_unanswered') notes.push(joined(`Dừng giải quyết (${when}, ${who})`, e.comment));
      continue;
    }
    const from = holder?.step ?? null;
    switch (w.kind) {
      case 'start':
      case 'complete':
      case 'send_back': {
        const to = stepById(e.detail.toStep);
        const result = resultOf(holder?.due ?? null, e.at);
        if (to) {
          const note =
            w.kind === 'start'
              ? `Chuyển xử lý: bước «${to.name}»`
              : w.kind === 'send_back'
                ? joined(`Trả lại bước «${to.name}»`, e.comment)
                : w.outcome === 'refused'
                  ? joined(`Không đồng ý, chuyển lại bước «${to.name}»`, e.comment)
                  : `Hoàn thành bước «${from?.name ?? ''}», chuyển bước «${to.name}»`;
          hand(e, { unit: unitOf(to) }, result, note + jointNote(to));
          holder = enter(to, e.at);
        } else {
          hand(e, { unit: desk }, result, `Hoàn thành bước «${from?.name ?? ''}»; hồ sơ có kết quả, chuyển Bộ phận Một cửa trả kết quả`);
          holder = atDesk(e.at, d.dueAt);
        }
        break;
      }
      case 'claim': {
        const into = intoHolder();
        if (into && into.receiver[1] === null) into.receiver[1] = who;
        if (holder) holder.person = who;
        break;
      }
      case 'assign': {
        const name = input.staffNames[Number(w.to)] || text(w.toName) || blank;
        const into = intoHolder();
        if (into) {
          if (into.receiver[1] === null) into.receiver[1] = name;
          into.notes.push(`${who} phân công ${name} xử lý (${when})`);
        }
        if (holder) holder.person = name;
        break;
      }
      case 'request_supplement':
        hand(e, { unit: desk }, resultOf(holder?.due ?? null, e.at), `Yêu cầu bổ sung, hoàn thiện hồ sơ: ${list(w.reasons).join('; ')}`);
        suspended = holder;
        holder = atDesk(e.at, null);
        break;
      case 'supplement_received': {
        const back = suspended?.step ? { ...enter(suspended.step, e.at, suspended.person), tasksDone: suspended.tasksDone } : null;
        hand(
          e,
          { unit: back?.unit ?? desk, person: back?.person ?? null },
          'Không tính\n(thời gian chờ bổ sung)',
          'Đã nhận hồ sơ bổ sung đầy đủ; thời hạn giải quyết tính lại từ đầu',
        );
        holder = back ?? holder;
        suspended = null;
        break;
      }
      case 'refuse':
        hand(e, { unit: desk }, resultOf(holder?.due ?? null, e.at), `Từ chối giải quyết: ${list(w.reasons).join('; ')}`);
        holder = atDesk(e.at, d.dueAt);
        break;
      case 'stop':
        // From a step, the dossier goes back to the desk, which tells the applicant (Mẫu 05); at the desk it just stops there.
        if (from) hand(e, { unit: desk }, resultOf(holder?.due ?? null, e.at), joined('Dừng xử lý', text(w.reason)));
        else notes.push(joined(`Dừng giải quyết (${when}, ${who})`, text(w.reason)));
        holder = null;
        break;
      case 'return_result':
        hand(
          e,
          { unit: 'Người nộp hồ sơ', person: d.applicant.fullName },
          resultOf(holder?.due ?? d.dueAt, e.at),
          'Trả kết quả giải quyết hồ sơ',
        );
        holder = null;
        break;
      case 'consult': {
        const unit = byCode(w.agency);
        const days = Number(w.days) > 0 ? Number(w.days) : 1;
        // The deadline processing gave the answer, as stored; counted again only for an entry without it.
        const answerBy = new Date(text(e.detail.answerBy));
        const due = Number.isNaN(answerBy.getTime()) ? dueAt(e.at, { value: days, unit: 'working_days' }, calendar) : answerBy;
        consultations.push({ unit, due });
        hand(e, { unit }, '', joined(`Xin ý kiến (hạn trả lời ${days} ngày làm việc)`, text(w.question)));
        break;
      }
      case 'answer_consultation': {
        const asked = consultations[Number(w.index)];
        if (!asked || !holder) break;
        hand(
          e,
          { unit: holder.unit, person: holder.person },
          resultOf(asked.due, e.at),
          joined('Trả lời xin ý kiến', text(w.answer)),
          asked.unit,
        );
        break;
      }
      case 'finish_task': {
        const task = holder?.step?.tasks?.[Number(w.index)];
        if (!task || !holder) break;
        holder.tasksDone.add(Number(w.index));
        const due = jointTaskDue(task, holder.since, calendar);
        const note = joined(`Hoàn thành phần việc liên thông «${task.task}»`, text(w.result));
        hand(e, { unit: holder.unit, person: holder.person }, resultOf(due, e.at), note, byCode(task.agency));
        break;
      }
      case 'extend':
        notes.push(joined(`Xin lỗi và gia hạn (Mẫu 04) đến ngày ${formatDate(text(w.until))} (${when}, ${who})`, text(w.reason)));
        break;
      default:
        notes.push(joined(`${w.kind} (${when}, ${who})`, e.comment));
    }
  }

  const pending = !['returned', 'stopped', 'not_received', 'new'].includes(d.status);
  if (pending && holder) {
    if (holder.step && holder.due && input.stepDueAt) holder.due = input.stepDueAt;
    const where = `Hiện tại hồ sơ ở ${holder.unit}${holder.person ? ` (${holder.person})` : ''} từ ${formatMoment(holder.since)}`;
    notes.push(
      holder.due
        ? `${where}; hạn: ${formatMoment(holder.due)} – ${timelinessLabels[timeliness(holder.due, null, input.now)]}.`
        : `${where}, chờ người nộp bổ sung; thời gian chờ không tính vào thời hạn giải quyết.`,
    );
    const { since, tasksDone } = holder;
    if (holder.due)
      holder.step?.tasks?.forEach((task, i) => {
        if (tasksDone.has(i)) return;
        const t = jointTaskTimeliness(task, since, null, calendar, input.now);
        notes.push(
          `Phần việc liên thông «${task.task}» của ${byCode(task.agency)}: chưa hoàn thành; ` +
            `hạn: ${formatMoment(t.due)} – ${timelinessLabels[t.timeliness]}.`,
        );
      });
  }

  return {
    form: 'Mẫu 06',
    title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
    agencyLines: [d.receivingAgencyName.toLocaleUpperCase('vi'), 'BỘ PHẬN MỘT CỬA'],
    nationLines,
    blocks: [
      ...headerBlocks(input, steps, isDesk, byCode),
      handOverTable(rows),
      ...notes.map((t): SlipBlock => ({ kind: 'note', text: t })),
    ],
    orientation: 'portrait',
    footer: `Mã hồ sơ ${d.code}`,
    name: `Mẫu 06 – Phiếu kiểm soát – ${d.code}`,
    issuedAt: input.log.at(-1)?.at ?? d.createdAt,
  };
}

/** The dossier, the applicant, the times, the agencies that settle it (lead: the steps' agencies; partners: joint and consulted). */
function headerBlocks(
  input: ControlSheetInput,
  steps: Step[],
  isDesk: (s: Step) => boolean,
  byCode: (code: unknown) => string,
): SlipBlock[] {
  const d = input.dossier;
  const lead = [...new Set(steps.filter((s) => !isDesk(s)).map((s) => input.stepAgencies[s.id]?.agency ?? s.responsible.agency))];
  const partners = [
    ...new Set([
      ...steps.flatMap((s) => s.tasks?.map((t) => byCode(t.agency)) ?? []),
      ...input.log.flatMap((e) => {
        const w = workOf(e.detail);
        return w?.kind === 'consult' ? [byCode(w.agency)] : [];
      }),
    ]),
  ];
  const p = (...runs: Run[]): SlipBlock => ({ kind: 'paragraph', runs });
  return [
    p({ text: 'Mã hồ sơ: ' }, { text: d.code, bold: true }),
    p({ text: 'Tên thủ tục hành chính: ' }, { text: d.procedureName, bold: true }),
    p({ text: 'Người nộp hồ sơ: ' }, { text: d.applicant.fullName, bold: true }),
    p({ text: `Địa chỉ: ${d.applicant.address || blank}; Số điện thoại: ${d.applicant.phone || blank}` }),
    p({ text: `Thời gian nhận hồ sơ: ${d.receivedAt ? formatMoment(d.receivedAt) : blank}` }),
    p({ text: 'Thời gian hẹn trả kết quả: ' }, { text: d.dueAt ? formatMoment(d.dueAt) : blank, bold: true }),
    p({ text: `Cơ quan chủ trì giải quyết: ${lead.join(', ') || d.receivingAgencyName}` }),
    p({ text: `Cơ quan phối hợp giải quyết: ${partners.join(', ') || 'Không'}` }),
    ...(input.process ? [p({ text: `Quy trình giải quyết: ${input.process.title}` })] : []),
  ];
}

function handOverTable(rows: Row[]): SlipBlock {
  return {
    kind: 'table',
    columns: [
      { title: 'TT', width: 0.05, align: 'center' },
      { title: 'Bên giao (đơn vị; người giao)', width: 0.22 },
      { title: 'Bên nhận (đơn vị; người nhận)', width: 0.22 },
      { title: 'Thời gian giao, nhận', width: 0.14 },
      { title: 'Kết quả (trước hạn / đúng hạn / quá hạn)', width: 0.16 },
      { title: 'Ghi chú', width: 0.21 },
    ],
    rows: rows.map((r, i) => [
      String(i + 1),
      r.giver.join('\n'),
      `${r.receiver[0]}\n${r.receiver[1] ?? blank}`,
      formatMoment(r.at),
      r.result,
      r.notes.join('\n'),
    ]),
  };
}
