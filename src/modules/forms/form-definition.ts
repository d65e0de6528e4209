import { z } from 'zod';
import type { FieldProblem } from '../../errors.ts';
import { readJsonText } from '../../lib/json-text.ts';

/**
 * The e-form of a procedure as an admin writes it: sections of questions with
 * labels, hints, order, conditions and repeating groups. The JSON Schema of the
 * answers is derived from it (json-schema.ts), so pages and the API validate
 * against one definition.
 */

const id = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'Mã câu hỏi chỉ gồm chữ Latinh không dấu, chữ số, dấu _ và bắt đầu bằng chữ.');

export const questionTypes = {
  text: 'Dòng chữ',
  textarea: 'Đoạn văn',
  number: 'Số',
  date: 'Ngày (dd/mm/yyyy)',
  radio: 'Chọn một (nút tròn)',
  select: 'Chọn một (danh sách)',
  checkboxes: 'Chọn nhiều',
  idNumber: 'Số định danh cá nhân (12 chữ số)',
  phone: 'Số điện thoại',
  email: 'Thư điện tử',
} as const;
export type QuestionType = keyof typeof questionTypes;

/** What the signed-in identity can fill in for the applicant. */
export const prefillSources = { fullName: 'Họ và tên', idNumber: 'Số định danh cá nhân' } as const;

const condition = z.strictObject({
  question: id,
  equals: z.union([z.string(), z.array(z.string()).min(1)]),
});
export type Condition = z.infer<typeof condition>;

const option = z.strictObject({ value: z.string().min(1).max(60), label: z.string().min(1).max(200) });

export const questionSchema = z.strictObject({
  id,
  label: z.string().min(1).max(300),
  hint: z.string().max(500).optional(),
  type: z.enum(Object.keys(questionTypes) as [QuestionType, ...QuestionType[]]),
  required: z.boolean().optional(),
  options: z.array(option).max(100).optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).max(10_000).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** A regular expression the whole answer must match, with the message shown when it does not. */
  pattern: z.string().max(200).optional(),
  patternMessage: z.string().max(300).optional(),
  prefill: z.enum(Object.keys(prefillSources) as ['fullName', 'idNumber']).optional(),
  when: condition.optional(),
});
export type Question = z.infer<typeof questionSchema>;

export const sectionSchema = z.strictObject({
  id,
  title: z.string().min(1).max(300),
  hint: z.string().max(1000).optional(),
  when: condition.optional(),
  /** A repeating group: the applicant adds as many items as needed (children, heirs, plots). */
  repeat: z
    .strictObject({ min: z.number().int().min(0).max(50), max: z.number().int().min(1).max(50), itemLabel: z.string().min(1).max(60) })
    .optional(),
  questions: z.array(questionSchema).min(1).max(100),
});
export type Section = z.infer<typeof sectionSchema>;

export const formDefinitionSchema = z.strictObject({
  title: z.string().min(1).max(300),
  sections: z.array(sectionSchema).min(1).max(50),
});
export type FormDefinition = z.infer<typeof formDefinitionSchema>;

/** A stored definition: the procedure it belongs to and its version (1, 2, ...). */
export interface StoredForm {
  procedureCode: string;
  version: number;
  definition: FormDefinition;
}

const choiceTypes = new Set<QuestionType>(['radio', 'select', 'checkboxes']);
export const isChoice = (q: Question) => choiceTypes.has(q.type);

/**
 * Every rule a definition must keep beyond its shape, all problems at once, in
 * Vietnamese: ids unique, choice questions with options, a condition naming an
 * earlier choice question outside any repeating group and one of its options,
 * sensible limits, patterns that compile.
 */
export function checkDefinition(def: FormDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (where: string, message: string) => problems.push({ field: 'definition', message: `${where}: ${message}` });
  const earlier = new Map<string, Question>();
  const ids = new Set<string>();
  const checkWhen = (where: string, when: Condition | undefined) => {
    if (!when) return;
    const target = earlier.get(when.question);
    if (!target) return add(where, `điều kiện dựa vào câu hỏi «${when.question}» không có ở phía trước (ngoài nhóm lặp lại).`);
    if (!isChoice(target)) return add(where, `điều kiện chỉ dựa được vào câu hỏi có lựa chọn; «${target.label}» không phải.`);
    const values = new Set(target.options?.map((o) => o.value));
    for (const v of [when.equals].flat()) if (!values.has(v)) add(where, `giá trị «${v}» không phải là lựa chọn của «${target.label}».`);
  };
  for (const s of def.sections) {
    const where = `Phần «${s.title}»`;
    if (ids.has(s.id)) add(where, `mã «${s.id}» bị trùng.`);
    ids.add(s.id);
    checkWhen(where, s.when);
    if (s.repeat && s.repeat.min > s.repeat.max) add(where, 'số mục tối thiểu lớn hơn số mục tối đa.');
    const inGroup = new Set<string>();
    for (const q of s.questions) {
      const at = `Câu hỏi «${q.label}»`;
      if (ids.has(q.id) || inGroup.has(q.id)) add(at, `mã «${q.id}» bị trùng.`);
      if (s.repeat) inGroup.add(q.id);
      else ids.add(q.id);
      if (s.repeat && q.when) add(at, 'câu hỏi trong nhóm lặp lại không dùng điều kiện; đặt điều kiện cho cả phần.');
      else checkWhen(at, q.when);
      if (isChoice(q) && !q.options?.length) add(at, 'câu hỏi có lựa chọn cần ít nhất một lựa chọn (options).');
      if (!isChoice(q) && q.options) add(at, 'chỉ câu hỏi có lựa chọn mới có options.');
      if (q.options && new Set(q.options.map((o) => o.value)).size !== q.options.length) add(at, 'giá trị của các lựa chọn bị trùng.');
      if (q.minLength !== undefined && q.maxLength !== undefined && q.minLength > q.maxLength)
        add(at, 'độ dài tối thiểu lớn hơn độ dài tối đa.');
      if (q.min !== undefined && q.max !== undefined && q.min > q.max) add(at, 'giá trị tối thiểu lớn hơn giá trị tối đa.');
      if (q.pattern !== undefined) {
        try {
          new RegExp(q.pattern, 'u');
        } catch {
          add(at, 'biểu thức kiểm tra (pattern) không hợp lệ.');
        }
      }
      if (q.prefill && (s.repeat || !['text', 'idNumber'].includes(q.type)))
        add(at, 'chỉ câu hỏi dạng chữ hoặc số định danh ngoài nhóm lặp lại mới điền sẵn được.');
      if (!s.repeat) earlier.set(q.id, q);
    }
  }
  return problems;
}

/** Reads an admin's JSON text into a definition, or every problem with it in Vietnamese. */
export function parseDefinition(text: string): { definition: FormDefinition; problems: [] } | { problems: FieldProblem[] } {
  const read = readJsonText(text, formDefinitionSchema, 'definition');
  if (!('value' in read)) return read;
  const problems = checkDefinition(read.value);
  return problems.length ? { problems } : { definition: read.value, problems: [] };
}
