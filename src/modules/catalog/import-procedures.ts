import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { bumpPublicRevision } from '../../web/public-revision.ts';
import * as repo from './catalog.repository.ts';
import { parseRecord, type UnparsedField } from './parse-record.ts';
import type { Procedure } from './procedure.schema.ts';

/**
 * Imports national-portal procedure records from a folder (searched
 * recursively for *.json). Idempotent: a record whose content is unchanged is
 * left alone; a changed one becomes a new version, and older versions are kept.
 * Every file gets a line in the report: imported, updated, unchanged, or
 * rejected with the reason, plus every field the parser could not read.
 * One bad file never stops the others.
 */
export type Outcome = 'imported' | 'updated' | 'unchanged' | 'rejected';

export interface ReportLine {
  file: string;
  code: string | null;
  outcome: Outcome;
  version?: number;
  reason?: string;
  unparsed: UnparsedField[];
}

export interface ImportReport {
  source: string;
  startedAt: string;
  totals: Record<Outcome, number> & { withUnparsedFields: number };
  records: ReportLine[];
}

export interface ImportOptions {
  /** Agencies that perform the province-level procedures of this import. */
  provinceAgencyIds?: number[];
  /** Agencies that perform the commune-level ones (usually every commune). */
  communeAgencyIds?: number[];
  onProgress?: (done: number, total: number) => void;
}

export function listRecordFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) out.push(full);
    }
  };
  walk(folder);
  return out;
}

/** A stable hash of a procedure's content: the same record always hashes the same. */
export function contentHash(procedure: Procedure): string {
  return createHash('sha256').update(JSON.stringify(procedure)).digest('hex');
}

export async function importProcedures(pool: pg.Pool, folder: string, options: ImportOptions = {}): Promise<ImportReport> {
  const files = listRecordFiles(folder);
  const report: ImportReport = {
    source: path.resolve(folder),
    startedAt: new Date().toISOString(),
    totals: { imported: 0, updated: 0, unchanged: 0, rejected: 0, withUnparsedFields: 0 },
    records: [],
  };
  const batchSize = 50;
  for (let start = 0; start < files.length; start += batchSize) {
    const batch = files.slice(start, start + batchSize);
    const lines = await transaction(pool, async (db) => {
      const done: ReportLine[] = [];
      for (const file of batch) done.push(await importFile(db, file, folder, options));
      if (done.some((l) => l.outcome === 'imported' || l.outcome === 'updated')) await bumpPublicRevision(db);
      return done;
    });
    for (const line of lines) {
      report.records.push(line);
      report.totals[line.outcome]++;
      if (line.unparsed.length) report.totals.withUnparsedFields++;
    }
    options.onProgress?.(Math.min(start + batchSize, files.length), files.length);
  }
  return report;
}

async function importFile(db: pg.PoolClient, file: string, folder: string, options: ImportOptions): Promise<ReportLine> {
  const name = path.relative(folder, file);
  let record: unknown;
  try {
    record = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return { file: name, code: null, outcome: 'rejected', reason: `not valid JSON: ${(err as Error).message}`, unparsed: [] };
  }
  const parsed = parseRecord(record);
  if (!parsed.ok) return { file: name, code: parsed.code, outcome: 'rejected', reason: parsed.reason, unparsed: [] };
  const { procedure, unparsed } = parsed;
  const hash = contentHash(procedure);
  const current = await repo.currentVersion(db, procedure.code);
  const agencies = [
    ...(procedure.levels.includes('province') ? (options.provinceAgencyIds ?? []) : []),
    ...(procedure.levels.includes('commune') ? (options.communeAgencyIds ?? []) : []),
  ];
  if (current?.contentHash === hash) {
    await repo.linkAgencies(db, procedure.code, agencies);
    return { file: name, code: procedure.code, outcome: 'unchanged', version: current.version, unparsed };
  }
  const version = (current?.version ?? 0) + 1;
  await repo.saveVersion(db, procedure, version, hash, name);
  await repo.linkAgencies(db, procedure.code, agencies);
  return { file: name, code: procedure.code, outcome: current ? 'updated' : 'imported', version, unparsed };
}
