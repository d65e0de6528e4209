import { z } from 'zod';
import { roles, type Role } from '../accounts/roles.ts';

/**
 * The internal process of a procedure (quy trình nội bộ), as an admin writes
 * it: ordered steps, each with who is responsible (an agency or unit by its
 * electronic code, and a role), a time allotment, and where the dossier goes
 * next. The first step is where a received dossier starts; `end` means the
 * result is ready (status 9). A step of kind `joint` runs tasks of other
 * agencies in parallel (Decree 118 Art. 20) and goes on when all are answered.
 */

const id = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'Mã bước chỉ gồm chữ Latinh không dấu, chữ số, dấu _ và bắt đầu bằng chữ.');

export const stepKinds = {
  handle: 'Xử lý',
  appraise: 'Thẩm định',
  verify: 'Xác minh',
  joint: 'Liên thông (các cơ quan phối hợp)',
  approve: 'Phê duyệt',
  issue: 'Phát hành kết quả',
} as const;
export type StepKind = keyof typeof stepKinds;

export const allotmentUnits = { working_hours: 'giờ làm việc', working_days: 'ngày làm việc' } as const;

const allotment = z.strictObject({
  amount: z.number().positive().max(1000),
  unit: z.enum(Object.keys(allotmentUnits) as ['working_hours', 'working_days']),
});
export type Allotment = z.infer<typeof allotment>;

const responsible = z.strictObject({
  /** The agency or unit, by its electronic code (Decision 20/2020), or `receiving` for the dossier's receiving agency. */
  agency: z.string().min(1).max(40),
  role: z.enum(roles as unknown as [Role, ...Role[]]),
});
export type Responsible = z.infer<typeof responsible>;

/** Where a step leads: `done` after handling, `approved` / `refused` after a decision. */
export const transitionOutcomes = { done: 'Hoàn thành', approved: 'Đồng ý', refused: 'Không đồng ý' } as const;
export type TransitionOutcome = keyof typeof transitionOutcomes;

const transition = z.strictObject({
  on: z.enum(Object.keys(transitionOutcomes) as [TransitionOutcome, ...TransitionOutcome[]]),
  to: z.string().min(1).max(40),
});

const jointTask = z.strictObject({
  agency: z.string().min(1).max(40),
  role: z.enum(roles as unknown as [Role, ...Role[]]),
  task: z.string().min(1).max(300),
  allotment,
});
export type JointTask = z.infer<typeof jointTask>;

export const stepSchema = z.strictObject({
  id,
  name: z.string().min(1).max(200),
  kind: z.enum(Object.keys(stepKinds) as [StepKind, ...StepKind[]]),
  responsible,
  allotment,
  next: z.array(transition).min(1).max(10),
  /** Joint steps: the participating agencies' tasks, run in parallel. */
  tasks: z.array(jointTask).max(20).optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const processDefinitionSchema = z.strictObject({
  title: z.string().min(1).max(300),
  steps: z.array(stepSchema).min(1).max(50),
});
export type ProcessDefinition = z.infer<typeof processDefinitionSchema>;

/** The id of the end of every process: the result is ready. */
export const END = 'end';
