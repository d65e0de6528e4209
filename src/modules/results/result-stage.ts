import type { Db } from '../../db/pool.ts';
import type { DossierRow } from '../dossiers/dossiers.repository.ts';
import { replayLog } from '../processes/act-on-dossier.ts';
import { findProcessVersion } from '../processes/processes.repository.ts';
import type { WorkAction } from '../processes/workflow.ts';
import { readDossier, readLog } from '../processes/workflow.repository.ts';
import { stageOf, type ResultStage } from './result-rules.ts';

const notStarted: ResultStage = { stepRole: null, finishedApproved: false, clerkStep: false };

/**
 * Where the dossier stands for its result, from its log replayed against the
 * process version it follows (the stored status is only a cache of that log).
 * A dossier not started on a process is at no step and not finished.
 */
export async function loadResultStage(db: Db, d: DossierRow): Promise<ResultStage> {
  const row = await readDossier(db, d.code);
  if (!row || row.processVersion === null) return notStarted;
  const process = await findProcessVersion(db, row.procedureCode, row.processAgencyId, row.processVersion);
  if (!process) return notStarted;
  const log = await readLog(db, row.id);
  const works = log.flatMap((e) => (e.detail.work ? [e.detail.work as WorkAction] : []));
  return stageOf(process.definition, replayLog(process.definition, log), works.at(-1));
}
