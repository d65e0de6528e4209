import type pg from 'pg';
import { END, type ProcessDefinition } from './process-definition.ts';

/** For tests: working hours as a step's allotment. */
export const hours = (amount: number) => ({ amount, unit: 'working_hours' as const });

/**
 * For tests: the demo department's process as the provincial centre's desk forwards it —
 * appraisal by the civil-status unit's specialist, the director's approval (a refusal goes back
 * to appraisal), the clerk's issuing.
 */
export function departmentProcess(title: string): ProcessDefinition {
  return {
    title,
    steps: [
      {
        id: 'appraise',
        name: 'Thẩm định hồ sơ',
        kind: 'appraise',
        responsible: { agency: '000.01.11.H99', role: 'specialist' },
        allotment: hours(16),
        next: [{ on: 'done', to: 'approve' }],
      },
      {
        id: 'approve',
        name: 'Phê duyệt',
        kind: 'approve',
        responsible: { agency: '000.00.11.H99', role: 'agency_leader' },
        allotment: hours(4),
        next: [
          { on: 'approved', to: 'issue' },
          { on: 'refused', to: 'appraise' },
        ],
      },
      {
        id: 'issue',
        name: 'Phát hành kết quả',
        kind: 'issue',
        responsible: { agency: '000.00.11.H99', role: 'clerk' },
        allotment: hours(4),
        next: [{ on: 'done', to: END }],
      },
    ],
  };
}

/** For tests: stores `def` as version 1 of the procedure's process at the agency with this code; returns the agency's id. */
export async function installProcess(pool: pg.Pool, procedureCode: string, agencyCode: string, def: ProcessDefinition): Promise<number> {
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM agencies WHERE code = $1', [agencyCode]);
  await pool.query('INSERT INTO procedure_processes (procedure_code, agency_id, version, definition) VALUES ($1, $2, 1, $3)', [
    procedureCode,
    rows[0]!.id,
    JSON.stringify(def),
  ]);
  return rows[0]!.id;
}

/** For tests: stores `def` as the next version of the agency's variant, as the admin editor would; dossiers started from now on follow it. */
export async function appendProcessVersion(pool: pg.Pool, procedureCode: string, agencyId: number, def: ProcessDefinition): Promise<void> {
  await pool.query(
    `INSERT INTO procedure_processes (procedure_code, agency_id, version, definition)
     SELECT $1, $2, COALESCE(max(version), 0) + 1, $3 FROM procedure_processes WHERE procedure_code = $1 AND agency_id = $2`,
    [procedureCode, agencyId, JSON.stringify(def)],
  );
}
