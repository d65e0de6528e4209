import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FieldProblem } from '../../errors.ts';
import { fieldName, normalizeAnswers, type Answers } from './answers.ts';
import { isChoice, type FormDefinition, type Question, type StoredForm } from './form-definition.ts';
import { toJsonSchema } from './json-schema.ts';

const ajv = new Ajv2020({ allErrors: true, strict: false });
// Full mode: `date` must be a real calendar day (no 30/02), leap years counted.
addFormats.default(ajv, { mode: 'full', formats: ['date', 'email'] });

// A stored form version never changes, so its compiled validator is kept for the life of the process.
const compiled = new Map<string, ValidateFunction>();
function validatorOf(form: StoredForm): ValidateFunction {
  const key = `${form.procedureCode}@${form.version}`;
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(toJsonSchema(form.definition));
    compiled.set(key, v);
  }
  return v;
}

/**
 * Checks answers (from a page or the API) against the form: hidden and empty
 * answers are dropped first, then the JSON Schema decides. Returns the answers
 * to store, or every problem in Vietnamese, each named by its page field so the
 * error summary links to it.
 */
export function validateAnswers(form: StoredForm, input: unknown): { answers: Answers; problems: [] } | { problems: FieldProblem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { problems: [{ field: 'answers', message: 'Câu trả lời của biểu mẫu phải là một đối tượng JSON.' }] };
  const answers = normalizeAnswers(form.definition, input as Record<string, unknown>);
  const validate = validatorOf(form);
  const problems: FieldProblem[] = [];
  if (!validate(answers)) {
    for (const e of validate.errors ?? []) {
      for (const p of tooFewItems(form.definition, e, answers) ?? [problemOf(form.definition, e)])
        if (p && !problems.some((x) => x.field === p.field)) problems.push(p);
    }
  }
  return problems.length ? { problems } : { answers: answers as Answers, problems: [] };
}

function* topQuestions(def: FormDefinition): Generator<[string, Question]> {
  for (const s of def.sections) if (!s.repeat) for (const q of s.questions) yield [q.id, q];
}

const dateMessage = (q: Question) => `Nhập ${lower(q.label)} là một ngày có thật theo dạng ngày/tháng/năm, ví dụ 15/03/2026.`;
const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/** The question an ajv error is about, with its page field and, inside a group, the item's number. */
function locate(def: FormDefinition, path: string[]): { q?: Question; field: string; itemPrefix: string } | undefined {
  const [first, index, inner] = path;
  if (first === undefined) return undefined;
  const group = def.sections.find((s) => s.repeat && s.id === first);
  if (group) {
    if (index === undefined) return { field: `f.${group.id}`, itemPrefix: '' };
    const q = group.questions.find((x) => x.id === inner);
    const prefix = `${group.title} – ${group.repeat!.itemLabel} thứ ${Number(index) + 1}: `;
    return q ? { q, field: fieldName(q.id, { sectionId: group.id, index: Number(index) }), itemPrefix: prefix } : undefined;
  }
  for (const [key, q] of topQuestions(def)) if (key === first) return { q, field: fieldName(key), itemPrefix: '' };
  return undefined;
}

/**
 * A repeating group with fewer items than its minimum: the required questions of the first item
 * missing, as if it had been left blank. On the page that item is the block the person left
 * untouched (an untouched block is no item): "cần ít nhất 1 trẻ" under a block for one child told
 * them nothing. A group without required questions keeps its own message.
 */
function tooFewItems(def: FormDefinition, e: ErrorObject, answers: Record<string, unknown>): FieldProblem[] | undefined {
  // The group missing at the top (`required`), or the group itself too short (`minItems` at its own path).
  let id: string | undefined;
  if (e.keyword === 'required' && e.instancePath === '') id = String(e.params.missingProperty);
  if (e.keyword === 'minItems') id = e.instancePath.slice(1);
  const group = def.sections.find((s) => s.repeat && s.id === id);
  if (!group) return undefined;
  const index = Array.isArray(answers[group.id]) ? (answers[group.id] as unknown[]).length : 0;
  const prefix = `${group.title} – ${group.repeat!.itemLabel} thứ ${index + 1}: `;
  const missing = group.questions.filter((q) => q.required);
  if (!missing.length) return undefined;
  return missing.map((q) => ({
    field: fieldName(q.id, { sectionId: group.id, index }),
    message: prefix + askFor(q),
  }));
}

