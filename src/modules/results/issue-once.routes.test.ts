import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { staffClient } from '../../../test/helpers/client.ts';
import { departmentProcess, installProcess } from '../processes/processes-fixture.ts';
import { atRestKey, devAuthority } from '../signing/signing.ts';
import { act, postDraft, receiveDossier, textOf } from './results-fixture.ts';

/**
 * A result is issued from the newest version the leader signed, once; the leader signs at the
 * approval step only; a correction (Decree 118 Art. 23) is drafted, signed and issued again.
 */
const { url, deps, pool } = await startTestApp({ demo: true });
await installProcess(pool, '1.001193', '000.00.10.H99', departmentProcess('Quy trình thử'));
// The demo signs with the development CA, made at its first start (src/main.ts).
await devAuthority(pool, atRestKey(deps.config.signing.keySecret));
const desk = await staffClient(url, deps, 'motcua.ttphc');
const specialist = await staffClient(url, deps, 'chuyenvien.stp');
const director = await staffClient(url, deps, 'giamdoc.stp');
const clerk = await staffClient(url, deps, 'vanthu.stp');

const done = async (r: Promise<{ status: number; html: string }>) => {
  const res = await r;
  assert.equal(res.status, 303, textOf(res.html).slice(0, 400));
};
const draft = (code: string, subject: string) => done(postDraft(url, specialist, code, { subject }));
const sign = async (code: string, version: number) => {
  await director.page(`/ho-so/${code}/ket-qua`);
  return director.post(`/ho-so/${code}/ket-qua/du-thao/${version}/ky`, {});
};
const issue = async (code: string) => {
  await clerk.page(`/ho-so/${code}/ket-qua`);
  return clerk.post(`/ho-so/${code}/ket-qua/phat-hanh`, {});
};
const offersIssuing = async (code: string) => /Cấp số và phát hành/.test((await clerk.page(`/ho-so/${code}/ket-qua`)).html);
/** The results of a dossier as "version:number", in the order issued. */
const resultsOf = async (code: string) =>
  (
    await pool.query(
      `SELECT r.version, x.number FROM results x JOIN result_drafts r ON r.id = x.draft_id JOIN dossiers d ON d.id = x.dossier_id
        WHERE d.code = $1 ORDER BY x.id`,
      [code],
    )
  ).rows.map((r) => `${r.version}:${r.number}`);
const issuedWords = async (code: string) => {
  const { rows } = await pool.query(
    `SELECT x.verify_token FROM results x JOIN dossiers d ON d.id = x.dossier_id WHERE d.code = $1 ORDER BY x.id DESC LIMIT 1`,
    [code],
  );
  const pdf = Buffer.from(await (await clerk.get(`/ket-qua/${rows[0].verify_token}.pdf`)).arrayBuffer());
  return execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString().normalize('NFC');
};

let people = 0;
/** A dossier received, handed to appraisal and drafted once (version 1, "BẢN-MỘT"), then at the leader's approval step. */
async function atApproval(): Promise<string> {
  const code = await receiveDossier(url, desk, {
    fullName: `Người Nộp ${++people}`,
    idNumber: `09919000${String(people).padStart(4, '0')}`,
  });
  await done(act(desk, code, { kind: 'start' }));
  await done(act(specialist, code, { kind: 'claim' }));
  await draft(code, 'Về việc đăng ký khai sinh BẢN-MỘT');
  await done(act(specialist, code, { kind: 'complete', outcome: 'done' }));
  return code;
}

test('the leader signs only while the dossier is at the approval step, and never a version older than one signed', async () => {
  const code = await receiveDossier(url, desk, { fullName: 'Trần Ký Sớm', idNumber: '099190000801' });
  await done(act(desk, code, { kind: 'start' }));
  await done(act(specialist, code, { kind: 'claim' }));
  await draft(code, 'Về việc đăng ký khai sinh');
  const early = await sign(code, 1);
  assert.equal(early.status, 400);
  assert.match(textOf(early.html), /Chỉ ký được khi hồ sơ đang ở bước phê duyệt của lãnh đạo/);
  await done(act(specialist, code, { kind: 'complete', outcome: 'done' }));
  await draft(code, 'Về việc đăng ký khai sinh (bản 2)');
  await done(sign(code, 2));
  // Version 1 would be signed only to be replaced: it is not signed any more.
  const older = await sign(code, 1);
  assert.equal(older.status, 400);
  assert.match(textOf(older.html), /Bản 2 mới hơn đã được ký; bản cũ hơn không ký được nữa/);
});

