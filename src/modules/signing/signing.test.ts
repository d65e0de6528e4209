import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { AppError } from '../../errors.ts';
import { SealError, unseal } from './at-rest.ts';
import { authorityKeyLabel } from './dev-authority.ts';
import {
  atRestKey,
  currentCrl,
  devAuthority,
  issueSigningKey,
  listKeys,
  loadTrustList,
  openStoredSigner,
  revocationSource,
  revokeSigningKey,
  signPdf,
  storedPkcs12,
  verifyPdf,
  type SignPdfRequest,
} from './signing.ts';
import { nssTrusting, opensslVerifyAll, pdfsig, tempDir, twoPagePdf } from './signing-fixture.ts';

// The signing core end to end on a real database, judged by poppler's pdfsig (NSS), OpenSSL and certutil.

const pool = await testDatabase({ demo: true });
const key = atRestKey('a test secret that is long enough to be a key');
const by = { kind: 'system' as const, id: null, name: 'Kiểm thử' };
const dir = tempDir('mot-cua-signing-');
const { rows } = await pool.query<{ staffId: number; fullName: string; agencyId: number; agencyName: string }>(
  `SELECT s.id AS "staffId", s.full_name AS "fullName", a.id AS "agencyId", a.name AS "agencyName"
     FROM staff s JOIN staff_roles r ON r.staff_id = s.id JOIN agencies a ON a.id = r.agency_id WHERE s.username = 'giamdoc.stp'`,
);
const leader = rows[0]!;
const revocation = revocationSource(pool, key);
// A whole minute, a minute ago: after the keys' validity starts (five minutes before they are issued, below).
const signedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
/** The moment as the visible signature writes it: ISO 8601 in Vietnam time. */
const vietnamIso = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+07:00');
const leaderRequest: SignPdfRequest = {
  placement: { page: 1, x: 300, y: 520, width: 230, height: 96 },
  appearance: 'person',
  reason: 'Phê duyệt kết quả giải quyết',
  signedAt,
};
const sealRequest: SignPdfRequest = {
  placement: { page: 1, x: 262, y: 490, width: 116, height: 150 },
  appearance: 'organisation',
  documentNumber: '125/QĐ-STP',
  location: 'Tỉnh An Hòa',
  signedAt: new Date(signedAt.getTime() + 60_000),
};
const write = (name: string, bytes: Buffer | string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
const refusedWith = (pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof AppError, String(err));
  assert.equal(err.code, 'validation_failed');
  assert.match(err.userMessage, pattern);
  return true;
};

const officerKey = await issueSigningKey(pool, key, { kind: 'officer', ...leader }, { by });
const sealKey = await issueSigningKey(
  pool,
  key,
  { kind: 'organisation', agencyId: leader.agencyId, agencyName: leader.agencyName },
  { by },
);
const authority = await devAuthority(pool, key);
const storedRows = new Map(
  [...(await listKeys(pool, { staffId: leader.staffId })), ...(await listKeys(pool, { agencyId: leader.agencyId }))].map((r) => [r.id, r]),
);
const nss = nssTrusting(authority.certificate, dir);
const pdf = await twoPagePdf();
const byLeader = await signPdf(pdf, leaderRequest, { signer: await openStoredSigner(pool, key, officerKey.id), revocation });
const signed = await signPdf(byLeader, sealRequest, { signer: await openStoredSigner(pool, key, sealKey.id), revocation });
const signedFile = write('signed.pdf', signed);

