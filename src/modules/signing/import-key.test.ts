import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { AppError } from '../../errors.ts';
import {
  atRestKey,
  importSigningKey,
  loadTrustList,
  openStoredSigner,
  revocationSource,
  signPdf,
  verifyPdf,
  type SignPdfRequest,
} from './signing.ts';
import { nssTrusting, pdfsig, tempDir, twoPagePdf } from './signing-fixture.ts';

// A province's own CA, played by OpenSSL: its PKCS#12 imported, its CRL fetched over HTTP from
// the URL in the certificate, its root trusted through a PEM trust list (SIGNING_TRUST_LIST).

const pool = await testDatabase({ demo: true });
const key = atRestKey('a test secret that is long enough to be a key');
const by = { kind: 'system' as const, id: null, name: 'Kiểm thử' };
const dir = tempDir('mot-cua-import-');
const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8' });

// The CA publishes its CRL on a local HTTP server, as a real CA does on its web site.
const crlServer = http.createServer((req, res) => {
  if (req.url !== '/province.crl') return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(fs.readFileSync(path.join(dir, 'province.crl')));
});
await new Promise<void>((resolve) => crlServer.listen(0, '127.0.0.1', resolve));
after(() => crlServer.close());
const crlUrl = `http://127.0.0.1:${(crlServer.address() as AddressInfo).port}/province.crl`;

