import type { AuditActor } from '../audit/append-audit.ts';
import type { Actor, RoleGrant } from './actor.ts';

/** How an actor is written into the audit log; a lent role names the person who lent it. */
export function auditActorOf(actor: Actor, grant?: RoleGrant | null): AuditActor {
  const onBehalfOf = grant?.delegatedBy ? { id: grant.delegatedBy.id, name: grant.delegatedBy.name } : null;
  switch (actor.kind) {
    case 'staff':
      return { kind: 'staff', id: actor.staffId, name: `${actor.fullName} (${actor.username})`, onBehalfOf };
    case 'citizen':
      return { kind: 'citizen', id: actor.citizenId, name: actor.fullName };
    case 'anonymous':
      return { kind: 'anonymous', id: null, name: 'Khách' };
  }
}
