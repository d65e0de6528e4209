import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import {
  atRestKey,
  issueSigningKey,
  loadTrustList,
  openStoredSigner,
  revocationSource,
  signPdf,
  verifyPdf,
  type SignPdfRequest,
} from './signing.ts';
import { twoPagePdf } from './signing-fixture.ts';

// The issue's speed goals (median ≤ 200 ms for a two-page result, ≥ 20 per second in a batch of
// 100), measured and printed, not asserted: a loaded test machine says little about the server.
// Each signature includes the certificate checks against the database's CRL and the appearance.

const pool = await testDatabase({ demo: true });
const key = atRestKey('a test secret that is long enough to be a key');
const agency = (await pool.query(`SELECT id, name FROM agencies WHERE code = '000.00.11.H99'`)).rows[0] as { id: number; name: string };
const sealKey = await issueSigningKey(
  pool,
  key,
  { kind: 'organisation', agencyId: agency.id, agencyName: agency.name },
  { by: { kind: 'system', id: null, name: 'Kiểm thử' } },
);
const revocation = revocationSource(pool, key);
const request: SignPdfRequest = {
  placement: { page: 1, x: 262, y: 490, width: 116, height: 150 },
  appearance: 'organisation',
  documentNumber: '125/QĐ-STP',
};

test('signing speed: one two-page result, and a batch of 100 with the key opened once', async (t) => {
  const pdf = await twoPagePdf();
  const signer = await openStoredSigner(pool, key, sealKey.id);
  for (let i = 0; i < 3; i++) await signPdf(pdf, request, { signer, revocation });

  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    await signPdf(pdf, { ...request, documentNumber: `${i + 1}/QĐ-STP` }, { signer, revocation });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1]!;

  const started = performance.now();
  const batch: Buffer[] = [];
  for (let i = 0; i < 100; i++) batch.push(await signPdf(pdf, { ...request, documentNumber: `${i + 1}/QĐ-STP` }, { signer, revocation }));
  const perSecond = 100 / ((performance.now() - started) / 1000);

  t.diagnostic(`sign a two-page result: median ${median.toFixed(1)} ms (p90 ${times[27]!.toFixed(1)} ms; goal ≤ 200 ms)`);
  t.diagnostic(`batch of 100: ${perSecond.toFixed(1)} per second (goal ≥ 20 per second)`);
  console.log(`signing: median ${median.toFixed(1)} ms per two-page result; batch of 100 at ${perSecond.toFixed(1)} per second`);

  // What was measured is what counts: every document of the batch carries a valid signature.
  const trust = await loadTrustList(pool);
  for (const signed of [batch[0]!, batch[99]!])
    assert.equal((await verifyPdf(signed, { trust, revocation })).summary, 'Tệp có 1 chữ ký số, hợp lệ.');
});
