import type { Role } from './roles.ts';

/**
 * Who is making a request. Built once per request from the session; every
 * policy decision and every audit entry starts from it.
 */
export interface RoleGrant {
  role: Role;
  /** The agency or unit the role is held in. */
  agencyId: number;
  /** Set when the role is lent: the leader who lent it (shown in every action taken with it). */
  delegatedBy: { id: number; name: string; delegationId: number } | null;
}

export interface StaffActor {
  kind: 'staff';
  staffId: number;
  username: string;
  fullName: string;
  /** The agency that employs the person. */
  agencyId: number | null;
  roles: RoleGrant[];
  hasSecondFactor: boolean;
  mustChangePassword: boolean;
}

export interface CitizenActor {
  kind: 'citizen';
  citizenId: number;
  fullName: string;
  /** Personal ID number (12 digits) from the identity provider. */
  idNumber: string;
  /** Assurance level of the sign-in (acr), e.g. VNeID level 2. */
  assurance: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
}

export type Actor = StaffActor | CitizenActor | AnonymousActor;

export const anonymous: AnonymousActor = { kind: 'anonymous' };
