import { z } from 'zod';

/**
 * The structured procedure (thủ tục hành chính). One zod schema serves the
 * importer's output, the JSON API and the OpenAPI document.
 */
export const channelSchema = z.enum(['counter', 'online', 'post']);
export type Channel = z.infer<typeof channelSchema>;

export const timeUnitSchema = z.enum(['working_days', 'days', 'hours', 'working_hours', 'months', 'years']);
export type TimeUnit = z.infer<typeof timeUnitSchema>;

export const feeSchema = z.object({
  /** Amount in đồng; null when the record gives no number (free, or set by the province). */
  amount: z.number().int().nonnegative().nullable(),
  /** The wording of the record, e.g. "Miễn phí" or "Phí thẩm định: 100.000 đồng/lần". */
  text: z.string(),
});

export const channelTermsSchema = z.object({
  channel: channelSchema,
  /** Null when the record states no time limit ("Không có thông tin"). */
  timeLimit: z.object({ value: z.number().positive(), unit: timeUnitSchema }).nullable(),
  fees: z.array(feeSchema),
  /** Free text the record adds to this channel (conditions, notes). */
  description: z.string(),
});

export const componentSchema = z.object({
  /** Heading the component is listed under ("Giấy tờ phải nộp", a case name...). */
  group: z.string(),
  name: z.string().min(1),
  /** File name of the form template, when the record names one. */
  template: z.string().nullable(),
  originals: z.number().int().nonnegative(),
  copies: z.number().int().nonnegative(),
});

export const legalBasisSchema = z.object({ title: z.string(), number: z.string() });

/** Result-type code, e.g. KQ.G15.000031. */
export const resultSchema = z.object({ name: z.string().min(1), code: z.string().nullable() });

export const levelSchema = z.enum(['ministry', 'province', 'commune', 'other']);
export type Level = z.infer<typeof levelSchema>;

export const onlineLevelSchema = z.enum(['full', 'partial', 'none']);
export type OnlineLevel = z.infer<typeof onlineLevelSchema>;

export const procedureSchema = z.object({
  code: z.string().regex(/^[0-9]+\.[0-9]{6}(\.[0-9A-Z.]+)?$/, 'procedure code like 1.001193'),
  name: z.string().min(1),
  decisionNumber: z.string(),
  levels: z.array(levelSchema),
  type: z.string(),
  field: z.string(),
  subjects: z.array(z.string()),
  competentAgency: z.string(),
  receivingAddress: z.string(),
  delegatedAgency: z.string(),
  coordinatingAgency: z.string(),
  implementingAgency: z.string(),
  relatedProcedures: z.string(),
  steps: z.array(z.string()),
  channels: z.array(channelTermsSchema),
  components: z.array(componentSchema),
  legalBasis: z.array(legalBasisSchema),
  conditions: z.array(z.string()),
  results: z.array(resultSchema),
  onlineLevel: onlineLevelSchema,
  sourceUrl: z.string(),
});
export type Procedure = z.infer<typeof procedureSchema>;
export type ChannelTerms = z.infer<typeof channelTermsSchema>;
export type Component = z.infer<typeof componentSchema>;

/** A component's name without the list mark the record writes before it ("- Tờ khai" → "Tờ khai"). */
export function componentName(name: string): string {
  return name.replace(/^\s*[-+•*]\s*/, '').trim();
}

/**
 * A row of the record's components table that is guidance for the desk (its "Lưu ý" part: who may
 * submit where, how names are chosen...), not a paper to hand in. Only the heading tells them apart:
 * a row without counts may still be a document ("Chứng cứ chứng minh quan hệ cha, con…").
 */
export function isGuidance(c: Pick<Component, 'group'>): boolean {
  return /^lưu ý/i.test(c.group.trim());
}