fs.writeFileSync(path.join(dir, 'index.txt'), '');
fs.writeFileSync(path.join(dir, 'crlnumber'), '01\n');
fs.writeFileSync(
  path.join(dir, 'ca.cnf'),
  '[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 7\n',
);
fs.writeFileSync(
  path.join(dir, 'signer.ext'),
  `basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature, nonRepudiation\nextendedKeyUsage = emailProtection\ncrlDistributionPoints = URI:${crlUrl}\n`,
);
run(
  'req',
  '-x509',
  '-utf8',
  '-newkey',
  'rsa:2048',
  '-nodes',
  '-keyout',
  'root.key',
  '-out',
  'root.pem',
  '-days',
  '30',
  '-subj',
  '/C=VN/O=Tổ chức cấp thử/CN=Root CA thử nghiệm của tỉnh',
  '-addext',
  'basicConstraints=critical,CA:TRUE',
  '-addext',
  'keyUsage=critical,keyCertSign,cRLSign',
);
run(
  'req',
  '-new',
  '-utf8',
  '-newkey',
  'rsa:2048',
  '-nodes',
  '-keyout',
  'signer.key',
  '-out',
  'signer.csr',
  '-subj',
  '/C=VN/O=Sở Tư pháp tỉnh An Hòa/CN=Ngô Thị Mai',
);
run(
  'x509',
  '-req',
  '-in',
  'signer.csr',
  '-CA',
  'root.pem',
  '-CAkey',
  'root.key',
  '-CAcreateserial',
  '-out',
  'signer.pem',
  '-days',
  '10',
  '-extfile',
  'signer.ext',
);
run('ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'root.key', '-cert', 'root.pem', '-out', 'province.crl');
run(
  'pkcs12',
  '-export',
  '-inkey',
  'signer.key',
  '-in',
  'signer.pem',
  '-certfile',
  'root.pem',
  '-out',
  'signer.p12',
  '-passout',
  'pass:mật-khẩu-thử',
);

const holder = await pool.query(
  `SELECT s.id AS "staffId", s.full_name AS "fullName", a.id AS "agencyId", a.name AS "agencyName"
     FROM staff s JOIN staff_roles r ON r.staff_id = s.id JOIN agencies a ON a.id = r.agency_id WHERE s.username = 'giamdoc.stp'`,
);
const officer = {
  kind: 'officer' as const,
  ...(holder.rows[0] as { staffId: number; fullName: string; agencyId: number; agencyName: string }),
};
const p12 = fs.readFileSync(path.join(dir, 'signer.p12'));
/** The province's trust list: the root of its CA. */
const trust = { anchors: [new X509Certificate(fs.readFileSync(path.join(dir, 'root.pem')))] };
const request: SignPdfRequest = { placement: { page: 1, x: 300, y: 520, width: 230, height: 96 }, appearance: 'person' };

test("a PKCS#12 made by OpenSSL is imported; the CRL its certificate names is fetched; pdfsig trusts the province's root", async () => {
  const imported = await importSigningKey(pool, key, officer, { pkcs12: p12, password: 'mật-khẩu-thử' }, by, trust);
  assert.equal(imported.subject, 'CN=Ngô Thị Mai, O=Sở Tư pháp tỉnh An Hòa, C=VN');
  const signed = await signPdf(await twoPagePdf(), request, {
    signer: await openStoredSigner(pool, key, imported.id),
    revocation: revocationSource(pool, key),
  });
  const file = path.join(dir, 'signed.pdf');
  fs.writeFileSync(file, signed);
  const root = Buffer.from(fs.readFileSync(path.join(dir, 'root.pem'), 'latin1').replace(/-----[^-]+-----|\s/g, ''), 'base64');
  assert.deepEqual(
    pdfsig(file, nssTrusting(root, dir)).map((s) => [s.commonName, s.validation, s.certificate]),
    [['Ngô Thị Mai', 'Signature is Valid.', 'Certificate is Trusted.']],
  );
  const verdict = await verifyPdf(signed, {
    trust: await loadTrustList(pool, path.join(dir, 'root.pem')),
    revocation: revocationSource(pool, key),
  });
  assert.deepEqual(
    verdict.signatures.map((s) => [s.status, s.trust, s.revocation.status, s.certificate?.issuerCommonName]),
    [['valid', 'trusted', 'good', 'Root CA thử nghiệm của tỉnh']],
  );
  // The same file again: refused as already imported.
  await assert.rejects(importSigningKey(pool, key, officer, { pkcs12: p12, password: 'mật-khẩu-thử' }, by, trust), (err: unknown) => {
    assert.ok(err instanceof AppError && err.code === 'conflict');
    return true;
  });
});

test('a wrong password or a file that is not PKCS#12 is refused on the field, in Vietnamese', async () => {
  for (const file of [
    { pkcs12: p12, password: 'sai' },
    { pkcs12: Buffer.from('not a key file'), password: 'x' },
  ]) {
    await assert.rejects(importSigningKey(pool, key, officer, file, by, trust), (err: unknown) => {
      assert.ok(err instanceof AppError && err.code === 'validation_failed');
      assert.equal(err.problems[0]?.field, 'pkcs12');
      assert.match(err.problems[0]!.message, /^Không mở được tệp khóa \(PKCS#12\)/);
      return true;
    });
  }
});

test('a certificate from a CA the province does not trust, or issued to someone else, is refused on the field', async () => {
  const refusal = (err: unknown, pattern: RegExp) => {
    assert.ok(err instanceof AppError && err.code === 'validation_failed');
    assert.equal(err.problems[0]?.field, 'pkcs12');
    assert.match(err.problems[0]!.message, pattern);
    return true;
  };
  // The root travels inside the file, but only the province's trust list counts.
  await assert.rejects(importSigningKey(pool, key, officer, { pkcs12: p12, password: 'mật-khẩu-thử' }, by, { anchors: [] }), (err) =>
    refusal(err, /không do tổ chức chứng thực mà tỉnh tin cậy cấp/),
  );
  const someoneElse = { ...officer, fullName: 'Vũ Thị Lan' };
  await assert.rejects(importSigningKey(pool, key, someoneElse, { pkcs12: p12, password: 'mật-khẩu-thử' }, by, trust), (err) =>
    refusal(err, /Chứng thư số cấp cho «Ngô Thị Mai», không phải cho Vũ Thị Lan\./),
  );
});

test('a certificate whose CRL cannot be fetched is refused before signing (the check fails closed)', async () => {
  crlServer.close();
  run(
    'req',
    '-new',
    '-utf8',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'other.key',
    '-out',
    'other.csr',
    '-subj',
    '/C=VN/CN=Ngô Thị Mai',
  );
  fs.writeFileSync(
    path.join(dir, 'other.ext'),
    'keyUsage = critical, digitalSignature\ncrlDistributionPoints = URI:http://127.0.0.1:9/none.crl\n',
  );
  run(
    'x509',
    '-req',
    '-in',
    'other.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-out',
    'other.pem',
    '-days',
    '10',
    '-extfile',
    'other.ext',
  );
  run('pkcs12', '-export', '-inkey', 'other.key', '-in', 'other.pem', '-certfile', 'root.pem', '-out', 'other.p12', '-passout', 'pass:x');
  const imported = await importSigningKey(
    pool,
    key,
    officer,
    { pkcs12: fs.readFileSync(path.join(dir, 'other.p12')), password: 'x' },
    by,
    trust,
  );
  await assert.rejects(
    signPdf(await twoPagePdf(), request, {
      signer: await openStoredSigner(pool, key, imported.id),
      revocation: revocationSource(pool, key),
    }),
    (err: unknown) => {
      assert.ok(err instanceof AppError && err.code === 'validation_failed');
      assert.match(
        err.userMessage,
        /Không kiểm tra được tình trạng thu hồi của chứng thư số: không lấy được danh sách chứng thư bị thu hồi \(CRL\)/,
      );
      return true;
    },
  );
});
