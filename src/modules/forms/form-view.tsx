import type { FieldProblem } from '../../errors.ts';
import { fieldName, toField, type Answers, type AnswerValue } from './answers.ts';
import type { Condition, FormDefinition, Question, Section } from './form-definition.ts';

/**
 * The questions of an e-form as accessible HTML, GOV.UK style: a fieldset per
 * section, a label and hint per question, the error next to the field (the page
 * puts the summary on top), choices as fieldsets of radios or checkboxes. It
 * works without JavaScript: conditional questions are shown with the answer
 * they depend on, and a repeating group grows and shrinks with buttons that
 * post the page back (`intent=add:<section>` / `remove:<section>:<index>`),
 * losing nothing typed.
 */
export function FormFields(v: { definition: FormDefinition; answers: Answers; problems: FieldProblem[] }) {
  const labels = labelsOf(v.definition);
  return (
    <>
      {v.definition.sections.map((s) =>
        s.repeat ? (
          <RepeatingSection key={s.id} s={s} answers={v.answers} problems={v.problems} labels={labels} />
        ) : (
          <fieldset key={s.id} class="form-section" id={`section-${s.id}`}>
            <legend class="label">{s.title}</legend>
            <SectionLead s={s} labels={labels} />
            {s.questions.map((q) => (
              <QuestionField
                key={q.id}
                q={q}
                name={fieldName(q.id)}
                value={v.answers[q.id] as AnswerValue}
                problems={v.problems}
                labels={labels}
              />
            ))}
          </fieldset>
        ),
      )}
    </>
  );
}

type Labels = Map<string, Question>;
function labelsOf(def: FormDefinition): Labels {
  return new Map(def.sections.flatMap((s) => (s.repeat ? [] : s.questions.map((q) => [q.id, q] as const))));
}

/** "Chỉ trả lời nếu «Khai thông tin người cha?» là «Có»." */
function conditionText(when: Condition, labels: Labels): string {
  const q = labels.get(when.question);
  const chosen = [when.equals].flat().map((v) => `«${q?.options?.find((o) => o.value === v)?.label ?? v}»`);
  return `Chỉ trả lời nếu «${q?.label ?? when.question}» là ${chosen.join(' hoặc ')}.`;
}

function SectionLead({ s, labels }: { s: Section; labels: Labels }) {
  return (
    <>
      {s.when && <div class="hint conditional-note">{conditionText(s.when, labels)}</div>}
      {s.hint && <div class="hint">{s.hint}</div>}
    </>
  );
}

function RepeatingSection(v: { s: Section; answers: Answers; problems: FieldProblem[]; labels: Labels }) {
  const { s } = v;
  const r = s.repeat!;
  const items = (Array.isArray(v.answers[s.id]) ? v.answers[s.id] : []) as Array<Record<string, AnswerValue>>;
  const count = Math.min(r.max, Math.max(items.length, r.min, 1));
  const groupError = v.problems.find((p) => p.field === `f.${s.id}`)?.message;
  return (
    <fieldset class={groupError ? 'form-section form-group-error' : 'form-section'} id={`f.${s.id}`}>
      <legend class="label">{s.title}</legend>
      <SectionLead s={s} labels={v.labels} />
      {groupError && <span class="error-message">{groupError}</span>}
      {Array.from({ length: count }, (_, i) => (
        <fieldset key={i} class="repeat-item">
          <legend>
            {r.itemLabel.charAt(0).toUpperCase() + r.itemLabel.slice(1)} thứ {i + 1}
          </legend>
          {s.questions.map((q) => (
            <QuestionField
              key={q.id}
              q={q}
              name={fieldName(q.id, { sectionId: s.id, index: i })}
              value={items[i]?.[q.id]}
              problems={v.problems}
              labels={v.labels}
            />
          ))}
          {count > r.min && (
            <button class="button button-secondary" type="submit" name="intent" value={`remove:${s.id}:${i}`} formnovalidate>
              Bỏ {r.itemLabel} thứ {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      {count < r.max && (
        <button class="button button-secondary" type="submit" name="intent" value={`add:${s.id}`} formnovalidate>
          Thêm {r.itemLabel}
        </button>
      )}
    </fieldset>
  );
}

function QuestionField(v: { q: Question; name: string; value: AnswerValue | undefined; problems: FieldProblem[]; labels: Labels }) {
  const { q, name } = v;
  const error = v.problems.find((p) => p.field === name)?.message;
  const values = toField(q, v.value);
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const describedBy = [(q.hint || q.when) && hintId, error && errorId].filter(Boolean).join(' ') || undefined;
  const hint = (q.hint || q.when) && (
    <div class="hint" id={hintId}>
      {q.when && <span class="conditional-note">{conditionText(q.when, v.labels)} </span>}
      {q.hint}
    </div>
  );
  const errorLine = error && (
    <span class="error-message" id={errorId}>
      <span class="visually-hidden">Lỗi: </span>
      {error}
    </span>
  );
  const groupClass = `${error ? 'form-group form-group-error' : 'form-group'}${q.when ? ' conditional' : ''}`;
  if (q.type === 'radio' || q.type === 'checkboxes') {
    const type = q.type === 'radio' ? 'radio' : 'checkbox';
    return (
      <div class={groupClass}>
        <fieldset id={name} aria-describedby={describedBy}>
          <legend class="label">{q.label}</legend>
          {hint}
          {errorLine}
          {q.options!.map((o, i) => (
            <div key={o.value} class="choice">
              <input type={type} id={`${name}-${i}`} name={name} value={o.value} checked={values.includes(o.value)} />
              <label for={`${name}-${i}`}>{o.label}</label>
            </div>
          ))}
        </fieldset>
      </div>
    );
  }
  const common = { id: name, name, 'aria-describedby': describedBy, class: error ? 'input-error' : undefined };
  const value = values[0] ?? '';
  const control =
    q.type === 'textarea' ? (
      <textarea {...common} rows={4}>
        {value}
      </textarea>
    ) : q.type === 'select' ? (
      <select {...common}>
        <option value="">Chọn</option>
        {q.options!.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    ) : (
      <input {...common} {...inputKind(q)} value={value} />
    );
  return (
    <div class={groupClass}>
      <label for={name}>{q.label}</label>
      {hint}
      {errorLine}
      {control}
    </div>
  );
}

/** The input's type and keyboard for a question (numbers and ID numbers open the digit keyboard on phones). */
function inputKind(q: Question): Record<string, string> {
  switch (q.type) {
    case 'number':
      return { type: 'text', inputmode: 'decimal' };
    case 'idNumber':
      return { type: 'text', inputmode: 'numeric', maxlength: '12', autocomplete: 'off', spellcheck: 'false' };
    case 'date':
      return { type: 'text', inputmode: 'numeric', autocomplete: 'off' };
    case 'phone':
      return { type: 'tel', autocomplete: 'tel' };
    case 'email':
      return { type: 'email', autocomplete: 'email', spellcheck: 'false' };
    default:
      return { type: 'text' };
  }
}
