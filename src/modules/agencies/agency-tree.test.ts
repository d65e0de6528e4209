import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgencyWithParent } from './agencies.repository.ts';
import type { AgencyKind } from './agency.schema.ts';
import { buildTree, type AgencyNode } from './agency-tree.ts';

let nextId = 1;
function agency(name: string, kind: AgencyKind, parentId: number | null, id = nextId++): AgencyWithParent {
  return {
    id,
    parentId,
    code: null,
    name,
    kind,
    parentCode: null,
    address: '',
    phone: '',
    email: '',
    validFrom: '2025-07-01',
    validTo: null,
    inForce: true,
    revision: 1,
    successorCodes: [],
  };
}
const names = (nodes: AgencyNode[]) => nodes.map((n) => n.agency.name);

test('agencies of one level are in Vietnamese alphabetical order, not code-point order', () => {
  const province = agency('Ủy ban nhân dân tỉnh An Hòa', 'people_committee', null);
  const communes = [
    'Ủy ban nhân dân xã Bình Minh',
    'Ủy ban nhân dân xã Đông Hòa',
    'Ủy ban nhân dân xã Ăn Khê',
    'Ủy ban nhân dân xã Dương Minh',
    'Ủy ban nhân dân xã Âu Cơ',
    'Ủy ban nhân dân xã An Lạc',
    'Ủy ban nhân dân xã Xã 10',
    'Ủy ban nhân dân xã Xã 9',
  ].map((n) => agency(n, 'commune', province.id));
  const [root] = buildTree([...communes, province]);
  assert.deepEqual(names(root!.children), [
    'Ủy ban nhân dân xã An Lạc',
    'Ủy ban nhân dân xã Ăn Khê',
    'Ủy ban nhân dân xã Âu Cơ',
    'Ủy ban nhân dân xã Bình Minh',
    'Ủy ban nhân dân xã Dương Minh',
    'Ủy ban nhân dân xã Đông Hòa',
    'Ủy ban nhân dân xã Xã 9',
    'Ủy ban nhân dân xã Xã 10',
  ]);
});

test("the People's Committee, the service centre and departments come before communes; units come last", () => {
  const province = agency('Ủy ban nhân dân tỉnh An Hòa', 'people_committee', null);
  const list = [
    agency('Văn phòng tiếp dân', 'unit', province.id),
    agency('Ủy ban nhân dân phường Đông Thành', 'commune', province.id),
    agency('Sở Xây dựng tỉnh An Hòa', 'department', province.id),
    agency('Ban Quản lý khu kinh tế', 'other', province.id),
    agency('Trung tâm Phục vụ hành chính công tỉnh An Hòa', 'service_centre', province.id),
    agency('Sở Tư pháp tỉnh An Hòa', 'department', province.id),
    agency('Bộ phận tổng hợp', 'unit', province.id),
  ];
  const [root] = buildTree([province, ...list]);
  assert.deepEqual(names(root!.children), [
    'Trung tâm Phục vụ hành chính công tỉnh An Hòa',
    'Sở Tư pháp tỉnh An Hòa',
    'Sở Xây dựng tỉnh An Hòa',
    'Ủy ban nhân dân phường Đông Thành',
    'Ban Quản lý khu kinh tế',
    'Bộ phận tổng hợp',
    'Văn phòng tiếp dân',
  ]);
});

test('children sit under their parent at every depth, each level ordered', () => {
  const province = agency('Ủy ban nhân dân tỉnh An Hòa', 'people_committee', null);
  const justice = agency('Sở Tư pháp tỉnh An Hòa', 'department', province.id);
  const office = agency('Văn phòng Sở', 'unit', justice.id);
  const team = agency('Tổ lưu trữ', 'unit', office.id);
  const civil = agency('Phòng Hành chính tư pháp', 'unit', justice.id);
  const [root, ...rest] = buildTree([team, office, civil, justice, province]);
  assert.equal(rest.length, 0);
  assert.equal(root!.agency.id, province.id);
  assert.deepEqual(names(root!.children), ['Sở Tư pháp tỉnh An Hòa']);
  const units = root!.children[0]!.children;
  assert.deepEqual(names(units), ['Phòng Hành chính tư pháp', 'Văn phòng Sở']);
  assert.deepEqual(names(units[1]!.children), ['Tổ lưu trữ']);
});

test('an agency whose parent is missing becomes a root instead of disappearing', () => {
  const province = agency('Ủy ban nhân dân tỉnh An Hòa', 'people_committee', null);
  const orphan = agency('Sở Nội vụ tỉnh An Hòa', 'department', 9999);
  const orphanUnit = agency('Phòng Công chức', 'unit', orphan.id);
  const lost = agency('Bộ phận một cửa', 'unit', 8888);
  const roots = buildTree([lost, orphanUnit, orphan, province]);
  assert.deepEqual(names(roots), ['Ủy ban nhân dân tỉnh An Hòa', 'Sở Nội vụ tỉnh An Hòa', 'Bộ phận một cửa']);
  assert.deepEqual(names(roots[1]!.children), ['Phòng Công chức']);
  const count = (nodes: AgencyNode[]): number => nodes.reduce((n, node) => n + 1 + count(node.children), 0);
  assert.equal(count(roots), 4, 'every agency appears once');
});
