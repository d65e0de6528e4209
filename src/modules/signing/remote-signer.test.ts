import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { AppError } from '../../errors.ts';
import {
  atRestKey,
  devAuthority,
  issueSigningKey,
  openStoredSigner,
  remoteSigner,
  revocationSource,
  signPdf,
  startRemoteSigningSimulator,
  type SignPdfRequest,
  type SigningService,
} from './signing.ts';
import { nssTrusting, pdfsig, tempDir, twoPagePdf } from './signing-fixture.ts';

// The remote signing port over a real socket: the simulator holds the key, this process only sends digests.

const pool = await testDatabase({ demo: true });
const key = atRestKey('a test secret that is long enough to be a key');
const by = { kind: 'system' as const, id: null, name: 'Kiểm thử' };
const dir = tempDir('mot-cua-remote-');
const agency = (await pool.query(`SELECT id, name FROM agencies WHERE code = '000.00.11.H99'`)).rows[0] as { id: number; name: string };
const sealKey = await issueSigningKey(pool, key, { kind: 'organisation', agencyId: agency.id, agencyName: agency.name }, { by });
const honest = await openStoredSigner(pool, key, sealKey.id);
// A service that signs whatever it likes: another digest than the one it was sent.
const dishonest: SigningService = { certificate: () => honest.certificate(), signHash: () => honest.signHash(Buffer.alloc(32, 7)) };
const token = 'token-of-the-province-at-the-service';
const simulator = await startRemoteSigningSimulator({
  token,
  credentials: { 'stp-seal': { signer: honest, pin: '246810' }, 'stp-rogue': { signer: dishonest, pin: '246810' } },
});
after(() => simulator.stop());
const revocation = revocationSource(pool, key);
const request: SignPdfRequest = {
  placement: { page: 1, x: 262, y: 490, width: 116, height: 150 },
  appearance: 'organisation',
  documentNumber: '7/GP-STP',
};
const remote = (overrides: Partial<Parameters<typeof remoteSigner>[0]> = {}) =>
  remoteSigner({ baseUrl: simulator.url, token, credentialId: 'stp-seal', pin: '246810', ...overrides });

test('the simulator signs a digest over HTTP and pdfsig accepts the PDF, trusted with the dev CA', async () => {
  assert.match(simulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const signed = await signPdf(await twoPagePdf(), request, { signer: remote(), revocation });
  const file = path.join(dir, 'remote.pdf');
  fs.writeFileSync(file, signed);
  const nss = nssTrusting((await devAuthority(pool, key)).certificate, dir);
  assert.deepEqual(
    pdfsig(file, nss).map((s) => [s.commonName, s.validation, s.certificate]),
    [[agency.name, 'Signature is Valid.', 'Certificate is Trusted.']],
  );
});

test('a wrong PIN is the holder refusing: validation_failed on the PIN, nothing signed', async () => {
  await assert.rejects(signPdf(await twoPagePdf(), request, { signer: remote({ pin: '000000' }), revocation }), (err: unknown) => {
    assert.ok(err instanceof AppError && err.code === 'validation_failed');
    assert.deepEqual(err.problems, [{ field: 'pin', message: 'Mã PIN xác nhận ký không đúng.' }]);
    return true;
  });
});

test('a wrong token or an unreachable service: unavailable, in Vietnamese', async () => {
  for (const signer of [remote({ token: 'not-the-token' }), remote({ baseUrl: 'http://127.0.0.1:9' })]) {
    await assert.rejects(signPdf(await twoPagePdf(), request, { signer, revocation }), (err: unknown) => {
      assert.ok(err instanceof AppError && err.code === 'unavailable', String(err));
      assert.equal(err.userMessage, 'Dịch vụ ký số từ xa không phản hồi hoặc từ chối yêu cầu; tài liệu chưa được ký.');
      return true;
    });
  }
});

test('a service that returns a signature of another digest is caught before the file is written', async () => {
  await assert.rejects(
    signPdf(await twoPagePdf(), request, { signer: remote({ credentialId: 'stp-rogue' }), revocation }),
    (err: unknown) => {
      assert.ok(err instanceof AppError && err.code === 'internal');
      assert.match(err.userMessage, /không khớp với tài liệu/);
      return true;
    },
  );
});

test('the wire format refuses a SAD used twice and a hash it did not authorise', async () => {
  const post = (p: string, body: unknown) =>
    fetch(`${simulator.url}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  const hash = Buffer.alloc(32, 1).toString('base64');
  const { SAD } = (await (
    await post('/csc/v2/credentials/authorize', { credentialID: 'stp-seal', numSignatures: 1, hashes: [hash], PIN: '246810' })
  ).json()) as {
    SAD: string;
  };
  const digest = (h: string) => ({
    hashes: [h],
    hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
    signature_format: 'C',
    conformance_level: 'AdES-B-B',
    signed_envelope_property: 'Detached',
  });
  const other = await post('/csc/v2/signatures/signDoc', {
    credentialID: 'stp-seal',
    SAD,
    documentDigests: [digest(Buffer.alloc(32, 2).toString('base64'))],
  });
  assert.equal(other.status, 400);
  assert.equal(((await other.json()) as { error: string }).error, 'invalid_request');
  // The SAD was spent by the refused attempt too: one authorisation, one try.
  const again = await post('/csc/v2/signatures/signDoc', { credentialID: 'stp-seal', SAD, documentDigests: [digest(hash)] });
  assert.equal(again.status, 400);
});