test('the development CA is made once, on first use, a root CA whose key is sealed at rest', async () => {
  const again = await Promise.all([devAuthority(pool, key), devAuthority(pool, key)]);
  assert.deepEqual(
    again.map((a) => a.id),
    [authority.id, authority.id],
  );
  const x509 = new X509Certificate(authority.certificate);
  assert.ok(x509.ca);
  assert.equal(authority.fields.subject.commonName, 'Một Cửa Dev Root CA – Tỉnh An Hòa');
  const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], { input: authority.certificate, encoding: 'utf8' });
  assert.match(text, /CA:TRUE/);
  assert.match(text, /Certificate Sign, CRL Sign/);
  // The stored key is ciphertext: not a key as it is, a key once opened with the secret, and only with it.
  assert.throws(() => createPrivateKey({ key: authority.row.privateKey, format: 'der', type: 'pkcs8' }));
  const opened = unseal(key, authority.row.privateKey, authorityKeyLabel(authority.fields.serial));
  assert.equal(createPrivateKey({ key: opened, format: 'der', type: 'pkcs8' }).asymmetricKeyType, 'rsa');
  assert.throws(
    () =>
      unseal(
        atRestKey('another secret, just as long as the first one'),
        authority.row.privateKey,
        authorityKeyLabel(authority.fields.serial),
      ),
    SealError,
  );
  const audit = await pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'signing.authority_created'`);
  assert.equal(audit.rows[0].n, 1);
});

test("an officer's and an organisation's keys are PKCS#12 files OpenSSL opens, issued by the dev CA, sealed in the database", () => {
  const [officer, seal] = [officerKey, sealKey].map((k) => {
    const row = storedRows.get(k.id)!;
    const [p12, password] = storedPkcs12(key, row);
    const p12File = write(`key-${k.id}.p12`, p12);
    const certs = execFileSync('openssl', ['pkcs12', '-in', p12File, '-nokeys', '-passin', `pass:${password}`], { encoding: 'utf8' });
    const leaf = write(`leaf-${k.id}.pem`, certs.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0]);
    const subject = execFileSync('openssl', ['x509', '-in', leaf, '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus_space'], {
      encoding: 'utf8',
    });
    const verified = execFileSync(
      'openssl',
      ['verify', '-CAfile', write('ca.pem', new X509Certificate(authority.certificate).toString()), leaf],
      { encoding: 'utf8' },
    );
    // Wrong password: OpenSSL refuses.
    assert.notEqual(spawnSync('openssl', ['pkcs12', '-in', p12File, '-nokeys', '-passin', 'pass:wrong']).status, 0);
    assert.ok(!row.pkcs12.includes(p12.subarray(0, 64)), 'the PKCS#12 is not stored in clear');
    return { subject, verified, certs };
  });
  assert.equal(officer!.subject.trim(), `subject=C=VN, ST=Tỉnh An Hòa, O=${leader.agencyName}, CN=${leader.fullName}`);
  assert.equal(seal!.subject.trim(), `subject=C=VN, ST=Tỉnh An Hòa, O=${leader.agencyName}, CN=${leader.agencyName}`);
  assert.match(officer!.verified, /: OK/);
  assert.match(officer!.certs, /friendlyName: Ngo Thi Mai/); // certificate stores list it by name
  assert.match(seal!.verified, /: OK/);
});

test('the leader signs, then the organisation: pdfsig says both signatures are valid, and trusted once the dev CA is in NSS', () => {
  const untrusted = pdfsig(signedFile);
  assert.deepEqual(
    untrusted.map((s) => [s.commonName, s.validation, s.totalDocument]),
    [
      [leader.fullName, 'Signature is Valid.', false],
      [leader.agencyName, 'Signature is Valid.', true],
    ],
  );
  assert.ok(untrusted.every((s) => /issuer isn't Trusted/.test(s.certificate)));
  const trusted = pdfsig(signedFile, nss);
  assert.deepEqual(
    trusted.map((s) => [s.validation, s.certificate]),
    [
      ['Signature is Valid.', 'Certificate is Trusted.'],
      ['Signature is Valid.', 'Certificate is Trusted.'],
    ],
  );
});

test('the visible signatures say who signed, when, and the document number, in Vietnamese', () => {
  const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-raw', signedFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.ok(text.includes(`Ký bởi: ${leader.fullName}`), text);
  assert.ok(text.includes(`Cơ quan: ${leader.agencyName}`), text);
  assert.ok(text.includes(vietnamIso(signedAt)), text);
  assert.ok(text.includes('Số: 125/QĐ-STP'), text);
  assert.ok(text.includes(vietnamIso(new Date(signedAt.getTime() + 60_000))), text);
});

test('openssl cms -verify agrees with pdfsig on both extracted signatures', () => {
  assert.deepEqual(opensslVerifyAll(signed, authority.certificate, dir), [
    '0 CMS Verification successful',
    '0 CMS Verification successful',
  ]);
});

test('one changed byte in the signed range: pdfsig says invalid, the verifier says the file changed', async () => {
  const tampered = Buffer.from(signed);
  const at = tampered.indexOf('/Producer'); // in the first revision, covered by both signatures
  assert.ok(at > 0 && at < pdf.length);
  tampered[at + 1] = 'Q'.charCodeAt(0);
  const file = write('tampered.pdf', tampered);
  const poppler = pdfsig(file, nss);
  assert.equal(poppler.length, 2);
  assert.ok(
    poppler.every((s) => s.validation !== 'Signature is Valid.'),
    JSON.stringify(poppler),
  );
  const verdict = await verifyPdf(tampered, { trust: await loadTrustList(pool), revocation });
  assert.deepEqual(
    verdict.signatures.map((s) => [s.status, s.integrity]),
    [
      ['invalid', 'changed'],
      ['invalid', 'changed'],
    ],
  );
  assert.match(verdict.signatures[0]!.messages.join(' '), /Tệp đã bị thay đổi sau khi ký/);
  assert.equal(verdict.summary, 'Tệp có chữ ký số không hợp lệ.');
});

test('the verifier: who signed, when, with which certificate, trusted, not revoked, only signatures added after the first', async () => {
  const verdict = await verifyPdf(signed, { trust: await loadTrustList(pool), revocation });
  assert.equal(verdict.summary, 'Tệp có 2 chữ ký số, tất cả đều hợp lệ.');
  const [first, second] = verdict.signatures;
  assert.deepEqual(
    [
      first!.signer?.commonName,
      first!.signer?.organisation,
      first!.signingTime?.toISOString(),
      first!.certificate?.serial,
      first!.laterChanges,
    ],
    [leader.fullName, leader.agencyName, signedAt.toISOString(), officerKey.serial, 'signatures_only'],
  );
  assert.deepEqual([second!.signer?.commonName, second!.laterChanges, second!.coversWholeFile], [leader.agencyName, 'none', true]);
  for (const s of verdict.signatures) {
    assert.deepEqual(
      [s.status, s.integrity, s.trust, s.revocation.status, s.validAtSigningTime],
      ['valid', 'intact', 'trusted', 'good', true],
    );
    assert.equal(s.certificate?.issuerCommonName, 'Một Cửa Dev Root CA – Tỉnh An Hòa');
    assert.equal(s.subFilter, 'ETSI.CAdES.detached');
  }
  // Without the dev CA in the trust list: intact, but the chain leads nowhere trusted.
  const elsewhere = await verifyPdf(signed, { trust: { anchors: [] }, revocation });
  assert.deepEqual(
    elsewhere.signatures.map((s) => [s.status, s.trust, s.integrity]),
    [
      ['indeterminate', 'untrusted', 'intact'],
      ['indeterminate', 'untrusted', 'intact'],
    ],
  );
});

test('an expired, a not yet valid and a revoked certificate are refused before anything is signed', async () => {
  const holder = { kind: 'officer' as const, ...leader };
  const expired = await issueSigningKey(pool, key, holder, { by, notBefore: new Date('2024-01-01'), notAfter: new Date('2026-01-01') });
  await assert.rejects(
    signPdf(pdf, { ...leaderRequest, signedAt: undefined }, { signer: await openStoredSigner(pool, key, expired.id), revocation }),
    refusedWith(/^Không thể ký: Chứng thư số đã hết hạn từ ngày 01\/01\/2026\.$/),
  );
  const future = await issueSigningKey(pool, key, holder, { by, notBefore: new Date('2030-01-01'), notAfter: new Date('2031-01-01') });
  await assert.rejects(
    signPdf(pdf, { ...leaderRequest, signedAt: undefined }, { signer: await openStoredSigner(pool, key, future.id), revocation }),
    refusedWith(/chưa có hiệu lực \(hiệu lực từ ngày 01\/01\/2030\)/),
  );

  const revoked = await issueSigningKey(pool, key, holder, { by });
  const openedBefore = await openStoredSigner(pool, key, revoked.id);
  const before = await signPdf(pdf, { ...leaderRequest, signedAt: undefined }, { signer: openedBefore, revocation });
  await revokeSigningKey(pool, key, revoked.id, 'key_compromise', by);
  // A signer opened before the revocation is refused by the CRL; opening it again is refused outright.
  await assert.rejects(
    signPdf(pdf, { ...leaderRequest, signedAt: undefined }, { signer: openedBefore, revocation }),
    refusedWith(/đã bị thu hồi lúc/),
  );
  await assert.rejects(openStoredSigner(pool, key, revoked.id), refusedWith(/đã bị thu hồi/));

  // The CRL the dev CA publishes lists it, as OpenSSL reads it.
  const crlFile = write('dev.crl', await currentCrl(pool, key));
  const crlText = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', crlFile, '-noout', '-text'], { encoding: 'utf8' });
  assert.match(crlText, new RegExp(`Serial Number: ${revoked.serial.toUpperCase()}`));
  assert.match(crlText, /Key Compromise/);
  // A document signed before the revocation: intact, the revocation shown, not "valid".
  const verdict = await verifyPdf(before, { trust: await loadTrustList(pool), revocation });
  assert.deepEqual([verdict.signatures[0]!.integrity, verdict.signatures[0]!.revocation.status], ['intact', 'revoked']);
  assert.notEqual(verdict.signatures[0]!.status, 'valid');

  const keys = await listKeys(pool, { staffId: leader.staffId });
  assert.equal(keys.find((k) => k.id === revoked.id)?.revocationReason, 'key_compromise');
});

test('a PDF that cannot be read or a page that does not exist is refused with a Vietnamese message', async () => {
  const signer = await openStoredSigner(pool, key, officerKey.id);
  await assert.rejects(signPdf(Buffer.from('%PDF-1.7\nnot really'), leaderRequest, { signer, revocation }), (err: unknown) => {
    assert.ok(err instanceof AppError && err.code === 'bad_request');
    assert.equal(err.userMessage, 'Tệp PDF bị hỏng hoặc không đọc được; không thể ký.');
    return true;
  });
  await assert.rejects(
    signPdf(pdf, { ...leaderRequest, placement: { ...leaderRequest.placement, page: 5 } }, { signer, revocation }),
    (err: unknown) => {
      assert.ok(err instanceof AppError && err.code === 'validation_failed');
      assert.equal(err.problems[0]?.message, 'Trang 6 không có trong tài liệu (2 trang).');
      return true;
    },
  );
});
