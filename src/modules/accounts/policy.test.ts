import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { agencyPolicy } from '../agencies/agencies.policy.ts';
import { calendarPolicy } from '../calendar/calendar.policy.ts';
import { dossierPolicy } from '../dossiers/dossiers.policy.ts';
import { formPolicy } from '../forms/forms.policy.ts';
import { processPolicy } from '../processes/processes.policy.ts';
import { signingKeyPolicy } from '../signing/signing.policy.ts';
import { delegationPolicy, staffPolicy } from './accounts.policy.ts';
import type { RoleGrant, StaffActor } from './actor.ts';
import { authorize, type PolicyTable } from './policy.ts';
import { roles, type Role } from './roles.ts';

// A small province: 1 People's Committee ─ 2 department A ─ 3 unit of A; 4 department B; 5 commune ─ 6 its unit.
const parents = new Map<number, number | null>([
  [1, null],
  [2, 1],
  [3, 2],
  [4, 1],
  [5, 1],
  [6, 5],
]);
const units = new Set([3, 6]);
const index: AgencyIndex = {
  pathOf(id) {
    const path: number[] = [];
    for (let cur: number | null | undefined = id; cur != null; cur = parents.get(cur)) path.unshift(cur);
    return path;
  },
  homeOf(id) {
    return units.has(id) ? parents.get(id)! : id;
  },
  subtreeOf: () => [],
  nameOf: String,
  kindOf: () => undefined,
  codeOf: () => null,
  idOfCode: () => undefined,
  withCodes: () => [],
  has: (id) => parents.has(id),
};

const actor = (role: Role, agencyId: number, delegatedBy: RoleGrant['delegatedBy'] = null): StaffActor => ({
  kind: 'staff',
  staffId: 99,
  username: 'x',
  fullName: 'X',
  agencyId,
  roles: [{ role, agencyId, delegatedBy }],
  hasSecondFactor: true,
  mustChangePassword: false,
});

/** The targets every cell is checked against, for a role held in department A (2). */
const targets = { A: 2, B: 3, O: 4, P: null } as const; // at the agency, below it (its unit), outside it, province-wide

/**
 * The expected matrix, written out by hand: for each action, the roles allowed and
 * on which targets (A at, B below, O outside, P province-wide). Every cell not listed is a denial.
 */
const expected: Array<[string, PolicyTable<string>, Record<string, Partial<Record<Role, string>>>]> = [
  [
    'agencies',
    agencyPolicy,
    {
      view_admin: { province_admin: 'ABOP', agency_admin: 'AB', inspector: 'ABOP' },
      edit: { province_admin: 'ABOP', agency_admin: 'AB' },
      add_child: { province_admin: 'ABOP', agency_admin: 'AB' },
      import: { province_admin: 'ABOP' },
    },
  ],
  [
    'staff',
    staffPolicy,
    {
      list: { province_admin: 'ABOP', agency_admin: 'AB', inspector: 'ABOP' },
      view: { province_admin: 'ABOP', agency_admin: 'AB', inspector: 'ABOP' },
      create: { province_admin: 'ABOP', agency_admin: 'AB' },
      grant_role: { province_admin: 'ABOP', agency_admin: 'AB' },
      grant_admin_role: { province_admin: 'ABOP' },
      revoke_role: { province_admin: 'ABOP', agency_admin: 'AB' },
      reset_password: { province_admin: 'ABOP', agency_admin: 'AB' },
      lock: { province_admin: 'ABOP', agency_admin: 'AB' },
      view_audit: { province_admin: 'ABOP', agency_admin: 'AB', inspector: 'ABOP' },
    },
  ],
  [
    'delegations',
    delegationPolicy,
    {
      delegate: { agency_leader: 'AB', unit_head: 'AB' },
      view: { agency_leader: 'AB', unit_head: 'AB', province_admin: 'ABOP', agency_admin: 'AB', inspector: 'ABOP' },
      revoke_any: { province_admin: 'ABOP', agency_admin: 'AB' },
    },
  ],
  [
    'dossiers',
    dossierPolicy,
    {
      receive: { desk_officer: 'AB' },
      view: { desk_officer: 'AB', specialist: 'AB', unit_head: 'AB', agency_leader: 'AB', clerk: 'AB', inspector: 'ABOP' },
    },
  ],
  ['calendar', calendarPolicy, { view: { province_admin: 'ABOP', inspector: 'ABOP' }, change: { province_admin: 'ABOP' } }],
  ['e-forms', formPolicy, { view_admin: { province_admin: 'ABOP', inspector: 'ABOP' }, edit: { province_admin: 'ABOP' } }],
  [
    'processes',
    processPolicy,
    {
      view_admin: { province_admin: 'ABOP', agency_admin: 'AB', inspector: 'ABOP' },
      edit: { province_admin: 'ABOP', agency_admin: 'AB' },
    },
  ],
  [
    'signing keys',
    signingKeyPolicy,
    {
      view: { province_admin: 'ABOP', agency_admin: 'AB', inspector: 'ABOP' },
      import: { province_admin: 'ABOP', agency_admin: 'AB' },
      revoke: { province_admin: 'ABOP', agency_admin: 'AB' },
    },
  ],
];

