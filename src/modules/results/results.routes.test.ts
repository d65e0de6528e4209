import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, staffClient } from '../../../test/helpers/client.ts';

const { url, deps } = await startTestApp({ demo: true });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const desk = await staffClient(url, deps, 'motcua.dongthanh');
const specialist = await staffClient(url, deps, 'chuyenvien.stp');

/** A dossier received at the commune's desk (the desk's own staff work on it). */
async function received(name: string): Promise<string> {
  await desk.page('/tiep-nhan/moi/1.001193');
  const body = new FormData();
  body.append('_csrf', desk.csrf());
  for (const [k, v] of Object.entries({ 'applicant.fullName': name, 'applicant.idNumber': '099190000555', outcome: 'receive' }))
    body.append(k, v);
  const res = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${desk.cookies.get('mc_session')}` },
    body,
  });
  return decodeURIComponent(/\/ho-so\/(.+)\/phieu/.exec(res.headers.get('location')!)![1]!);
}

/** Posts the draft form as the browser does (multipart, the CSRF part first). */
async function saveDraft(who: Client, code: string, fields: Record<string, string>, file?: [string, Buffer]) {
  const page = await who.page(`/ho-so/${code}/ket-qua`);
  const body = new FormData();
  body.append('_csrf', who.csrf());
  const current = Object.fromEntries(
    [...page.html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')]),
  );
  const textarea = (name: string) => new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`).exec(page.html)?.[1] ?? '';
  for (const [k, v] of Object.entries({ ...current, body: textarea('body'), recipients: textarea('recipients'), ...fields }))
    if (k !== '_csrf') body.append(k, v);
  if (file) body.append('file', new Blob([new Uint8Array(file[1])]), file[0]);
  const res = await fetch(`${url}/ho-so/${code}/ket-qua`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${who.cookies.get('mc_session')}` },
    body,
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

test('a draft is made from the template, versioned, marked DỰ THẢO, and shown to staff only', async () => {
  const code = await received('Nguyễn Thị Dự');
  const first = await desk.page(`/ho-so/${code}/ket-qua`);
  assert.equal(first.status, 200);
  assert.match(text(first.html), /Chưa có bản dự thảo nào/);
  assert.match(first.html, /Về việc đăng ký khai sinh cho Nguyễn Thị Dự/);

  const noSigner = await saveDraft(desk, code, { signerName: '' });
  assert.equal(noSigner.status, 400);
  assert.match(text(noSigner.html), /Nhập họ tên người ký/);
  const saved = await saveDraft(desk, code, { signerName: 'Trần Văn Chủ', comment: 'Bản đầu' });
  assert.equal(saved.status, 303);
  const again = await saveDraft(desk, code, { subject: 'Về việc đăng ký khai sinh (sửa)', comment: 'Sửa trích yếu' });
  assert.equal(again.location, `/ho-so/${code}/ket-qua?da_luu=2`);

  const pdf = await desk.get(`/ho-so/${code}/ket-qua/du-thao/2.pdf`);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const words = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await pdf.arrayBuffer()) }).toString();
  for (const w of [
    'DỰ THẢO',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'QUYẾT ĐỊNH',
    '(sửa)',
    'Trần Văn Chủ',
    'Số:',
  ])
    assert.ok(words.includes(w), `${w} in the draft`);
  assert.doesNotMatch(words, /Số: \d/, 'a draft has no number');

  // Staff of another agency, a citizen and an anonymous visitor never get a draft.
  assert.equal((await specialist.get(`/ho-so/${code}/ket-qua/du-thao/1.pdf`)).status, 403);
  const anonymous = await new Client(url).get(`/ho-so/${code}/ket-qua/du-thao/1.pdf`);
  assert.notEqual(anonymous.status, 200);
  const lookup = JSON.stringify(await (await fetch(`${url}/api/dossiers/${code}/status`)).json());
  assert.doesNotMatch(lookup, /du-thao|DỰ THẢO|ket-qua/);
});

test('an uploaded draft must be a PDF', async () => {
  const code = await received('Tải Lên');
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d9e3ab0000000049454e44ae426082',
    'hex',
  );
  const res = await saveDraft(desk, code, { signerName: 'Ai Đó' }, ['anh.png', png]);
  assert.equal(res.status, 400);
  assert.match(text(res.html), /Dự thảo tải lên phải là tệp PDF/);
});
