import type { PolicyTable } from '../accounts/policy.ts';

/**
 * Who may see, import and revoke signing keys (chứng thư số). Target: the agency the key belongs
 * to (an officer's agency, or the agency whose seal it is). A province admin manages every agency;
 * an agency admin only their own agency (its units included), not the agencies below it: a key is
 * a legal signature, and each agency answers for its own.
 */
export type SigningKeyAction = 'view' | 'import' | 'revoke';

const admins = [
  { role: 'province_admin', scope: 'province' },
  { role: 'agency_admin', scope: 'agency' },
] as const;

export const signingKeyPolicy: PolicyTable<SigningKeyAction> = {
  view: [...admins, { role: 'inspector', scope: 'province' }],
  import: admins,
  revoke: admins,
};
