import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import { readCms } from './cms-read.ts';
import { readCrl } from './crl.ts';
import {
  DerError,
  integer,
  namedBits,
  oid,
  readDer,
  readIntegerHex,
  readOctets,
  readOid,
  readString,
  readTime,
  sequence,
  time,
  utf8,
} from './der.ts';
import { readCertificate } from './certificate-fields.ts';
import { memoryAuthority } from './signing-fixture.ts';

// The ASN.1 underneath certificates, CRLs and signatures: exact DER out, tolerant and safe reading in.

test('integers, OIDs, bit strings and times are written as DER requires (checked against OpenSSL)', () => {
  assert.equal(integer(0).toString('hex'), '020100');
  assert.equal(integer(127).toString('hex'), '02017f');
  assert.equal(integer(128).toString('hex'), '02020080'); // a leading zero keeps it positive
  assert.equal(integer(Buffer.from('0000ff', 'hex')).toString('hex'), '020200ff'); // leading zeros of a serial dropped
  assert.equal(oid('1.2.840.113549.1.9.16.2.47').toString('hex'), '060b2a864886f70d010910022f');
  assert.equal(readOid(readDer(oid('2.16.840.1.101.3.4.2.1'))), '2.16.840.1.101.3.4.2.1');
  assert.equal(namedBits([0, 1]).toString('hex'), '030206c0'); // digitalSignature, nonRepudiation
  assert.equal(namedBits([5, 6]).toString('hex'), '03020106'); // keyCertSign, cRLSign
  assert.equal(time(new Date('2049-12-31T23:59:59Z')).toString('latin1').slice(2), '491231235959Z');
  assert.equal(time(new Date('2050-01-01T00:00:00Z')).toString('latin1').slice(2), '20500101000000Z');
  assert.equal(readTime(readDer(time(new Date('2026-12-07T07:05:00Z')))).toISOString(), '2026-12-07T07:05:00.000Z');
  const parsed = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], {
    input: sequence(integer(128), utf8('Ỷ La'), oid('2.5.4.3')),
    encoding: 'utf8',
  });
  assert.match(parsed, /INTEGER\s+:80/);
  assert.match(parsed, /UTF8STRING\s+:Ỷ La/);
  assert.match(parsed, /OBJECT\s+:commonName/);
});

test('BER as signing tools write it is read: indefinite lengths, constructed octet strings, trailing padding', () => {
  // SEQUENCE (indefinite) { INTEGER 5, OCTET STRING (constructed, indefinite) { 'ab', 'cd' } } 00 00, then padding zeros.
  const ber = Buffer.from('3080020105248004026162040263640000000000000000', 'hex');
  const node = readDer(ber);
  assert.equal(readIntegerHex(node.children[0]!), '05');
  assert.equal(readOctets(node.children[1]!).toString(), 'abcd');
});

test('a name in UniversalString (UCS-4) is read; characters beyond Unicode or a cut one are refused as DerError', () => {
  // Found by the random-bytes property below: one changed byte made String.fromCodePoint throw a RangeError.
  const universal = (hex: string) => readDer(Buffer.from(`1c${(hex.length / 2).toString(16).padStart(2, '0')}${hex}`, 'hex'));
  assert.equal(readString(universal('00001ef6000000200000004c00000061')), 'Ỷ La');
  assert.throws(() => readString(universal('4b6a5a3b')), DerError);
  assert.throws(() => readString(universal('00001ef700')), DerError);
});

test('random bytes are refused with DerError only, by every reader', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const input = Buffer.from(bytes);
      for (const read of [readDer, readCms, readCrl, readCertificate]) {
        try {
          read(input);
        } catch (err) {
          assert.ok(err instanceof DerError, `${read.name}: ${String(err)}`);
        }
      }
    }),
    { numRuns: 2000 },
  );
  // Deep nesting is refused, not a stack overflow.
  assert.throws(() => readDer(Buffer.from('30'.repeat(1) + '80' + '3080'.repeat(5000), 'hex')), DerError);
});

test('a real certificate, CRL and CMS with bytes changed at random: read, or refused with DerError only', async () => {
  const ca = memoryAuthority();
  const signer = ca.signer('Phạm Văn Đồng', 'Sở Nội vụ');
  const evidence = await ca.revocation.evidenceFor(null as never, []);
  const samples: [Buffer, (b: Buffer) => unknown][] = [
    [ca.root, readCertificate],
    [evidence!.crl, readCrl],
    [await signer.signHash(Buffer.alloc(32, 9)), readCms],
  ];
  fc.assert(
    fc.property(
      fc.nat({ max: 2 }),
      fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }),
      (which, changes) => {
        const [sample, read] = samples[which]!;
        const bytes = Buffer.from(sample);
        for (const c of changes) bytes[c.at % bytes.length] = c.value;
        try {
          read(bytes);
        } catch (err) {
          assert.ok(err instanceof DerError, String(err));
        }
      },
    ),
    { numRuns: 3000 },
  );
});
