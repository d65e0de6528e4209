import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { communeIdsInForce, findAgencyByCode, findUnit, listAgencies } from '../agencies/agencies.repository.ts';
import { importAgencies } from '../agencies/import-agencies.ts';
import { grantRole, insertStaff } from '../accounts/staff.repository.ts';
import { importProcedures } from '../catalog/import-procedures.ts';
import { insertFormVersion } from '../forms/forms.repository.ts';
import { insertProcessVersion } from '../processes/processes.repository.ts';
import { birthRegistrationForm } from './demo-forms.ts';
import { legalConsultantCardCode, legalConsultantCardProcess } from './demo-processes.ts';
import { demoAccounts, demoAgencies, demoCatalogue, demoPassword, type DemoAccount } from './demo-province.ts';

export const shippedCatalogue = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../catalog-data/national');

/**
 * Creates the demo province on an empty database (no agency yet) and returns
 * the accounts to print; returns null when the province already exists, so a
 * restart never touches real or edited data. The catalogue import is
 * idempotent, so a first start interrupted half-way completes on the next.
 */
export async function seedDemo(pool: pg.Pool, log: (msg: string) => void): Promise<DemoAccount[] | null> {
  const existing = await listAgencies(pool);
  if (existing.length === 0) {
    log('Creating the demo province (Tỉnh An Hòa)');
    const passwordHash = await hash(demoPassword);
    // Agencies and accounts together: a first start cut short leaves nothing half-made.
    await transaction(pool, async (db) => {
      await importAgencies(db, demoAgencies);
      for (const account of demoAccounts) {
        const agency = await findAgencyByCode(db, account.agencyCode);
        const holder = agency && account.unitName ? await findUnit(db, agency.id, account.unitName) : agency;
        if (!holder) throw new Error(`demo account ${account.username}: no agency ${account.agencyCode}`);
        const id = await insertStaff(db, {
          username: account.username,
          fullName: account.fullName,
          email: '',
          passwordHash,
          agencyId: agency!.id,
        });
        await grantRole(db, id, account.role, holder.id);
      }
    });
  } else if (!(await catalogueIncomplete(pool))) {
    return null;
  }
  const communes = await communeIdsInForce(pool);
  for (const { folder, agencyCode } of demoCatalogue) {
    const agency = await findAgencyByCode(pool, agencyCode);
    if (!agency) continue;
    const report = await importProcedures(pool, path.join(shippedCatalogue, folder), {
      provinceAgencyIds: [agency.id],
      communeAgencyIds: communes,
    });
    log(`Demo catalogue ${folder}: ${report.totals.imported} imported, ${report.totals.rejected} rejected`);
  }
  // The e-form of birth registration, once (a later start never replaces an admin's edits).
  await insertFormVersion(pool, '1.001193', 0, birthRegistrationForm, null);
  // The province's default process of one procedure, the same way (demo-processes.ts says why this one).
  await insertProcessVersion(pool, legalConsultantCardCode, null, 0, legalConsultantCardProcess, null);
  return existing.length === 0 ? demoAccounts : null;
}

async function catalogueIncomplete(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM procedures');
  return rows[0]!.n === 0;
}
