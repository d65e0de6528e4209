import type pg from 'pg';
import { groupCommitOf, type GroupCommit, type Outcome } from '../../db/group-commit.ts';
import { vietnamDate } from '../../lib/vietnamese.ts';
import { appendAudits, type AuditActor } from '../audit/append-audit.ts';
import { formatDossierCode } from './dossier-code.ts';
import * as repo from './dossiers.repository.ts';

export interface Recorded {
  code: string;
  dossierId: number;
}

/** A new dossier with its first log entry, as any channel records it. */
export interface DossierJob<T> {
  dossier: Omit<repo.NewDossier, 'code'> & { agencyCode: string };
  first: { action: string; by: AuditActor; comment?: string; detail?: Record<string, unknown>; ip: string };
  /** The moment of the act: its Vietnam date is the date in the code. */
  at: Date;
  /** More writes of the same transaction once the code is known (a submission key, a draft to drop). */
  then?: (db: pg.PoolClient, recorded: Recorded) => Promise<T>;
}

/**
 * Records a new dossier: row, first log entry, code and audit entry commit
 * together or not at all, and the promise settles only after the commit. The
 * day's numbers of an agency must be gapless, so their counter row is locked
 * until commit, and the audit chain's head too: every reception in the province
 * waits for the one before. To keep that wait from capping the rate at one
 * commit at a time, receptions arriving while a transaction is in flight are
 * written together in the next one (group commit): one counter update per
 * agency, one audit append, one commit for the batch. If a batch fails, each of
 * its dossiers is tried alone, so one bad dossier never fails another.
 */
export function recordDossier<T = void>(pool: pg.Pool, job: DossierJob<T>): Promise<Recorded & { result: T }> {
  return groupCommitOf(writers, pool, writeBatch).add(job) as Promise<Recorded & { result: T }>;
}

const writers = new WeakMap<pg.Pool, GroupCommit<DossierJob<unknown>, Recorded & { result: unknown }>>();

/** The batch: every dossier, then the day's numbers, then the audit; a failure fails the batch (its dossiers are then tried alone). */
async function writeBatch(db: pg.PoolClient, jobs: Array<DossierJob<unknown>>): Promise<Array<Outcome<Recorded & { result: unknown }>>> {
  const ids = await repo.insertDossiers(
    db,
    jobs.map((j) => {
      const { agencyCode: _code, ...row } = j.dossier;
      return {
        row,
        first: {
          actor: { kind: j.first.by.kind, id: j.first.by.id, name: j.first.by.name, onBehalfOfId: j.first.by.onBehalfOf?.id ?? null },
          agencyId: j.dossier.receivingAgencyId,
          action: j.first.action,
          fromStatus: null,
          toStatus: j.dossier.status,
          comment: j.first.comment ?? '',
          detail: j.first.detail ?? {},
        },
      };
    }),
  );
  // The day's numbers, taken last: each counter row (in a fixed order, so that two processes
  // never wait for each other) is locked only from here to the commit.
  const codes: string[] = new Array(jobs.length);
  const groups = new Map<string, number[]>();
  jobs.forEach((j, i) => {
    const key = `${j.dossier.receivingAgencyId}|${vietnamDate(j.at)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const key of [...groups.keys()].sort()) {
    const members = groups.get(key)!;
    const [agencyId, day] = key.split('|') as [string, string];
    const last = await repo.takeSequences(db, Number(agencyId), day, members.length);
    members.forEach((i, k) => (codes[i] = formatDossierCode(jobs[i]!.dossier.agencyCode, day, last - members.length + 1 + k)));
  }
  await repo.setCodes(db, ids, codes);
  const results: Array<Recorded & { result: unknown }> = [];
  for (const [i, j] of jobs.entries()) {
    const recorded = { code: codes[i]!, dossierId: ids[i]! };
    results.push({ ...recorded, result: j.then ? await j.then(db, recorded) : undefined });
  }
  await appendAudits(
    db,
    jobs.map((j, i) => ({
      actor: j.first.by,
      action: `dossier_${j.first.action}`,
      subjectType: 'dossier',
      subjectId: codes[i]!,
      agencyId: j.dossier.receivingAgencyId,
      detail: { procedure: j.dossier.procedureCode },
      ip: j.first.ip,
    })),
  );
  return results.map((value) => ({ ok: true as const, value }));
}
