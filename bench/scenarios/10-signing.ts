import { performance } from 'node:perf_hooks';
import { renderResultPdf } from '../../src/modules/results/render-result-pdf.ts';
import { atRestKey, issueSigningKey, openStoredSigner, revocationSource, signPdf } from '../../src/modules/signing/signing.ts';
import type { Scenario } from '../types.ts';

/**
 * Signing results (issue 6): a two-page decision rendered by the results module is signed with
 * an agency's key as the clerk issues it (the organisation's appearance with the number, the
 * certificate checked against the CRL in the database before each signature). The median of 30
 * single signatures, then a batch of 100 with the key opened once, as a batch of issuing does.
 */
export const scenario: Scenario = {
  name: 'signing results',
  async run(ctx) {
    const { pool } = ctx.imported;
    const key = atRestKey('bench signing secret, not a real one');
    const { rows } = await pool.query<{ id: number; name: string }>(
      `SELECT id, name FROM agencies ORDER BY (code = '000.00.11.H99') DESC, id LIMIT 1`,
    );
    const agency = rows[0]!;
    const seal = await issueSigningKey(
      pool,
      key,
      { kind: 'organisation', agencyId: agency.id, agencyName: agency.name },
      { by: { kind: 'system', id: null, name: 'Bench' } },
    );
    const paragraph =
      'Căn cứ Luật Tổ chức chính quyền địa phương và các văn bản hướng dẫn thi hành; xét hồ sơ và đề nghị của cơ quan chuyên môn, '.repeat(
        6,
      );
    const { bytes, signatureBox } = await renderResultPdf(
      {
        kind: 'decision',
        parentAgency: 'Ủy ban nhân dân tỉnh An Hòa',
        agency: agency.name,
        notation: 'QĐ-STP',
        place: 'An Hòa',
        title: 'Quyết định',
        subject: 'Về việc cấp thẻ tư vấn viên pháp luật',
        body: Array.from({ length: 4 }, (_, i) => `${i + 1}. ${paragraph}`),
        recipients: ['Như Điều 1', 'Lưu: VT'],
        signerCapacity: 'KT. Giám đốc',
        signerTitle: 'Phó Giám đốc',
        signerName: 'Ngô Thị Mai',
      },
      { number: null, date: new Date() },
    );
    const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    const signer = await openStoredSigner(pool, key, seal.id);
    const revocation = revocationSource(pool, key);
    const sign = (n: number) =>
      signPdf(
        bytes,
        { placement: { ...signatureBox, width: signatureBox.width / 2 }, appearance: 'organisation', documentNumber: `${n}/QĐ-STP` },
        { signer, revocation },
      );
    for (let i = 0; i < 3; i++) await sign(i);
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      await sign(i);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[15]!;
    const started = performance.now();
    for (let i = 0; i < 100; i++) await sign(i);
    const perSecond = 100 / ((performance.now() - started) / 1000);
    const note = `a ${pages}-page decision of ${Math.round(bytes.length / 1024)} KB, PAdES B-B, the organisation's visible seal, CRL checked each time`;
    ctx.record({
      name: 'signing a two-page result: median',
      value: Number(median.toFixed(1)),
      unit: 'ms',
      limit: null,
      ratio: null,
      goal: '≤ 200 ms',
      meets: median <= 200,
      note,
    });
    ctx.record({
      name: 'signing a batch of 100 results',
      value: Number(perSecond.toFixed(1)),
      unit: 'results/s',
      limit: null,
      ratio: null,
      goal: '≥ 20 per second',
      meets: perSecond >= 20,
      note,
    });
  },
};
