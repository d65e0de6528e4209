import type pg from 'pg';
import { groupCommitOf, type GroupCommit, type Outcome } from '../../db/group-commit.ts';
import { vietnamDate } from '../../lib/vietnamese.ts';
import { prepareAudits, type AuditActor } from '../audit/append-audit.ts';
import { dossierCodePrefix } from './dossier-code.ts';
import * as repo from './dossiers.repository.ts';

export interface Recorded {
  code: string;
  dossierId: number;
}

/** A new dossier with its first log entry, as any channel records it. */
export interface DossierJob {
  dossier: Omit<repo.NewDossier, 'code'> & { agencyCode: string };
  first: { action: string; by: AuditActor; comment?: string; detail?: Record<string, unknown>; ip: string };
  /** The moment of the act: its Vietnam date is the date in the code. */
  at: Date;
  /** An online submission: its key, recorded with the code (a repeat finds the first dossier); the citizen's draft it replaces is dropped. */
  submission?: { key: string; citizenId: number; requestHash: string | null };
}

/**
 * Records a new dossier: row, first log entry, code, audit entry (and an
 * online submission's key) commit together or not at all, and the promise
 * settles only after the commit. The day's numbers of an agency must be
 * gapless, so their counter row is locked until commit, and the audit chain's
 * head too: every reception in the province waits for the one before. So that
 * wait stays short, receptions arriving while a batch is in flight are written
 * together in the next one (group commit), and a batch is one statement
 * (dossiers.repository.ts `recordDossiers`): the locks are held for the
 * database's own work and the commit, never across a round trip. If a batch
 * fails, each of its dossiers is tried alone, so one bad dossier never fails
 * another.
 */
export function recordDossier(pool: pg.Pool, job: DossierJob): Promise<Recorded> {
  // One batch at a time: receptions at one agency all wait for its day's counter row, so a second
  // batch in flight would only wait for the first's commit, and would halve the batches (measured in
  // bench/07 run alone: 1,100–1,250 dossiers/s with two in flight, 1,300–1,600 with one).
  return groupCommitOf(writers, pool, writeBatch, 1).add(job);
}

const writers = new WeakMap<pg.Pool, GroupCommit<DossierJob, Recorded>>();

async function writeBatch(pool: pg.Pool, jobs: DossierJob[]): Promise<Array<Outcome<Recorded>>> {
  const audits = prepareAudits(
    jobs.map((j) => ({
      actor: j.first.by,
      action: `dossier_${j.first.action}`,
      subjectType: 'dossier',
      agencyId: j.dossier.receivingAgencyId,
      detail: { procedure: j.dossier.procedureCode },
      ip: j.first.ip,
    })),
  );
  const recorded = await repo.recordDossiers(
    pool,
    jobs.map((j, i) => {
      const { agencyCode, ...row } = j.dossier;
      const day = vietnamDate(j.at);
      return {
        row,
        codePrefix: dossierCodePrefix(agencyCode, day),
        day,
        first: {
          actor: { kind: j.first.by.kind, id: j.first.by.id, name: j.first.by.name, onBehalfOfId: j.first.by.onBehalfOf?.id ?? null },
          agencyId: j.dossier.receivingAgencyId,
          action: j.first.action,
          fromStatus: null,
          toStatus: j.dossier.status,
          comment: j.first.comment ?? '',
          detail: j.first.detail ?? {},
        },
        audit: audits[i]!,
        submission: j.submission,
      };
    }),
  );
  return recorded.map((r) => ({ ok: true as const, value: { code: r.code, dossierId: r.id } }));
}
