import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoleGrant, StaffActor } from '../accounts/actor.ts';
import { authorize } from '../accounts/policy.ts';
import { roles, type Role } from '../accounts/roles.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { registerPolicy } from './register.policy.ts';

// 1 People's Committee ─ 2 department (─ 3 its unit) ─ 4 another department; 5 commune below the committee.
const parents = new Map<number, number | null>([
  [1, null],
  [2, 1],
  [3, 2],
  [4, 1],
  [5, 1],
]);
const index: AgencyIndex = {
  pathOf(id) {
    const path: number[] = [];
    for (let cur: number | null | undefined = id; cur != null; cur = parents.get(cur)) path.unshift(cur);
    return path;
  },
  homeOf: (id) => (id === 3 ? 2 : id),
  subtreeOf: () => [],
  nameOf: String,
  kindOf: () => undefined,
  codeOf: () => null,
  idOfCode: () => undefined,
  withCodes: () => [],
  has: (id) => parents.has(id),
};
const actor = (role: Role, agencyId: number): StaffActor => ({
  kind: 'staff',
  staffId: 1,
  username: 'x',
  fullName: 'X',
  agencyId,
  roles: [{ role, agencyId, delegatedBy: null } satisfies RoleGrant],
  hasSecondFactor: true,
  mustChangePassword: false,
});

test('the register of an agency: its desk and unit heads, leaders of it or above it, inspectors anywhere; nobody else', () => {
  // For each role, which registers (agency ids 1, 2, 4, 5) a role held in agency 2 (or its unit 3) may read.
  const expected: Record<Role, { at2: number[]; at3: number[]; at1: number[] }> = {
    desk_officer: { at2: [2], at3: [2], at1: [1] },
    specialist: { at2: [], at3: [], at1: [] },
    unit_head: { at2: [2], at3: [2], at1: [1] },
    agency_leader: { at2: [2], at3: [2], at1: [1, 2, 4, 5] },
    clerk: { at2: [], at3: [], at1: [] },
    agency_admin: { at2: [], at3: [], at1: [] },
    province_admin: { at2: [], at3: [], at1: [] },
    inspector: { at2: [1, 2, 4, 5], at3: [1, 2, 4, 5], at1: [1, 2, 4, 5] },
  };
  for (const role of roles)
    for (const [where, held] of [
      ['at2', 2],
      ['at3', 3],
      ['at1', 1],
    ] as const) {
      const may = [1, 2, 4, 5].filter((agencyId) => authorize(actor(role, held), registerPolicy, 'view', { agencyId }, index) !== null);
      assert.deepEqual(may, expected[role][where], `${role} held at ${held}`);
    }
});

test('citizens and anonymous visitors never read a register', () => {
  assert.equal(authorize({ kind: 'anonymous' }, registerPolicy, 'view', { agencyId: 2 }, index), null);
  const citizen = { kind: 'citizen' as const, citizenId: 1, fullName: 'A', idNumber: '001234567890', assurance: '2' };
  assert.equal(authorize(citizen, registerPolicy, 'view', { agencyId: 2 }, index), null);
});
