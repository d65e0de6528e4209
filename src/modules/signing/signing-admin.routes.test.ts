import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { type Client, staffClient } from '../../../test/helpers/client.ts';
import { AppError } from '../../errors.ts';
import { formatDate } from '../../lib/vietnamese.ts';
import { tempDir, twoPagePdf } from './signing-fixture.ts';
import { atRestKey, issueSigningKey, openStoredSigner, revocationSource, signPdf } from './signing.ts';

// The province's IT team at /quan-tri/chu-ky-so: PKCS#12 files made by a CA of their own (OpenSSL
// plays it), posted as a browser posts them, over real HTTP, on a real database.

const dir = tempDir('mot-cua-signing-admin-');
// The province trusts its own CA's root (made below).
const { url, deps, pool } = await startTestApp({ demo: true, env: { SIGNING_TRUST_LIST: path.join(dir, 'root.pem') } });
const admin = await staffClient(url, deps, 'quantri.tinh');
const stpAdmin = await staffClient(url, deps, 'quantri.stp');
const inspector = await staffClient(url, deps, 'thanhtra');
const specialist = await staffClient(url, deps, 'chuyenvien.stp');
const key = atRestKey(deps.config.signing.keySecret);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
openssl(
  ...['req', '-x509', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '400'],
  ...['-subj', '/C=VN/O=Tổ chức cấp thử/CN=Root CA thử nghiệm của tỉnh', '-addext', 'basicConstraints=critical,CA:TRUE'],
);
fs.writeFileSync(
  path.join(dir, 'signer.ext'),
  'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature, nonRepudiation\n',
);

