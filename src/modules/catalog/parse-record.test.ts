import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { procedureSchema, type Procedure } from './procedure.schema.ts';
import { parseRecord, type ParseOutcome } from './parse-record.ts';

const dirname = path.dirname(fileURLToPath(import.meta.url));
// The real national-portal records, as shipped in the repository (a copy of shared/data/procedures).
const DATA = path.resolve(dirname, '../../../catalog-data/national');

function allFiles(): string[] {
  return fs
    .readdirSync(DATA)
    .flatMap((ministry) =>
      fs
        .readdirSync(path.join(DATA, ministry))
        .filter((f) => f.endsWith('.json'))
        .map((f) => path.join(DATA, ministry, f)),
    )
    .sort();
}

function readRecord(code: string): Record<string, unknown> {
  const file = allFiles().find((f) => path.basename(f) === `${code}.json`);
  assert.ok(file, `record ${code} exists in ${DATA}`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function parsed(code: string): { procedure: Procedure; outcome: ParseOutcome } {
  const outcome = parseRecord(readRecord(code));
  assert.equal(outcome.ok, true, `record ${code} parses`);
  if (!outcome.ok) throw new Error('unreachable');
  return { procedure: outcome.procedure, outcome };
}

test('1.001193 birth registration: three free one-day channels, result and components', () => {
  const { procedure: p, outcome } = parsed('1.001193');
  assert.equal(p.code, '1.001193');
  assert.equal(p.name, 'Thủ tục đăng ký khai sinh');
  assert.equal(p.decisionNumber, '163/QĐ-BTP');
  assert.deepEqual(p.levels, ['commune']);
  assert.equal(p.field, 'Hộ tịch');
  assert.deepEqual(p.subjects, ['Công dân Việt Nam', 'Người Việt Nam định cư ở nước ngoài']);
  assert.equal(p.relatedProcedures, '');
  assert.equal(p.implementingAgency, '');
  assert.deepEqual(p.conditions, []);
  assert.equal(p.onlineLevel, 'none');
  assert.equal(p.sourceUrl, 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7');

  assert.deepEqual(
    p.channels.map((c) => c.channel),
    ['online', 'post', 'counter'],
  );
  for (const c of p.channels) {
    assert.deepEqual(c.timeLimit, { value: 1, unit: 'days' });
    assert.deepEqual(c.fees, [{ amount: 0, text: 'Miễn phí' }]);
    assert.equal(c.description, '');
  }

  assert.deepEqual(p.results, [{ name: 'Giấy khai sinh', code: 'KQ.G15.000031' }]);

  const groups = [...new Set(p.components.map((c) => c.group))];
  assert.deepEqual(groups, ['Giấy tờ phải nộp', 'Giấy tờ phải xuất trình', 'Lưu ý', '']);
  const first = p.components[0];
  assert.ok(first);
  assert.equal(first.group, 'Giấy tờ phải nộp');
  assert.equal(first.name, '- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.');
  assert.equal(first.template, null);
  assert.equal(first.originals, 1);
  assert.equal(first.copies, 0);
  const certificate = p.components.find((c) => c.name.startsWith('- Giấy chứng sinh;'));
  assert.ok(certificate);
  assert.equal(certificate.group, 'Giấy tờ phải nộp');
  assert.equal(certificate.originals, 1);
  const lastGroup = p.components.filter((c) => c.group === '');
  assert.equal(lastGroup.length, 3);
  assert.ok(lastGroup[1]?.name.startsWith('- Tờ khai đăng ký khai sinh theo mẫu'));

  assert.equal(p.legalBasis.length, 15);
  assert.deepEqual(p.legalBasis[0], {
    title: 'Thông tư Hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương',
    number: '85/2019/TT-BTC',
  });
  assert.deepEqual(
    p.legalBasis.find((l) => l.number === 'Thông tư số 03/2023/TT-BTP'),
    { title: 'Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp', number: 'Thông tư số 03/2023/TT-BTP' },
  );
  assert.deepEqual(
    p.legalBasis.find((l) => l.number === '60/2014/QH13'),
    {
      title: 'Luật 60/2014/QH13',
      number: '60/2014/QH13',
    },
  );
  assert.ok(p.steps.length > 5);
  assert.ok(p.steps[0]?.startsWith('- Nếu lựa chọn hình thức nộp hồ sơ trực tiếp'));
  assert.deepEqual(outcome.ok && outcome.unparsed, []);
});

test('1.003658: fee of 100,000 VNĐ in five working days on every channel', () => {
  const { procedure: p } = parsed('1.003658');
  assert.equal(p.channels.length, 3);
  for (const c of p.channels) {
    assert.deepEqual(c.timeLimit, { value: 5, unit: 'working_days' });
    assert.deepEqual(c.fees, [{ amount: 100000, text: '100,000 VNĐ(Phí Thẩm tra, thẩm định: 100.000 đồng/lần)' }]);
  }
  assert.deepEqual(p.results, [{ name: 'Quyết định công bố (công bố lại) hoạt động bến thủy nội địa', code: 'KQ.G17.000296' }]);
});

test('1.003658: several components, with copies, under case headings', () => {
  const { procedure: p } = parsed('1.003658');
  assert.equal(p.components.length, 7);
  const withCopies = p.components.filter((c) => c.copies > 0);
  assert.equal(withCopies.length, 4);
  for (const c of withCopies) {
    assert.equal(c.originals, 0);
    assert.equal(c.copies, 1);
    assert.match(c.name, /^- Bản sao/);
  }
  assert.ok(p.components[0]?.group.startsWith('Hồ sơ đề nghị công bố hoạt động'));
  assert.ok(p.components[3]?.group.startsWith('Hồ sơ đối với phần thay đổi'));
});

test('1.002626: template file name separated from the document name', () => {
  const { procedure: p } = parsed('1.002626');
  const form = p.components.find((c) => c.template !== null);
  assert.deepEqual(form, {
    group: '',
    name: 'Giấy đề nghị đăng ký hành nghề quản lý, thanh lý tài sản với tư cách cá nhân',
    template: 'Mẫu TP-QTV-06.docx',
    originals: 1,
    copies: 0,
  });
});

test('6.006581: "Không có thông tin" time and fee give no time limit and no fee', () => {
  const { procedure: p } = parsed('6.006581');
  assert.deepEqual(
    p.channels.map((c) => c.channel),
    ['counter', 'online', 'post'],
  );
  for (const c of p.channels) {
    assert.equal(c.timeLimit, null);
    assert.deepEqual(c.fees, []);
    assert.equal(c.description, 'gửi qua hệ thống quản lý văn bản');
  }
});

test('fees: USD amounts are not converted; bare day counts run into fees are split', () => {
  const usd = parsed('1.003213').procedure.channels[0];
  assert.ok(usd);
  assert.equal(usd.timeLimit, null);
  assert.equal(usd.fees[0]?.amount, null);
  assert.match(usd.fees[0]?.text ?? '', /^150 USD\(/);

  // "Trực tuyến1Miễn phí...Dịch vụ bưu chính140 VNĐ(Lệ phí...: 40.000 đồng...)": 1 day, fee 40.
  const glued = parsed('1.013205').procedure.channels;
  assert.deepEqual(glued[0]?.timeLimit, { value: 1, unit: 'days' });
  assert.deepEqual(glued[1]?.timeLimit, { value: 1, unit: 'days' });
  assert.equal(glued[1]?.fees[0]?.amount, 40);
  assert.equal(glued[1]?.fees[0]?.text, '40 VNĐ(Lệ phí cấp giấy chứng nhận: 40.000 đồng/01 Giấy chứng nhận kiểm định.)');
});

test('several results, odd codes, related procedures and the online level', () => {
  assert.deepEqual(
    parsed('1.003009').procedure.results.map((r) => r.code),
    ['KQ.G15.000336', 'KQ.G15.000337'],
  );
  assert.deepEqual(parsed('1.009436').procedure.results[0]?.code, '000.00.00.G04-KQ3006');
  assert.deepEqual(parsed('1.014966').procedure.results, [
    { name: 'Quyết định cấp lại chứng chỉ hành nghề Quản tài viên', code: 'utw' },
    { name: 'Chứng chỉ hành nghề Quản tài viên', code: 'sgga' },
  ]);
  assert.equal(
    parsed('5.003809').procedure.relatedProcedures,
    'Hướng dẫn việc thực hiện các quy định pháp luật về quy hoạch đô thị và nông thôn, kiến trúc theo đề nghị của các Bộ, ngành, địa phương và các cơ quan, tổ chức liên quan',
  );
  assert.equal(parsed('1.002099').procedure.onlineLevel, 'full');
});

test('malformed input gives ok:false and never throws', () => {
  const record = readRecord('1.001193');
  for (const bad of [null, undefined, 42, 'text', [], [record]]) {
    const out = parseRecord(bad);
    assert.equal(out.ok, false);
    if (!out.ok) assert.equal(out.code, null);
  }
  const noName = parseRecord({ ...record, ten_thu_tuc: '   ' });
  assert.deepEqual(noName, { ok: false, reason: 'missing procedure name', code: '1.001193' });
  const nameMissing = { ...record };
  delete nameMissing.ten_thu_tuc;
  assert.deepEqual(parseRecord(nameMissing), { ok: false, reason: 'missing procedure name', code: '1.001193' });
  const noCode = { ...record };
  delete noCode.ma_thu_tuc;
  assert.deepEqual(parseRecord(noCode), { ok: false, reason: 'missing procedure code', code: null });
  assert.deepEqual(parseRecord({ ...record, ma_thu_tuc: 42 }), { ok: false, reason: 'missing procedure code', code: null });
  assert.equal(parseRecord({ ...record, ma_thu_tuc: 'abc' }).ok, false);
});

test('a record with only a code and a name still parses, and odd field types are reported', () => {
  const out = parseRecord({ ma_thu_tuc: '1.000001', ten_thu_tuc: 'Thử', cach_thuc_thuc_hien: 12 });
  assert.equal(out.ok, true);
  if (!out.ok) return;
  assert.deepEqual(out.procedure.channels, []);
  assert.deepEqual(out.unparsed, [{ field: 'cach_thuc_thuc_hien', reason: 'not a string', text: '12' }]);
  procedureSchema.parse(out.procedure);
});

test('every record parses and passes procedureSchema; unparsed counts per field', () => {
  const files = allFiles();
  assert.equal(files.length, 796);
  const perField = new Map<string, number>();
  const total = new Map<string, number>();
  for (const file of files) {
    const out = parseRecord(JSON.parse(fs.readFileSync(file, 'utf8')));
    assert.equal(out.ok, true, `${path.basename(file)}: ${out.ok ? '' : out.reason}`);
    if (!out.ok) continue;
    procedureSchema.parse(out.procedure);
    assert.equal(out.procedure.code, path.basename(file, '.json'));
    for (const u of out.unparsed) {
      assert.ok(u.text.length > 0 && Array.from(u.text).length <= 300);
      assert.ok(u.reason.length > 0);
      total.set(u.field, (total.get(u.field) ?? 0) + 1);
    }
    for (const field of new Set(out.unparsed.map((u) => u.field))) {
      perField.set(field, (perField.get(field) ?? 0) + 1);
    }
  }
  const report = Object.fromEntries([...perField].sort());
  console.log('records with at least one unparsed piece, per field:', report);
  console.log('unparsed pieces, per field:', Object.fromEntries([...total].sort()));
  // Keep these small; raise only with a reason.
  assert.ok((perField.get('thanh_phan_ho_so') ?? 0) <= 20);
  assert.ok((perField.get('cach_thuc_thuc_hien') ?? 0) <= 3);
  assert.ok((perField.get('can_cu_phap_ly') ?? 0) <= 3);
  assert.ok((perField.get('ket_qua_xu_ly') ?? 0) <= 3);
});

test('invisible marks copied inside words are dropped: "đăng k\\u200Eý" is read, and found, as "đăng ký"', () => {
  assert.ok(JSON.stringify(readRecord('1.001193')).includes('đăng k\u200Eý'), 'the record carries the mark');
  const marked = parseRecord({ ...readRecord('1.001193'), ten_thu_tuc: 'Thủ tục đăng k\u200Eý khai sinh', ma_thu_tuc: '1.001193\u200B' });
  assert.ok(
    marked.ok && marked.procedure.name === 'Thủ tục đăng ký khai sinh' && marked.procedure.code === '1.001193',
    'name and code too',
  );
  const json = JSON.stringify(parsed('1.001193').procedure);
  assert.doesNotMatch(json, /[\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/);
  assert.ok(json.includes('người yêu cầu đăng ký hộ tịch lựa chọn'));
  for (const file of allFiles()) {
    const outcome = parseRecord(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>);
    if (outcome.ok) assert.doesNotMatch(JSON.stringify(outcome.procedure), /[\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/, file);
  }
});
