import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { mustAuthorize } from '../accounts/policy.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { agencyPolicy } from './agencies.policy.ts';
import type { AgencyIndex } from './agency-index.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { agencyInputSchema, type AgencyInput } from './agency.schema.ts';
import * as repo from './agencies.repository.ts';
import { saveAgency } from './save-agency.ts';

export interface ImportSummary {
  added: number;
  changed: number;
  unchanged: number;
}

/**
 * Imports a whole list of agencies and units (the export format): each row is
 * matched by code, or a unit without code by its parent and name, then added
 * or changed. All or nothing: one bad row refuses the file, and every problem
 * of every row is reported together, so the file can be fixed in one pass.
 * Runs inside the caller's transaction.
 */
export async function importAgencies(db: pg.PoolClient, rows: unknown): Promise<ImportSummary> {
  if (!Array.isArray(rows)) {
    throw new AppError('validation_failed', 'agency import is not an array', {
      userMessage: 'Tệp nhập phải là một danh sách (mảng JSON) các cơ quan, đơn vị.',
    });
  }
  const problems: FieldProblem[] = [];
  const parsed: Array<{ line: number; input: AgencyInput }> = [];
  rows.forEach((row, i) => {
    const result = agencyInputSchema.safeParse(row);
    if (result.success) parsed.push({ line: i + 1, input: result.data });
    else
      problems.push({
        field: `row-${i + 1}`,
        message: `Mục ${i + 1}: thiếu hoặc sai ${result.error.issues.map((x) => x.path.join('.')).join(', ')}.`,
      });
  });
  if (problems.length) throw new AppError('validation_failed', 'agency import: malformed rows', { problems });

  const summary: ImportSummary = { added: 0, changed: 0, unchanged: 0 };
  // Parents and successors first: a row waits until the rows naming its parent and successor codes are in.
  let pending = parsed;
  while (pending.length) {
    const waiting: typeof pending = [];
    for (const item of pending) {
      const inFile = (code: string) => pending.some((p) => p !== item && p.input.code?.toUpperCase() === code.toUpperCase());
      const parent = item.input.parentCode ? await repo.findAgencyByCode(db, item.input.parentCode) : undefined;
      let waits = !!item.input.parentCode && !parent && inFile(item.input.parentCode);
      for (const successor of item.input.successorCodes) {
        if (!waits && inFile(successor) && !(await repo.findAgencyByCode(db, successor))) waits = true;
      }
      if (waits) {
        waiting.push(item);
        continue;
      }
      await importRow(db, item, parent, summary, problems);
    }
    if (waiting.length === pending.length) {
      for (const item of waiting)
        problems.push({
          field: `row-${item.line}`,
          message: `Mục ${item.line} (${item.input.name}): cơ quan cấp trên hoặc cơ quan kế thừa tạo thành vòng lặp.`,
        });
      break;
    }
    pending = waiting;
  }
  if (problems.length) throw new AppError('validation_failed', 'agency import: rows rejected', { problems });
  return summary;
}

async function importRow(
  db: pg.PoolClient,
  { line, input }: { line: number; input: AgencyInput },
  parent: repo.AgencyWithParent | undefined,
  summary: ImportSummary,
  problems: FieldProblem[],
): Promise<void> {
  const label = `Mục ${line} (${input.name})`;
  if (input.parentCode && !parent) {
    problems.push({ field: `row-${line}`, message: `${label}: không có cơ quan cấp trên mã ${input.parentCode}.` });
    return;
  }
  const existing = input.code ? await repo.findAgencyByCode(db, input.code) : parent && (await repo.findUnit(db, parent.id, input.name));
  if (existing && sameContent(existing, input)) {
    summary.unchanged++;
    return;
  }
  // A savepoint keeps the transaction usable after one row fails, so the next rows are still checked.
  await db.query('SAVEPOINT agency_row');
  try {
    await saveAgency(db, existing?.id ?? null, null, { ...input, parentId: parent?.id ?? null });
    await db.query('RELEASE SAVEPOINT agency_row');
    if (existing) summary.changed++;
    else summary.added++;
  } catch (err) {
    await db.query('ROLLBACK TO SAVEPOINT agency_row');
    if (!(err instanceof AppError)) throw err;
    const reasons = err.problems.length ? err.problems.map((p) => p.message).join(' ') : err.userMessage;
    problems.push({ field: `row-${line}`, message: `${label}: ${reasons}` });
  }
}

function sameContent(existing: repo.AgencyWithParent, input: AgencyInput): boolean {
  const a = repo.inputOf(existing);
  const upper = (v: string | null) => v?.toUpperCase() ?? null;
  return (
    upper(a.code) === upper(input.code) &&
    upper(a.parentCode) === upper(input.parentCode) &&
    (['name', 'kind', 'address', 'phone', 'email', 'validTo'] as const).every((k) => a[k] === input[k]) &&
    (input.validFrom === undefined || input.validFrom === a.validFrom) &&
    a.successorCodes.join() ===
      input.successorCodes
        .map((c) => c.toUpperCase())
        .sort()
        .join()
  );
}

/** The whole tree in the import format, parents before children, so that an export imports back as is. */
export async function exportAgencies(pool: pg.Pool): Promise<AgencyInput[]> {
  const all = await repo.listAgencies(pool);
  const byParent = new Map<number | null, repo.AgencyWithParent[]>();
  for (const a of all) byParent.set(a.parentId, [...(byParent.get(a.parentId) ?? []), a]);
  const out: AgencyInput[] = [];
  const walk = (parentId: number | null) => {
    for (const a of byParent.get(parentId) ?? []) {
      out.push(repo.inputOf(a));
      walk(a.id);
    }
  };
  walk(null);
  return out;
}

/** An import by a person: allowed by the policy, written and audited in one transaction. */
export async function importAgenciesAs(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  rows: unknown,
  ip: string,
): Promise<ImportSummary> {
  const grant = mustAuthorize(actor, agencyPolicy, 'import', { agencyId: null }, index);
  return transaction(pool, async (db) => {
    const summary = await importAgencies(db, rows);
    await appendAudit(db, {
      actor: auditActorOf(actor, grant),
      action: 'agencies_imported',
      subjectType: 'agency',
      detail: { ...summary },
      ip,
    });
    return summary;
  });
}
