import type { Condition, FormDefinition, Question, Section } from './form-definition.ts';

/** A JSON Schema (draft 2020-12 vocabulary, as ajv validates it) — kept loose on purpose. */
export type JsonSchema = Record<string, unknown>;

const DEFAULT_TEXT_MAX = 500;
const DEFAULT_TEXTAREA_MAX = 5000;
export const ID_NUMBER_PATTERN = '^[0-9]{12}$';
export const PHONE_PATTERN = '^[0-9 +().-]{8,20}$';

function questionSchema(q: Question): JsonSchema {
  const title = { title: q.label, ...(q.hint ? { description: q.hint } : {}) };
  const text = (max: number): JsonSchema => ({
    type: 'string',
    minLength: q.minLength ?? 1,
    maxLength: q.maxLength ?? max,
    ...(q.pattern ? { pattern: q.pattern } : {}),
  });
  const values = q.options?.map((o) => o.value) ?? [];
  switch (q.type) {
    case 'text':
      return { ...title, ...text(DEFAULT_TEXT_MAX) };
    case 'textarea':
      return { ...title, ...text(DEFAULT_TEXTAREA_MAX) };
    case 'number':
      return {
        ...title,
        type: 'number',
        ...(q.min !== undefined ? { minimum: q.min } : {}),
        ...(q.max !== undefined ? { maximum: q.max } : {}),
      };
    case 'date':
      return { ...title, type: 'string', format: 'date' };
    case 'radio':
    case 'select':
      return { ...title, type: 'string', enum: values };
    case 'checkboxes':
      return { ...title, type: 'array', items: { type: 'string', enum: values }, uniqueItems: true, minItems: 1 };
    case 'idNumber':
      return { ...title, type: 'string', pattern: ID_NUMBER_PATTERN };
    case 'phone':
      return { ...title, type: 'string', pattern: PHONE_PATTERN };
    case 'email':
      return { ...title, type: 'string', format: 'email', maxLength: 200 };
  }
}

function conditionSchema(when: Condition): JsonSchema {
  const wanted = [when.equals].flat();
  // A choice answer is a string (radio, select) or a list (checkboxes): either form meets the condition.
  return {
    required: [when.question],
    properties: { [when.question]: { anyOf: [{ enum: wanted }, { type: 'array', contains: { enum: wanted } }] } },
  };
}

function groupSchema(s: Section): JsonSchema {
  const item: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(s.questions.map((q) => [q.id, questionSchema(q)])),
    required: s.questions.filter((q) => q.required).map((q) => q.id),
  };
  return { title: s.title, type: 'array', items: item, maxItems: s.repeat!.max, ...(s.repeat!.min ? { minItems: s.repeat!.min } : {}) };
}

/**
 * The JSON Schema of a form's answers: what the API publishes and ajv
 * validates. Required questions behind a condition become `if … then required`,
 * so the schema alone tells a client what must be answered. A repeating section
 * with a minimum is required as a whole.
 */
export function toJsonSchema(def: FormDefinition): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const conditional = new Map<string, { when: Condition[]; required: string[] }>();
  const requireWhen = (conditions: Array<Condition | undefined>, key: string) => {
    const when = conditions.filter((c) => c !== undefined);
    if (when.length === 0) return required.push(key);
    const k = JSON.stringify(when);
    const entry = conditional.get(k) ?? { when, required: [] };
    entry.required.push(key);
    conditional.set(k, entry);
  };
  for (const s of def.sections) {
    if (s.repeat) {
      properties[s.id] = groupSchema(s);
      if (s.repeat.min > 0) requireWhen([s.when], s.id);
      continue;
    }
    for (const q of s.questions) {
      properties[q.id] = questionSchema(q);
      if (q.required) requireWhen([s.when, q.when], q.id);
    }
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: def.title,
    type: 'object',
    additionalProperties: false,
    properties,
    required,
    ...(conditional.size
      ? { allOf: [...conditional.values()].map((c) => ({ if: { allOf: c.when.map(conditionSchema) }, then: { required: c.required } })) }
      : {}),
  };
}