/** A certificate of the test CA for `subject`, valid `days` from now, in a PKCS#12 file under `password`. */
function pkcs12(name: string, subject: string, days: number, password: string): Buffer {
  openssl('req', '-new', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
  openssl(
    ...['x509', '-req', '-in', `${name}.csr`, '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial'],
    ...['-out', `${name}.pem`, '-days', String(days), '-extfile', 'signer.ext'],
  );
  openssl(
    'pkcs12',
    '-export',
    '-inkey',
    `${name}.key`,
    '-in',
    `${name}.pem`,
    '-certfile',
    'root.pem',
    '-out',
    `${name}.p12`,
    '-passout',
    `pass:${password}`,
  );
  return fs.readFileSync(path.join(dir, `${name}.p12`));
}

const password = 'mật-khẩu-Bí-Mật-42';
const leaderP12 = pkcs12('leader', '/C=VN/O=Sở Tư pháp tỉnh An Hòa/CN=Ngô Thị Mai', 10, password);
const stpSealP12 = pkcs12('stp-seal', '/C=VN/CN=Sở Tư pháp tỉnh An Hòa', 400, password);
const sxdSealP12 = pkcs12('sxd-seal', '/C=VN/CN=Sở Xây dựng tỉnh An Hòa', 400, password);

const one = async (sql: string, params: unknown[] = []) => (await pool.query<{ v: number }>(sql, params)).rows[0]!.v;
const agencyId = (code: string) => one('SELECT id AS v FROM agencies WHERE code = $1', [code]);
const staffId = (username: string) => one('SELECT id AS v FROM staff WHERE username = $1', [username]);
const stp = await agencyId('000.00.11.H99');
const sxd = await agencyId('000.00.12.H99');
const leader = await staffId('giamdoc.stp');
const keyCount = () => one('SELECT count(*)::int AS v FROM signing_keys');
const fileCount = () => one('SELECT count(*)::int AS v FROM files');

/** Posts the import form as a browser does: multipart, the CSRF part first, the file in memory. */
async function importKey(who: Client, fields: Record<string, string>, file?: [string, Buffer]) {
  await who.page('/quan-tri/chu-ky-so');
  const body = new FormData();
  body.append('_csrf', who.csrf());
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append('pkcs12', new Blob([new Uint8Array(file[1])]), file[0]);
  const res = await fetch(`${url}/quan-tri/chu-ky-so`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: who.cookieHeader(), accept: 'text/html' },
    body,
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

test('the province admin imports an officer’s PKCS#12; it is listed with its subject, issuer, dates and status', async () => {
  const empty = await admin.page('/quan-tri/chu-ky-so');
  assert.equal(empty.status, 200);
  assert.match(empty.html, /<h1>Chữ ký số<\/h1>/);
  assert.ok(empty.html.includes('<a href="/quan-tri/chu-ky-so">Chữ ký số</a>'), 'in the admin navigation');
  assert.match(text(empty.html), /Chưa có chứng thư số nào\./);
  assert.match(
    empty.html,
    /<form method="post" action="\/quan-tri\/chu-ky-so" enctype="multipart\/form-data" novalidate><input type="hidden" name="_csrf"/,
  );
  assert.ok(empty.html.includes(`<option value="organisation:${sxd}">Con dấu: Sở Xây dựng tỉnh An Hòa</option>`));
  assert.ok(empty.html.includes(`<option value="officer:${leader}">Ngô Thị Mai (giamdoc.stp)</option>`));

  const files = await fileCount();
  const res = await importKey(admin, { holder: `officer:${leader}`, password }, ['ngo-thi-mai.p12', leaderP12]);
  assert.equal(res.status, 303, res.html);
  const id = Number(/^\/quan-tri\/chu-ky-so\?da_nhap=(\d+)$/.exec(res.location ?? '')?.[1]);
  assert.ok(id > 0, res.location ?? '');

  const { html } = await admin.page(res.location!);
  const row = text(/<tr id="khoa-\d+">.*?<\/tr>/s.exec(html)?.[0] ?? '');
  assert.match(text(html), /Đã nhập chứng thư số CN=Ngô Thị Mai, O=Sở Tư pháp tỉnh An Hòa, C=VN\./);
  assert.match(
    row,
    /^ Ngô Thị Mai giamdoc\.stp · Sở Tư pháp tỉnh An Hòa CN=Ngô Thị Mai, O=Sở Tư pháp tỉnh An Hòa, C=VN Số sê-ri: [0-9a-f]+ /,
  );
  assert.match(row, /CN=Root CA thử nghiệm của tỉnh, O=Tổ chức cấp thử, C=VN/);
  assert.ok(!row.includes('CA thử nghiệm –'), 'not the development CA');
  const stored = await pool.query(
    'SELECT holder_kind, staff_id, agency_id, authority_id, not_before, not_after, pkcs12 FROM signing_keys WHERE id = $1',
    [id],
  );
  const k = stored.rows[0];
  assert.deepEqual([k.holder_kind, Number(k.staff_id), Number(k.agency_id), k.authority_id], ['officer', leader, stp, null]);
  assert.ok(row.includes(`${formatDate(k.not_before)} ${formatDate(k.not_after)} Sắp hết hạn (còn 10 ngày)`), row);
  assert.ok(html.includes(`href="/quan-tri/chu-ky-so/${id}/thu-hoi"`));

  // Sealed at rest, never in the public file store; the password is nowhere in the database.
  assert.ok(!(k.pkcs12 as Buffer).equals(leaderP12));
  assert.equal(await fileCount(), files);
  assert.equal(await one(`SELECT count(*)::int AS v FROM audit_log WHERE detail::text LIKE '%' || $1 || '%'`, [password]), 0);
  const audit = await pool.query(
    `SELECT actor_name, agency_id, detail FROM audit_log WHERE action = 'signing.key_imported' AND subject_id = $1`,
    [String(id)],
  );
  assert.deepEqual(
    audit.rows.map((r) => [r.actor_name, Number(r.agency_id), r.detail.holder, r.detail.subject]),
    [['Nguyễn Văn Quản (quantri.tinh)', stp, 'officer', 'CN=Ngô Thị Mai, O=Sở Tư pháp tỉnh An Hòa, C=VN']],
  );
  assert.match(text((await admin.page('/quan-tri/nhat-ky?thao_tac=signing.key_imported')).html), /Nhập chứng thư số \(tệp PKCS#12\)/);

  const seal = await importKey(admin, { holder: `organisation:${sxd}`, password }, ['sxd.pfx', sxdSealP12]);
  assert.equal(seal.status, 303);
  assert.match(
    text((await admin.page(seal.location!)).html),
    /Con dấu của cơ quan Sở Xây dựng tỉnh An Hòa CN=Sở Xây dựng tỉnh An Hòa, C=VN .* Còn hiệu lực/,
  );
});

test('a wrong password, a file that is not PKCS#12, a missing or oversized file: 400 on the field, in Vietnamese, nothing stored', async () => {
  const before = await keyCount();
  const wrong = await importKey(admin, { holder: `officer:${leader}`, password: 'sai' }, ['ngo-thi-mai.p12', leaderP12]);
  assert.equal(wrong.status, 400);
  const message = 'Không mở được tệp khóa (PKCS#12): sai mật khẩu, tệp hỏng hoặc tệp không chứa khóa và chứng thư số.';
  assert.ok(wrong.html.includes(`<a href="#pkcs12">${message}</a>`), 'in the error summary');
  assert.ok(
    wrong.html.includes(`<span class="error-message" id="pkcs12-error"><span class="visually-hidden">Lỗi: </span>${message}</span>`),
  );
  assert.ok(wrong.html.includes(`<option value="officer:${leader}" selected>`), 'the holder chosen is kept');
  assert.ok(!wrong.html.includes('value="sai"'), 'the password is not sent back');

  const notKey = await importKey(admin, { holder: `organisation:${stp}`, password }, ['thu.p12', Buffer.from('không phải tệp khóa')]);
  assert.equal(notKey.status, 400);
  assert.ok(notKey.html.includes(message));
  assert.ok(notKey.html.includes(`<option value="organisation:${stp}" selected>`));

  const nothing = await importKey(admin, { holder: '', password });
  assert.equal(nothing.status, 400);
  assert.ok(nothing.html.includes('<a href="#holder">Chọn cán bộ hoặc con dấu của cơ quan được cấp chứng thư số.</a>'));
  assert.ok(nothing.html.includes('<a href="#pkcs12">Chọn tệp khóa PKCS#12 (.p12 hoặc .pfx)'), 'both problems at once');

  const large = await importKey(admin, { holder: `officer:${leader}`, password }, ['lon.pfx', Buffer.alloc(300 * 1024, 1)]);
  assert.equal(large.status, 400);
  assert.match(text(large.html), /Tệp “lon\.pfx” lớn hơn 100 KB: đây không phải tệp khóa PKCS#12/);

  const again = await importKey(admin, { holder: `officer:${leader}`, password }, ['ngo-thi-mai.p12', leaderP12]);
  assert.equal(again.status, 400);
  assert.ok(again.html.includes('Chứng thư số này đã được nhập trước đây.'));
  assert.equal(await keyCount(), before);
});

test('an agency admin manages only their own agency; a specialist cannot open the page; the inspector only looks', async () => {
  const page = await stpAdmin.page('/quan-tri/chu-ky-so');
  assert.equal(page.status, 200);
  assert.ok(page.html.includes('Ngô Thị Mai'), 'the keys of the Department of Justice');
  assert.ok(!text(page.html).includes('CN=Sở Xây dựng'), 'not those of another department');
  assert.ok(page.html.includes(`value="organisation:${stp}"`) && !page.html.includes(`value="organisation:${sxd}"`));

  const before = await keyCount();
  const other = await importKey(stpAdmin, { holder: `organisation:${sxd}`, password }, ['sxd.pfx', sxdSealP12]);
  assert.equal(other.status, 403);
  assert.match(text(other.html), /Bạn chỉ được nhập chứng thư số cho cán bộ và con dấu của cơ quan mình\./);
  const otherStaff = await importKey(stpAdmin, { holder: `officer:${await staffId('motcua.dongthanh')}`, password }, ['x.p12', stpSealP12]);
  assert.equal(otherStaff.status, 403, 'nor for an officer of another agency');
  assert.equal(await keyCount(), before);

  const own = await importKey(stpAdmin, { holder: `organisation:${stp}`, password }, ['stp.p12', stpSealP12]);
  assert.equal(own.status, 303);
  const sxdKey = await one(`SELECT id AS v FROM signing_keys WHERE agency_id = $1`, [sxd]);
  const token = stpAdmin.csrf(); // of the list page: an error page has no form
  const revokeOther = await stpAdmin.page(`/quan-tri/chu-ky-so/${sxdKey}/thu-hoi`);
  assert.equal(revokeOther.status, 403);
  const post = await stpAdmin.post(`/quan-tri/chu-ky-so/${sxdKey}/thu-hoi`, { reason: 'key_compromise', confirm: '1' }, token);
  assert.equal(post.status, 403);

  const denied = await specialist.page('/quan-tri/chu-ky-so');
  assert.equal(denied.status, 403);
  assert.match(text(denied.html), /Chỉ quản trị tỉnh, quản trị cơ quan và thanh tra được xem chứng thư số\./);
  await specialist.page('/hop-thu');
  assert.ok(!specialist.lastHtml.includes('/quan-tri/chu-ky-so'), 'no link in a specialist’s navigation');
  assert.equal((await importKey(inspector, { holder: `organisation:${stp}`, password }, ['x.p12', stpSealP12])).status, 403);

  const look = await inspector.page('/quan-tri/chu-ky-so');
  assert.equal(look.status, 200);
  assert.ok(look.html.includes('CN=Sở Xây dựng tỉnh An Hòa') && look.html.includes('CN=Ngô Thị Mai'));
  assert.ok(!look.html.includes('/thu-hoi') && !look.html.includes('enctype="multipart/form-data"'), 'no forms to change anything');
  const revokeByInspector = { reason: 'key_compromise', confirm: '1' };
  assert.equal((await inspector.post(`/quan-tri/chu-ky-so/${sxdKey}/thu-hoi`, revokeByInspector, inspector.csrf())).status, 403);
  assert.equal((await inspector.page(`/quan-tri/chu-ky-so/${sxdKey}/thu-hoi`)).status, 403);
  assert.equal(await one('SELECT count(*)::int AS v FROM signing_keys WHERE revoked_at IS NOT NULL'), 0);

  const filtered = await admin.page(`/quan-tri/chu-ky-so?co_quan=${sxd}`);
  assert.ok(filtered.html.includes('CN=Sở Xây dựng') && !filtered.html.includes('CN=Ngô Thị Mai'), 'filtered by agency');

  const anonymous = await fetch(`${url}/quan-tri/chu-ky-so`, { redirect: 'manual' });
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.headers.get('location'), `/dang-nhap?tiep=${encodeURIComponent('/quan-tri/chu-ky-so')}`);
});

test('revoking asks for a reason and a confirmation; the key is then listed as revoked and signing with it is refused', async () => {
  const imported = await one(`SELECT id AS v FROM signing_keys WHERE staff_id = $1`, [leader]);
  // A seal of the development CA, its signer opened before the revocation (as a batch would be).
  const dev = await issueSigningKey(
    pool,
    key,
    { kind: 'organisation', agencyId: stp, agencyName: 'Sở Tư pháp tỉnh An Hòa' },
    { by: { kind: 'system', id: null, name: 'Kiểm thử' } },
  );
  const signer = await openStoredSigner(pool, key, dev.id);
  const request = { placement: { page: 1, x: 300, y: 520, width: 230, height: 96 }, appearance: 'organisation' } as const;
  const sign = async () => signPdf(await twoPagePdf(), request, { signer, revocation: revocationSource(pool, key) });
  assert.ok((await sign()).length > 0, 'it signs before the revocation');
  await openStoredSigner(pool, key, imported);

  const confirm = await stpAdmin.page(`/quan-tri/chu-ky-so/${imported}/thu-hoi`);
  assert.equal(confirm.status, 200);
  assert.match(text(confirm.html), /Thu hồi chứng thư số .* CN=Ngô Thị Mai, O=Sở Tư pháp tỉnh An Hòa, C=VN/);
  assert.match(text(confirm.html), /cơ quan vẫn phải đề nghị tổ chức đó thu hồi chứng thư/);
  const unconfirmed = await stpAdmin.post(`/quan-tri/chu-ky-so/${imported}/thu-hoi`, { reason: '', confirm: '' });
  assert.equal(unconfirmed.status, 400);
  assert.ok(unconfirmed.html.includes('<a href="#reason">Chọn lý do thu hồi chứng thư số.</a>'));
  assert.ok(unconfirmed.html.includes('<a href="#confirm">Đánh dấu ô xác nhận'));
  const noTick = await stpAdmin.post(`/quan-tri/chu-ky-so/${imported}/thu-hoi`, { reason: 'affiliation_changed', confirm: '' });
  assert.equal(noTick.status, 400);
  assert.ok(noTick.html.includes('<option value="affiliation_changed" selected>'), 'the reason is kept');
  assert.equal(await one('SELECT count(*)::int AS v FROM signing_keys WHERE revoked_at IS NOT NULL'), 0);

  const done = await stpAdmin.post(`/quan-tri/chu-ky-so/${imported}/thu-hoi`, { reason: 'affiliation_changed', confirm: '1' });
  assert.equal(done.status, 303);
  assert.equal(done.location, `/quan-tri/chu-ky-so?da_thu_hoi=${imported}`);
  await stpAdmin.page(`/quan-tri/chu-ky-so/${dev.id}/thu-hoi`);
  assert.equal((await stpAdmin.post(`/quan-tri/chu-ky-so/${dev.id}/thu-hoi`, { reason: 'key_compromise', confirm: '1' })).status, 303);

  const { html } = await stpAdmin.page(done.location!);
  assert.match(text(html), /Đã thu hồi chứng thư số CN=Ngô Thị Mai, O=Sở Tư pháp tỉnh An Hòa, C=VN\./);
  const row = text(new RegExp(`<tr id="khoa-${imported}">.*?</tr>`, 's').exec(html)?.[0] ?? '');
  assert.match(
    row,
    new RegExp(`Đã thu hồi ngày ${formatDate(new Date()).replaceAll('/', '\\/')} Người giữ chứng thư chuyển công tác, nghỉ việc`),
  );
  assert.ok(!html.includes(`/quan-tri/chu-ky-so/${imported}/thu-hoi`), 'no second revocation offered');
  assert.match(text(html), /CA thử nghiệm – không dùng cho văn bản thật .* Đã thu hồi ngày .* Lộ khóa bí mật/);

  await assert.rejects(openStoredSigner(pool, key, imported), (err: unknown) => {
    assert.ok(err instanceof AppError && err.code === 'validation_failed');
    assert.equal(err.userMessage, 'Chứng thư số đã bị thu hồi; không thể ký.');
    return true;
  });
  // The signer opened before: refused by the development CA's new CRL.
  await assert.rejects(sign(), (err: unknown) => {
    assert.ok(err instanceof AppError && err.code === 'validation_failed');
    assert.match(err.userMessage, /^Không thể ký: Chứng thư số đã bị thu hồi lúc /);
    return true;
  });

  const audit = await pool.query(`SELECT actor_name, subject_id, detail FROM audit_log WHERE action = 'signing.key_revoked' ORDER BY id`);
  assert.deepEqual(
    audit.rows.map((r) => [r.actor_name, Number(r.subject_id), r.detail.reason]),
    [
      ['Lê Minh Quang (quantri.stp)', imported, 'affiliation_changed'],
      ['Lê Minh Quang (quantri.stp)', dev.id, 'key_compromise'],
    ],
  );
  assert.match(text((await admin.page('/quan-tri/nhat-ky?thao_tac=signing.key_revoked')).html), /Thu hồi chứng thư số/);
});