for (const [resource, table, actions] of expected) {
  test(`${resource}: every role × every action × at, below, outside its agency and province-wide`, () => {
    assert.deepEqual(Object.keys(table).sort(), Object.keys(actions).sort(), 'the expectation covers every action of the table');
    const wrong: string[] = [];
    for (const action of Object.keys(table)) {
      for (const role of roles) {
        for (const [letter, agencyId] of Object.entries(targets)) {
          const allowed = authorize(actor(role, 2), table, action, { agencyId }, index) !== null;
          const want = (actions[action]?.[role] ?? '').includes(letter);
          if (allowed !== want)
            wrong.push(`${action} ${role} ${letter}: ${allowed ? 'allowed' : 'denied'}, expected ${want ? 'allowed' : 'denied'}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
}

test('a unit head reaches their unit and below, not the rest of the agency', () => {
  const head = actor('unit_head', 3);
  assert.ok(authorize(head, delegationPolicy, 'delegate', { agencyId: 3 }, index));
  assert.equal(authorize(head, delegationPolicy, 'delegate', { agencyId: 2 }, index), null);
  assert.equal(authorize(head, delegationPolicy, 'delegate', { agencyId: 6 }, index), null);
});

test('an agency admin manages the signing keys of their own agency and its units, not of the agencies below it', () => {
  const admin = actor('agency_admin', 1);
  assert.ok(authorize(admin, signingKeyPolicy, 'import', { agencyId: 1 }, index));
  assert.equal(authorize(admin, signingKeyPolicy, 'import', { agencyId: 2 }, index), null);
  assert.equal(authorize(admin, signingKeyPolicy, 'revoke', { agencyId: 5 }, index), null);
  assert.ok(authorize(actor('agency_admin', 5), signingKeyPolicy, 'revoke', { agencyId: 6 }, index));
});

test('a commune role does not reach the province or another commune', () => {
  const admin = actor('agency_admin', 5);
  assert.ok(authorize(admin, staffPolicy, 'create', { agencyId: 6 }, index));
  assert.equal(authorize(admin, staffPolicy, 'create', { agencyId: 1 }, index), null);
  assert.equal(authorize(admin, staffPolicy, 'create', { agencyId: 2 }, index), null);
});

test('nobody who is not signed-in staff is allowed anything', () => {
  for (const [, table] of expected) {
    for (const action of Object.keys(table)) {
      assert.equal(authorize({ kind: 'anonymous' }, table, action, { agencyId: 2 }, index), null);
      assert.equal(
        authorize(
          { kind: 'citizen', citizenId: 1, fullName: 'A', idNumber: '001234567890', assurance: '2' },
          table,
          action,
          { agencyId: 2 },
          index,
        ),
        null,
      );
    }
  }
});

test('a lent role allows what the role allows and names the lender; own roles are preferred', () => {
  const lent = actor('agency_admin', 2, { id: 7, name: 'Ngô Thị Mai', delegationId: 1 });
  assert.deepEqual(authorize(lent, staffPolicy, 'create', { agencyId: 2 }, index)?.delegatedBy, {
    id: 7,
    name: 'Ngô Thị Mai',
    delegationId: 1,
  });
  const both: StaffActor = { ...lent, roles: [...lent.roles, { role: 'agency_admin', agencyId: 2, delegatedBy: null }] };
  assert.equal(authorize(both, staffPolicy, 'create', { agencyId: 2 }, index)?.delegatedBy, null);
});

test('a rule limited to states applies only in those states', () => {
  const table: PolicyTable<'approve', 'draft' | 'signed'> = { approve: [{ role: 'agency_leader', scope: 'agency', states: ['draft'] }] };
  const leader = actor('agency_leader', 2);
  assert.ok(authorize(leader, table, 'approve', { agencyId: 2, state: 'draft' }, index));
  assert.equal(authorize(leader, table, 'approve', { agencyId: 2, state: 'signed' }, index), null);
  assert.equal(authorize(leader, table, 'approve', { agencyId: 2 }, index), null);
});
