import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import type { SessionStore } from '../accounts/sessions.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { upsertCitizen } from './citizens.repository.ts';
import type { VerifiedIdentity } from './oidc-client.ts';

/**
 * A citizen whose identity the provider has just vouched for: creates or refreshes them from the
 * ID token claims, records 'citizen_sign_in' in the audit log (never the ID number) and opens a
 * new session, all in one transaction. Returns the session token for the cookie.
 */
export async function signInCitizen(
  pool: pg.Pool,
  sessions: SessionStore,
  identity: VerifiedIdentity,
  ip: string,
): Promise<{ citizenId: number; token: string }> {
  return transaction(pool, async (db) => {
    const citizen = await upsertCitizen(db, {
      subject: `${identity.issuer}|${identity.sub}`,
      idNumber: identity.idNumber,
      fullName: identity.name,
      assuranceLevel: identity.acr,
    });
    const token = await sessions.start({ kind: 'citizen', citizenId: citizen.id, secondFactorDone: true, ip }, db);
    await appendAudit(db, {
      actor: { kind: 'citizen', id: citizen.id, name: citizen.fullName ?? 'Công dân' },
      action: 'citizen_sign_in',
      subjectType: 'citizen',
      subjectId: citizen.id,
      detail: { issuer: identity.issuer, assurance: identity.acr, firstSignIn: citizen.created },
      ip,
    });
    return { citizenId: citizen.id, token };
  });
}