test('issuing again never publishes a version the leader signed before a newer one', async () => {
  const code = await atApproval();
  await done(sign(code, 1));
  for (const v of [2, 3, 4]) await draft(code, `Về việc đăng ký khai sinh BẢN-${v}`);
  await done(sign(code, 4));
  await done(act(director, code, { kind: 'complete', outcome: 'approved' }));
  await done(issue(code));
  assert.deepEqual(await resultsOf(code), ['4:1']);
  assert.match(await issuedWords(code), /BẢN-4/);

  const again = await issue(code);
  assert.equal(again.status, 400);
  assert.match(textOf(again.html), /Bản đã ký đã được phát hành; muốn phát hành lại phải soạn và ký bản mới\./);
  assert.doesNotMatch(textOf(again.html), /Chưa có bản kết quả nào được lãnh đạo ký/);
  assert.deepEqual(await resultsOf(code), ['4:1'], 'version 1, signed then replaced, is never issued');
});

test('"Cấp số và phát hành" is offered only while a signed version awaits issuing', async () => {
  const code = await atApproval();
  assert.equal(await offersIssuing(code), false, 'nothing signed');
  await done(sign(code, 1));
  await done(act(director, code, { kind: 'complete', outcome: 'approved' }));
  assert.equal(await offersIssuing(code), true);
  await done(issue(code));
  const page = await clerk.page(`/ho-so/${code}/ket-qua`);
  assert.doesNotMatch(page.html, /Cấp số và phát hành/, 'issued: no button');
  assert.match(textOf(page.html), /Đã được lãnh đạo ký lúc [^–]*– đã phát hành/);
});

test('a returned result is corrected through a new version, signed at the approval step again, and issued under a new number', async () => {
  const code = await atApproval();
  await done(sign(code, 1));
  await done(act(director, code, { kind: 'complete', outcome: 'approved' }));
  await done(issue(code));
  await done(act(clerk, code, { kind: 'complete', outcome: 'done' }));
  await done(act(desk, code, { kind: 'return_result' }));
  // Found wrong after its return: back to the issuing step (workflow.ts `correct`).
  await done(act(desk, code, { kind: 'correct', 'text-correct': 'Sai ngày sinh của người được khai sinh' }));
  assert.equal(await offersIssuing(code), false, 'the version issued is not issued again');
  assert.match(textOf((await issue(code)).html), /Bản đã ký đã được phát hành/);
  await draft(code, 'Về việc đăng ký khai sinh BẢN-ĐÍNH-CHÍNH');
  // At the clerk's step the leader does not sign: the clerk sends the new version back to the approval step.
  assert.match(textOf((await sign(code, 2)).html), /Chỉ ký được khi hồ sơ đang ở bước phê duyệt/);
  await done(act(clerk, code, { kind: 'send_back', to: 'approve', 'text-send_back': 'Trình ký bản đính chính' }));
  await done(sign(code, 2));
  assert.match(textOf((await issue(code)).html), /Chỉ phát hành được khi hồ sơ đã được lãnh đạo phê duyệt/);
  await done(act(director, code, { kind: 'complete', outcome: 'approved' }));
  assert.equal(await offersIssuing(code), true);
  await done(issue(code));
  assert.match(await issuedWords(code), /BẢN-ĐÍNH-CHÍNH/);
  const { rows } = await pool.query(`SELECT max(number) AS last FROM results`);
  assert.deepEqual(await resultsOf(code), [`1:${rows[0].last - 1}`, `2:${rows[0].last}`]);
  assert.equal((await issue(code)).status, 400);
  assert.equal((await resultsOf(code)).length, 2);
  // The public page of the first says it is no longer in force, and by which; the second's does not.
  const tokens = (
    await pool.query(`SELECT x.verify_token AS t FROM results x JOIN dossiers d ON d.id = x.dossier_id WHERE d.code = $1 ORDER BY x.id`, [
      code,
    ])
  ).rows;
  const replaced = textOf(await (await fetch(`${url}/xac-thuc/${tokens[0].t}`)).text());
  assert.match(replaced, new RegExp(`đã được đính chính và không còn hiệu lực: thay bằng văn bản số ${rows[0].last}/`));
  assert.doesNotMatch(textOf(await (await fetch(`${url}/xac-thuc/${tokens[1].t}`)).text()), /không còn hiệu lực/);
});
