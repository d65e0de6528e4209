import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { staffClient } from '../../../test/helpers/client.ts';
import { postReception } from '../../../test/helpers/reception.ts';
import { componentName, isGuidance } from '../catalog/procedure.schema.ts';
import { minimalPdf } from '../files/files-fixture.ts';

// What the desk records of each paper (received-components.ts): guidance rows never, counted copies as typed.
const { url, deps, pool } = await startTestApp({ demo: true });
const officer = await staffClient(url, deps, 'motcua.dongthanh');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const receive = (fields: Record<string, string | string[]>, files: Array<[field: string, name: string, bytes: Buffer]> = []) =>
  postReception(url, officer, fields, files);

test('the guidance rows of the record are folded under "Lưu ý", never offered as papers to tick or upload', async () => {
  const { rows } = await pool.query(
    `SELECT doc->'components' AS components FROM procedure_versions WHERE code = '1.001193' ORDER BY version DESC LIMIT 1`,
  );
  const components = rows[0].components as Array<{ group: string; name: string }>;
  const guidance = components.filter(isGuidance);
  assert.ok(guidance.length > 0 && guidance.length < components.length, 'the record has both papers and guidance');
  const { html } = await officer.page('/tiep-nhan/moi/1.001193');
  const boxes = [...html.matchAll(/name="received" value="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(
    boxes,
    components.flatMap((c, i) => (isGuidance(c) ? [] : [i])),
    'one box per paper, at its index in the version',
  );
  assert.match(html, new RegExp(`<summary>Lưu ý của thủ tục \\(${guidance.length} mục\\)</summary>`));
  const upload = [...html.matchAll(/name="(file-\d+)"/g)].map((m) => m[1]);
  for (const [i, c] of components.entries()) if (isGuidance(c)) assert.ok(!upload.includes(`file-${i}`), `no upload for: ${c.name}`);

  // A hand-made request cannot make a guidance row a paper: a tick on it is not recorded...
  const note = components.findIndex(isGuidance);
  const res = await receive({ channel: 'counter', received: ['0', String(note)], resultDelivery: 'counter', outcome: 'receive' });
  assert.equal(res.status, 303);
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location')!)![1]!;
  const stored = await pool.query(`SELECT components FROM dossiers WHERE code = $1`, [code]);
  assert.equal(stored.rows[0].components[0].received, true);
  assert.equal(stored.rows[0].components[note].received, false);
  // ...and the dossier's page lists the papers, with the guidance folded, never as papers "chưa nhận".
  const page = await officer.page(`/ho-so/${code}`);
  const papers = /<h2>Giấy tờ<\/h2>\s*<ul>(.*?)<\/ul>/s.exec(page.html)?.[1] ?? '';
  assert.equal([...papers.matchAll(/<li>/g)].length, components.length - guidance.length);
  assert.ok(!text(papers).includes(componentName(components[note]!.name)));
  assert.match(page.html, new RegExp(`<summary>Lưu ý của thủ tục \\(${guidance.length} mục\\)</summary>`));
  // ...and a file sent for it is refused by name, the form kept.
  const refused = await receive({ channel: 'counter', received: ['0'], resultDelivery: 'counter', outcome: 'receive' }, [
    [`file-${note}`, 'ghi-chu.pdf', minimalPdf()],
  ]);
  assert.equal(refused.status, 400);
  const again = await refused.text();
  assert.match(text(again), /là lưu ý của thủ tục, không phải giấy tờ: không đính kèm tệp vào mục này\./);
  assert.match(again, /name="applicant.idNumber" value="099085000123"/, 'the form comes back as typed');
  assert.match(again, /name="received" value="0" checked/);
});

test('the desk counts the paper copies handed in; the receipt states them, and a count that is not one is named', async () => {
  const form = (await officer.page('/tiep-nhan/moi/1.001193')).html;
  assert.match(
    form,
    /<input class="input input-count" type="number"[^>]*name="originals-0" value="1"/,
    'the catalogue’s count until counted',
  );
  const res = await receive({
    channel: 'counter',
    received: ['0', '1'],
    'originals-0': '0',
    'copies-0': '2',
    resultDelivery: 'counter',
    outcome: 'receive',
  });
  assert.equal(res.status, 303);
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location')!)![1]!;
  const stored = await pool.query(`SELECT components->0 AS first FROM dossiers WHERE code = $1`, [code]);
  assert.deepEqual(stored.rows[0].first.paper, { originals: 0, copies: 2 });
  const firstRow = /<tr><td>1<\/td>.*?<\/tr>/.exec((await officer.page(`/ho-so/${code}/phieu`)).html)?.[0] ?? '';
  assert.match(text(firstRow), /Bản sao 02/);
  assert.doesNotMatch(text(firstRow), /Bản chính/);

  const wrong = await receive({
    channel: 'counter',
    received: ['0', '1'],
    'originals-0': 'hai',
    'copies-1': '0',
    'originals-1': '0',
    outcome: 'receive',
  });
  assert.equal(wrong.status, 400);
  const again = await wrong.text();
  assert.match(text(again), /Số bản chính của “[^”]+” phải là một số từ 0 đến 99\./);
  assert.match(again, /name="originals-0" value="hai"/, 'kept as typed');
  assert.match(again, /aria-describedby="count-0-error"/);
});
