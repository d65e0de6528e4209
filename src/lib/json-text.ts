import type { z } from 'zod';
import type { FieldProblem } from '../errors.ts';

/**
 * Reads the JSON text an admin typed (an e-form, a process) against its zod
 * schema: the value, or every problem in Vietnamese, each on `field` — broken
 * JSON with its line and column, wrong shapes named by where they are.
 */
export function readJsonText<T>(text: string, schema: z.ZodType<T>, field: string): { value: T } | { problems: FieldProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problems: [{ field, message: `Nội dung không phải JSON hợp lệ${whereInText(text, (err as Error).message)}.` }] };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data };
  return {
    problems: parsed.error.issues.map((i) => ({ field, message: `Tại ${i.path.join('.') || 'gốc'}: ${vietnameseIssue(i)}` })),
  };
}

function vietnameseIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'thiếu mục bắt buộc.' : `sai kiểu dữ liệu (cần ${issue.expected}).`;
    case 'invalid_value':
      return `giá trị không được phép; dùng một trong: ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `mục không được hỗ trợ: ${issue.keys.join(', ')}.`;
    case 'too_small':
      return `quá ngắn hoặc quá ít (tối thiểu ${String(issue.minimum)}).`;
    case 'too_big':
      return `quá dài hoặc quá nhiều (tối đa ${String(issue.maximum)}).`;
    default:
      return issue.message;
  }
}

/** " (dòng 3, cột 14)" for the position a JSON parser names in its message, or nothing. */
function whereInText(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  const at = m ? Number(m[1]) : /end of JSON input/.test(message) ? text.length : -1;
  if (at < 0) return '';
  const before = text.slice(0, at).split('\n');
  return ` (dòng ${before.length}, cột ${before[before.length - 1]!.length + 1})`;
}
