import type { Condition, FormDefinition, Question, Section } from './form-definition.ts';

/**
 * The answers to a form: top-level questions by id; a repeating section by its
 * id as a list of items, each answers by question id. Values are strings,
 * numbers (number questions) or lists of strings (checkboxes); dates are
 * ISO `YYYY-MM-DD`. An unanswered question has no key.
 */
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue | Array<Record<string, AnswerValue>>>;

/** The form field of a question (`f.child` or, inside repeating item 2, `f.siblings.2.name`). */
export function fieldName(questionId: string, group?: { sectionId: string; index: number }): string {
  return group ? `f.${group.sectionId}.${group.index}.${questionId}` : `f.${questionId}`;
}

export function holds(when: Condition | undefined, answers: Answers): boolean {
  if (!when) return true;
  const value = answers[when.question];
  const wanted = [when.equals].flat();
  if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && wanted.includes(v));
  return typeof value === 'string' && wanted.includes(value);
}

/**
 * Trims text, drops empty answers, and drops the answers to questions and
 * sections whose condition does not hold (a hidden question's answer is never
 * stored, whatever the client sent). Keys the form does not know are kept, so
 * that validation can name them.
 */
export function normalizeAnswers(def: FormDefinition, input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
      const kept = v.map((x: string) => x.trim()).filter(Boolean);
      return kept.length ? kept : undefined;
    }
    return v ?? undefined;
  };
  const known = new Set<string>();
  for (const s of def.sections) {
    if (s.repeat) {
      known.add(s.id);
      const items = input[s.id];
      if (!Array.isArray(items)) {
        if (items !== undefined) out[s.id] = items;
        continue;
      }
      out[s.id] = items.map((item) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
        const kept: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(item)) if (clean(v) !== undefined) kept[k] = clean(v);
        return kept;
      });
      continue;
    }
    for (const q of s.questions) {
      known.add(q.id);
      const v = clean(input[q.id]);
      if (v !== undefined) out[q.id] = v;
    }
  }
  for (const [k, v] of Object.entries(input)) if (!known.has(k) && clean(v) !== undefined) out[k] = v;
  // Conditions are read in order: a question hidden by an earlier answer hides what depends on it.
  for (const s of def.sections) {
    if (!holds(s.when, out as Answers)) {
      if (s.repeat) delete out[s.id];
      else for (const q of s.questions) delete out[q.id];
      continue;
    }
    if (!s.repeat) for (const q of s.questions) if (!holds(q.when, out as Answers)) delete out[q.id];
  }
  // A repeating section left with only empty items is not answered.
  for (const s of def.sections)
    if (s.repeat && Array.isArray(out[s.id])) {
      const items = (out[s.id] as unknown[]).filter((i) => typeof i !== 'object' || i === null || Object.keys(i).length > 0);
      if (items.length) out[s.id] = items;
      else delete out[s.id];
    }
  return out;
}

const DATE_INPUT = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** What a person typed into a question's field, as the answer's value (dd/mm/yyyy → ISO, 1,5 → 1.5). */
function fromField(q: Question, raw: string[]): AnswerValue | undefined {
  if (q.type === 'checkboxes') return raw;
  const text = (raw[0] ?? '').trim();
  if (text === '') return undefined;
  if (q.type === 'date') {
    const m = DATE_INPUT.exec(text);
    return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text;
  }
  if (q.type === 'number' && /^-?\d+([.,]\d+)?$/.test(text)) return Number(text.replace(',', '.'));
  return text;
}

/** The answer's value as it goes back into its field (ISO → dd/mm/yyyy). */
export function toField(q: Question, value: AnswerValue | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (q.type === 'date' && typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return [`${m[3]}/${m[2]}/${m[1]}`];
  }
  return [String(value)];
}

/** The number of items of each repeating section found in the posted fields. */
function itemCount(s: Section, fields: Record<string, string[]>): number {
  let n = 0;
  const prefix = `f.${s.id}.`;
  for (const name of Object.keys(fields))
    if (name.startsWith(prefix)) n = Math.max(n, Number(name.slice(prefix.length).split('.')[0]) + 1 || 0);
  return Math.min(n, s.repeat?.max ?? 0);
}

/** Reads the answers out of a posted page (field names from `fieldName`). */
export function answersFromFields(def: FormDefinition, fields: Record<string, string[]>): Answers {
  const answers: Answers = {};
  for (const s of def.sections) {
    if (s.repeat) {
      const items: Array<Record<string, AnswerValue>> = [];
      for (let i = 0; i < itemCount(s, fields); i++) {
        const item: Record<string, AnswerValue> = {};
        for (const q of s.questions) {
          const v = fromField(q, fields[fieldName(q.id, { sectionId: s.id, index: i })] ?? []);
          if (v !== undefined) item[q.id] = v;
        }
        items.push(item);
      }
      answers[s.id] = items;
      continue;
    }
    for (const q of s.questions) {
      const v = fromField(q, fields[fieldName(q.id)] ?? []);
      if (v !== undefined) answers[q.id] = v;
    }
  }
  return answers;
}

/** The answers of a new form: what the signed-in identity already says. */
export function prefilledAnswers(def: FormDefinition, identity: { fullName: string; idNumber: string } | null): Answers {
  const answers: Answers = {};
  if (!identity) return answers;
  for (const s of def.sections) for (const q of s.questions) if (q.prefill && !s.repeat) answers[q.id] = identity[q.prefill];
  return answers;
}

/**
 * Answers carried over to a changed form (a draft saved under an older version):
 * those whose question still exists with the same type, and a choice only if
 * it is still an option. Returns the answers kept and the ids of those dropped.
 */
export function carryOver(def: FormDefinition, old: Answers): { answers: Answers; dropped: string[] } {
  const answers: Answers = {};
  const fits = (q: Question, v: unknown): boolean => {
    if (v === undefined) return false;
    if (q.type === 'checkboxes') return Array.isArray(v) && v.every((x) => q.options!.some((o) => o.value === x));
    if (q.type === 'radio' || q.type === 'select') return q.options!.some((o) => o.value === v);
    if (q.type === 'number') return typeof v === 'number';
    return typeof v === 'string';
  };
  const used = new Set<string>();
  for (const s of def.sections) {
    if (s.repeat) {
      const items = old[s.id];
      if (!Array.isArray(items)) continue;
      used.add(s.id);
      answers[s.id] = (items as Array<Record<string, AnswerValue>>).map((item) => {
        const kept: Record<string, AnswerValue> = {};
        for (const q of s.questions) if (fits(q, item[q.id])) kept[q.id] = item[q.id]!;
        return kept;
      });
      continue;
    }
    for (const q of s.questions)
      if (fits(q, old[q.id])) {
        answers[q.id] = old[q.id] as AnswerValue;
        used.add(q.id);
      }
  }
  return { answers, dropped: Object.keys(old).filter((k) => !used.has(k)) };
}
