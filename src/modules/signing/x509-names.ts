import { child, type DerNode, expect, oid, printable, readOid, readString, sequence, setOf, Tag, utf8 } from './der.ts';
import { Oid } from './oids.ts';

/**
 * Distinguished names of certificates. Vietnamese text goes in UTF8String (every letter with its
 * diacritics), the country code in PrintableString, as RFC 5280 asks.
 */
export interface NameFields {
  commonName?: string;
  organisation?: string;
  organisationalUnit?: string;
  title?: string;
  locality?: string;
  state?: string;
  country?: string;
  /** A personal or organisational identifier (Vietnamese certificates put the ID number or tax code here). */
  userId?: string;
}

// From the widest to the narrowest, the order of X.500 names.
const order: [keyof NameFields, string, string][] = [
  ['country', Oid.country, 'C'],
  ['state', Oid.state, 'ST'],
  ['locality', Oid.locality, 'L'],
  ['organisation', Oid.organisation, 'O'],
  ['organisationalUnit', Oid.organisationalUnit, 'OU'],
  ['title', Oid.title, 'T'],
  ['commonName', Oid.commonName, 'CN'],
  ['userId', Oid.userId, 'UID'],
];

export function buildName(fields: NameFields): Buffer {
  const rdns: Buffer[] = [];
  for (const [key, type] of order) {
    const value = fields[key]?.trim();
    if (!value) continue;
    const encoded = key === 'country' ? printable(value) : utf8(value);
    rdns.push(setOf(sequence(oid(type), encoded)));
  }
  return sequence(...rdns);
}

export interface NameAttribute {
  type: string;
  value: string;
}

export function readName(node: DerNode): NameAttribute[] {
  expect(node, Tag.sequence, 'Name');
  const out: NameAttribute[] = [];
  for (const rdn of node.children) {
    expect(rdn, Tag.set, 'RDN');
    for (const atv of rdn.children) out.push({ type: readOid(child(atv, 0, 'attribute')), value: readString(child(atv, 1, 'attribute')) });
  }
  return out;
}

export function nameFields(attrs: NameAttribute[]): NameFields {
  const fields: NameFields = {};
  for (const [key, type] of order) {
    const found = attrs.find((a) => a.type === type);
    if (found) fields[key] = found.value;
  }
  return fields;
}

const shortNames = new Map(order.map(([, type, short]) => [type, short]));

/** "CN=Nguyễn Văn An, O=Ủy ban nhân dân xã Ỷ La, C=VN": the narrowest part first, as people read names. */
export function formatName(attrs: NameAttribute[]): string {
  return [...attrs]
    .reverse()
    .map((a) => `${shortNames.get(a.type) ?? a.type}=${a.value}`)
    .join(', ');
}
