import { formatDate } from '../../lib/vietnamese.ts';
import type { Answers, AnswerValue } from './answers.ts';
import type { FormDefinition, Question } from './form-definition.ts';

/**
 * A given answer as a person reads it: the option's label, a date as dd/mm/yyyy, a number in
 * Vietnamese ("1.500.000"), except one whose question keeps it under five digits (a year, a count):
 * as typed, since "1.990" is no year.
 */
function shown(q: Question, value: AnswerValue): string {
  const label = (v: string) => q.options?.find((o) => o.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (q.type === 'date' && typeof value === 'string') return formatDate(value);
  if (typeof value === 'number') return q.max !== undefined && q.max < 10_000 ? String(value) : value.toLocaleString('vi-VN');
  return q.options ? label(value) : value;
}

/** The answers of a dossier's e-form, section by section, in the form's order and words (for staff). */
export function AnswersSummary({ definition, answers }: { definition: FormDefinition; answers: Answers }) {
  const rows = (qs: Question[], from: Record<string, unknown>) =>
    qs.filter((q) => from[q.id] !== undefined).map((q) => [q.label, shown(q, from[q.id] as AnswerValue)] as const);
  return (
    <>
      {definition.sections.map((s) => {
        const items = s.repeat ? ((answers[s.id] as Array<Record<string, AnswerValue>> | undefined) ?? []) : [answers];
        const blocks = items.map((item) => rows(s.questions, item)).filter((r) => r.length > 0);
        if (blocks.length === 0) return null;
        return (
          <section key={s.id}>
            <h3>{s.title}</h3>
            {blocks.map((block, i) => (
              <div key={i}>
                {s.repeat && <p class="caption">{`${s.repeat.itemLabel} thứ ${i + 1}`}</p>}
                <dl class="summary">
                  {block.map(([label, value]) => (
                    <div key={label}>
                      <dt>{label}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              </div>
            ))}
          </section>
        );
      })}
    </>
  );
}
