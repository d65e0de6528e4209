import { z } from 'zod';
import { isRealDate } from '../../lib/vietnamese.ts';

export const agencyKinds = ['people_committee', 'department', 'service_centre', 'commune', 'unit', 'other'] as const;
export type AgencyKind = (typeof agencyKinds)[number];

/** Vietnamese names of the kinds, in the order forms list them. */
export const agencyKindLabels: Record<AgencyKind, string> = {
  people_committee: 'Ủy ban nhân dân',
  department: 'Sở, ban, ngành',
  service_centre: 'Trung tâm phục vụ hành chính công',
  commune: 'Ủy ban nhân dân xã, phường',
  unit: 'Phòng, đơn vị trực thuộc',
  other: 'Cơ quan khác',
};

const isoDate = z.string().refine(isRealDate, 'a real date as YYYY-MM-DD');

/**
 * An agency or unit as it is imported, exported and sent by the API. Agencies
 * are named by code; a unit without a code is named by its parent and its name.
 */
export const agencyInputSchema = z.object({
  code: z.string().trim().max(40).nullable().default(null),
  name: z.string().trim().min(1).max(300),
  kind: z.enum(agencyKinds),
  parentCode: z.string().trim().max(40).nullable().default(null),
  address: z.string().trim().max(500).default(''),
  phone: z.string().trim().max(50).default(''),
  email: z.string().trim().max(200).default(''),
  validFrom: isoDate.optional(),
  validTo: isoDate.nullable().default(null),
  /** Codes of the agencies that took over when this one was merged or split. */
  successorCodes: z.array(z.string().trim()).default([]),
});
export type AgencyInput = z.infer<typeof agencyInputSchema>;

export const agencySchema = agencyInputSchema.extend({
  id: z.number().int(),
  validFrom: isoDate,
  inForce: z.boolean(),
  revision: z.number().int(),
});
export type Agency = z.infer<typeof agencySchema>;