function problemOf(def: FormDefinition, e: ErrorObject): FieldProblem | undefined {
  const path = e.instancePath.split('/').slice(1);
  if (e.keyword === 'required') path.push(String(e.params.missingProperty));
  if (e.keyword === 'additionalProperties') {
    const extra = String(e.params.additionalProperty);
    return { field: 'answers', message: `Biểu mẫu không có câu hỏi «${[...path, extra].join('.')}».` };
  }
  if (e.keyword === 'if') return undefined; // the failing `then` is reported on its own
  const at = locate(def, path);
  if (!at) return { field: 'answers', message: `Câu trả lời tại «${path.join('.')}» không hợp lệ.` };
  const group = def.sections.find((s) => s.repeat && s.id === path[0]);
  if (!at.q) {
    // The repeating group itself: too few or too many items.
    const r = group!.repeat!;
    const message =
      e.keyword === 'minItems' || e.keyword === 'required'
        ? `${group!.title}: cần ít nhất ${r.min} ${r.itemLabel}.`
        : e.keyword === 'maxItems'
          ? `${group!.title}: nhiều nhất ${r.max} ${r.itemLabel}.`
          : `${group!.title}: dữ liệu không hợp lệ.`;
    return { field: at.field, message };
  }
  return { field: at.field, message: at.itemPrefix + messageOf(at.q, e) };
}

/** What a question left unanswered is asked for. */
function askFor(q: Question): string {
  if (q.label.endsWith('?')) return `Trả lời câu hỏi «${q.label}».`;
  return isChoice(q) ? `Chọn ${lower(q.label)}.` : `Nhập ${lower(q.label)}.`;
}

function messageOf(q: Question, e: ErrorObject): string {
  const label = lower(q.label);
  switch (e.keyword) {
    case 'required':
      return askFor(q);
    case 'minLength':
      return `${q.label} cần ít nhất ${String(e.params.limit)} ký tự.`;
    case 'maxLength':
      return `${q.label} không được dài quá ${String(e.params.limit)} ký tự.`;
    case 'minimum':
      return `${q.label} không được nhỏ hơn ${String(e.params.limit)}.`;
    case 'maximum':
      return `${q.label} không được lớn hơn ${String(e.params.limit)}.`;
    case 'enum':
    case 'uniqueItems':
      return `Chọn ${label} trong các lựa chọn đã cho.`;
    case 'minItems':
      return `Chọn ít nhất một ${label}.`;
    case 'format':
      return q.type === 'date' ? dateMessage(q) : `${q.label} không đúng định dạng, ví dụ ten@example.vn.`;
    case 'pattern':
      if (q.type === 'idNumber') return `${q.label} gồm đúng 12 chữ số.`;
      if (q.type === 'phone') return `${q.label} không đúng: chỉ gồm chữ số, từ 8 đến 20 ký tự.`;
      return q.patternMessage ?? `${q.label} không đúng định dạng.`;
    case 'type':
      return q.type === 'number' ? `${q.label} phải là một số${numberRange(q.min, q.max)}.` : `${q.label} không đúng kiểu dữ liệu.`;
    default:
      return `${q.label} không hợp lệ.`;
  }
}

/** The range a number question allows, in words ("từ 1900 đến 2100"), or an example when it has none. */
function numberRange(min: number | undefined, max: number | undefined): string {
  const n = (x: number) => String(x).replace('.', ',');
  if (min !== undefined && max !== undefined) return ` từ ${n(min)} đến ${n(max)}`;
  if (min !== undefined) return ` không nhỏ hơn ${n(min)}`;
  if (max !== undefined) return ` không lớn hơn ${n(max)}`;
  return ', ví dụ 12 hoặc 12,5';
}
