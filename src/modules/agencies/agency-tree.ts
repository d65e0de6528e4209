import { compareVietnamese } from '../../lib/vietnamese.ts';
import type { AgencyWithParent } from './agencies.repository.ts';

export interface AgencyNode {
  agency: AgencyWithParent;
  children: AgencyNode[];
}

/**
 * The agencies as a forest, each level in Vietnamese order, the province's
 * People's Committee first. A node whose parent is missing becomes a root, so
 * nothing disappears from the admin view.
 */
export function buildTree(agencies: AgencyWithParent[]): AgencyNode[] {
  const nodes = new Map(agencies.map((a) => [a.id, { agency: a, children: [] as AgencyNode[] }]));
  const roots: AgencyNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.agency.parentId === null ? undefined : nodes.get(node.agency.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const order = (list: AgencyNode[]) => {
    list.sort(
      (a, b) =>
        Number(a.agency.kind === 'unit') - Number(b.agency.kind === 'unit') ||
        kindRank(a.agency.kind) - kindRank(b.agency.kind) ||
        compareVietnamese(a.agency.name, b.agency.name),
    );
    list.forEach((n) => order(n.children));
  };
  order(roots);
  return roots;
}

const ranks = ['people_committee', 'service_centre', 'department', 'commune', 'other', 'unit'];
function kindRank(kind: string): number {
  return ranks.indexOf(kind);
}
