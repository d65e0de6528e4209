import type { Db } from '../../db/pool.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { fold, isRealDate } from '../../lib/vietnamese.ts';
import type { AuditActor } from './append-audit.ts';
import { searchEntries, type AuditSearch } from './audit.repository.ts';
import { maskIdNumber, maskIdNumbers } from './mask.ts';

export const auditPageSize = 50;

export interface AuditFilters {
  /** Vietnam calendar dates 'YYYY-MM-DD', both inclusive. */
  from?: string | null;
  to?: string | null;
  /** A part of the actor's name (diacritics optional), of the person whose role was lent, or of a staff username. */
  actor?: string | null;
  action?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  /** The agencies the reader may see; null: all, including entries of no agency (province administrators). */
  agencyIds: number[] | null;
}

export interface AuditListItem {
  id: number;
  at: Date;
  actor: AuditActor;
  action: string;
  subjectType: string | null;
  /** Personal ID numbers masked. */
  subjectId: string | null;
  agencyId: number | null;
  /** Personal ID numbers masked in every string. */
  detail: Record<string, unknown>;
  ip: string | null;
}

export interface AuditPage {
  rows: AuditListItem[];
  total: number;
  page: number;
  pageCount: number;
}

/**
 * One page (50 entries, newest first) of the audit log for the admin page, within the agencies the
 * reader may see. Refuses impossible dates, every problem at once, in Vietnamese.
 */
export async function listAuditEntries(db: Db, filters: AuditFilters, page = 1): Promise<AuditPage> {
  const search = auditSearch(filters);
  const current = Number.isInteger(page) && page >= 1 ? page : 1;
  const { rows, total } = await searchEntries(db, search, auditPageSize, (current - 1) * auditPageSize);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: {
        kind: r.actorKind,
        id: r.actorId,
        name: r.actorName,
        onBehalfOf: r.onBehalfOfId === null ? null : { id: r.onBehalfOfId, name: r.onBehalfOfName ?? '' },
      },
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId === null ? null : maskIdNumber(r.subjectId),
      agencyId: r.agencyId,
      detail: maskIdNumbers(r.detail),
      ip: r.ip,
    })),
    total,
    page: current,
    pageCount: Math.max(1, Math.ceil(total / auditPageSize)),
  };
}

/** Pure: the filters as the repository's search, dates turned into instants of Vietnam's day (UTC+7, no summer time). */
export function auditSearch(filters: AuditFilters): AuditSearch {
  const problems: FieldProblem[] = [];
  const from = blankToNull(filters.from);
  const to = blankToNull(filters.to);
  if (from && !isRealDate(from)) problems.push({ field: 'from', message: 'Từ ngày không phải là một ngày có thật.' });
  if (to && !isRealDate(to)) problems.push({ field: 'to', message: 'Đến ngày không phải là một ngày có thật.' });
  if (!problems.length && from && to && from > to) problems.push({ field: 'to', message: 'Đến ngày phải sau hoặc bằng từ ngày.' });
  if (problems.length) throw new AppError('validation_failed', 'audit filters rejected', { problems });
  const actor = blankToNull(filters.actor);
  return {
    atFrom: from ? `${from}T00:00:00+07:00` : null,
    atBefore: to && to < '9999-12-31' ? `${nextDay(to)}T00:00:00+07:00` : null,
    actorFolded: actor ? fold(actor) : null,
    action: blankToNull(filters.action),
    subjectType: blankToNull(filters.subjectType),
    subjectId: blankToNull(filters.subjectId),
    agencyIds: filters.agencyIds,
  };
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}
