import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { vietnamTime } from '../calendar/local-time.ts';
import type { ActionRow, DossierRow } from '../dossiers/dossiers.repository.ts';
import { extensionLetterContent, lettersOf, stopNoticeContent, type LetterInput } from './letters.ts';
import { renderSheetPdf } from './render-sheet-pdf.ts';
import type { SheetContent } from './sheet-content.ts';

// The letters to the applicant from a dossier's log, as values (no database, no HTTP).

const code = '000.00.10.H99-260309-0007';
const dossier = (extra: Partial<DossierRow> = {}): DossierRow => ({
  id: 7,
  code,
  procedureCode: '1.000426',
  procedureVersion: 1,
  procedureName: 'Cấp thẻ tư vấn viên pháp luật',
  receivingAgencyId: 3,
  receivingAgencyName: 'Trung tâm Phục vụ hành chính công tỉnh An Hòa',
  channel: 'counter',
  applicant: { fullName: 'Nguyễn Thị Ỹ Lữ', idNumber: '001190012345', phone: '0912345678', email: '', address: 'Số 18 ngõ Hữu Nghị' },
  representative: null,
  resultDelivery: 'counter',
  postalTracking: null,
  components: [
    { name: '- Đơn đề nghị cấp thẻ', received: true },
    {
      name: 'Bản sao văn bằng cử nhân luật',
      received: true,
      files: [{ uploadId: 1, sha256: 'x', size: 1, mediaType: 'application/pdf', displayName: 'a.pdf' }],
    },
    { name: 'Ảnh 2x3', received: false },
  ],
  receivedAt: vietnamTime('2026-03-09 08:05'),
  dueAt: vietnamTime('2026-03-20 17:00'),
  status: 'processing',
  revision: 5,
  createdAt: vietnamTime('2026-03-09 08:05'),
  acceptBy: null,
  citizenId: null,
  formVersion: null,
  answers: {},
  stepAgencyId: null,
  assigneeId: null,
  waitingAgencyIds: [],
  ...extra,
});

const entry = (at: string, action: string, toStatus: ActionRow['toStatus'], detail: Record<string, unknown> = {}): ActionRow => ({
  at: vietnamTime(at),
  actorKind: 'staff',
  actorId: 1,
  actorName: 'Vũ Thị Lan',
  action,
  toStatus,
  comment: '',
  detail,
});
const receive = entry('2026-03-09 08:05', 'receive', 'received');
const start = entry('2026-03-09 09:00', 'start', 'processing', { work: { kind: 'start' }, fromStep: null, toStep: 'appraise' });
const extend = entry('2026-03-11 09:30', 'extend', 'processing', {
  work: { kind: 'extend', reason: 'Chờ kết quả xác minh của Công an phường Đông Thành\nCần thêm thời gian thẩm định', until: '2026-03-27' },
  fromStep: 'appraise',
  toStep: 'appraise',
  previousDueAt: vietnamTime('2026-03-13 17:00').toISOString(),
});
const supplement = entry('2026-03-10 10:00', 'request_supplement', 'supplement_requested', {
  work: { kind: 'request_supplement', reasons: ['Bản sao có chứng thực'] },
  fromStep: 'appraise',
  toStep: 'appraise',
});
const stop = entry('2026-03-12 10:15', 'stop', 'stopped', {
  work: { kind: 'stop', reason: 'Người nộp đề nghị dừng để nộp lại hồ sơ khác' },
  fromStep: 'appraise',
  toStep: null,
});
const steps = {
  appraise: {
    name: 'Thẩm định hồ sơ',
    unit: 'Phòng Hành chính tư pháp',
    agency: 'Sở Tư pháp tỉnh An Hòa',
    parent: 'Ủy ban nhân dân tỉnh An Hòa',
    place: 'An Hòa',
  },
};
const input = (log: ActionRow[], extra: Partial<LetterInput> = {}): LetterInput => ({
  dossier: dossier(),
  log,
  steps,
  receivingParent: 'Ủy ban nhân dân tỉnh An Hòa',
  ...extra,
});

/** Every line the letter says, in order: each paragraph, note and table row on one line. */
const linesOf = (c: SheetContent) =>
  c.blocks.flatMap((b) =>
    b.kind === 'paragraph' ? [b.runs.map((r) => r.text).join('')] : b.kind === 'note' ? [b.text] : b.rows.map((r) => r.join(' | ')),
  );

test('Mẫu 04: the late agency apologises under its governing body, with the original and the new due date and the reason', () => {
  // The late step's agency signs, so the letter is dated where it sits, not where the dossier was received.
  const c = extensionLetterContent(input([receive, start, extend], { place: 'Đông Thành' }))!;
  assert.equal(c.form, 'Mẫu 04');
  assert.equal(c.title, 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
  assert.deepEqual(c.agencyLines, ['ỦY BAN NHÂN DÂN TỈNH AN HÒA', 'SỞ TƯ PHÁP TỈNH AN HÒA']);
  assert.equal(c.placeDate, 'An Hòa, ngày 11 tháng 3 năm 2026', 'dated the day of the extension');
  assert.equal(c.issuedAt.getTime(), extend.at.getTime());
  assert.deepEqual(linesOf(c), [
    'Kính gửi: Ông/Bà Nguyễn Thị Ỹ Lữ',
    'Địa chỉ: Số 18 ngõ Hữu Nghị',
    `Mã hồ sơ: ${code}`,
    'Tên thủ tục hành chính: Cấp thẻ tư vấn viên pháp luật',
    'Thời gian nhận hồ sơ: 08 giờ 05 phút, ngày 09/03/2026',
    'Thời gian hẹn trả kết quả trước khi gia hạn: 17 giờ 00 phút, ngày 13/03/2026',
    'Sở Tư pháp tỉnh An Hòa không thể giải quyết xong hồ sơ của Ông/Bà trong thời hạn đã hẹn.',
    'Lý do chậm giải quyết: Chờ kết quả xác minh của Công an phường Đông Thành',
    'Cần thêm thời gian thẩm định',
    'Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Sở Tư pháp tỉnh An Hòa thành thật xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết hồ sơ.',
    'Thời gian hẹn trả kết quả mới: ngày 27/03/2026',
    'Kính mong Ông/Bà thông cảm. Xin trân trọng cảm ơn sự hợp tác của Ông/Bà.',
    'Nơi nhận: Như trên; Bộ phận Một cửa – Trung tâm Phục vụ hành chính công tỉnh An Hòa (để cập nhật thời hạn và thông báo cho người nộp hồ sơ); Lưu: VT.',
  ]);
  assert.deepEqual(c.signatures, [{ title: 'THỦ TRƯỞNG CƠ QUAN', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: '' }]);
});

test('Mẫu 04: only with an extension; the one extension of the log; the receiving agency when the step is unknown', () => {
  assert.equal(extensionLetterContent(input([receive, start])), null);
  assert.equal(extensionLetterContent(input([receive, start, stop])), null);
  const c = extensionLetterContent(input([receive, start, extend, stop], { steps: {} }))!;
  assert.deepEqual(c.agencyLines, ['ỦY BAN NHÂN DÂN TỈNH AN HÒA', 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH AN HÒA']);
  assert.match(c.placeDate!, /^…………, ngày 11 tháng 3 năm 2026$/, 'the place left for the pen');
  const lines = linesOf(c);
  assert.equal(lines.filter((l) => l.startsWith('Thời gian hẹn trả kết quả mới')).length, 1);
  assert.equal(lines.filter((l) => l.startsWith('Lý do')).length, 1);
});

test('Mẫu 05: the stop at the applicant’s request, its reason, where the dossier stood, the documents and what becomes of them and the fees', () => {
  const c = stopNoticeContent(input([receive, start, supplement, stop]))!;
  assert.equal(c.form, 'Mẫu 05');
  assert.equal(c.title, 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
  assert.deepEqual(c.agencyLines, ['TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH AN HÒA', 'BỘ PHẬN MỘT CỬA']);
  assert.equal(c.placeDate, '…………, ngày 12 tháng 3 năm 2026');
  assert.equal(
    stopNoticeContent(input([receive, start, supplement, stop], { place: 'An Hòa' }))!.placeDate,
    'An Hòa, ngày 12 tháng 3 năm 2026',
    'the desk dates it where the receiving agency sits, whatever step the dossier was at',
  );
  const desk = 'Bộ phận Một cửa – Trung tâm Phục vụ hành chính công tỉnh An Hòa';
  assert.deepEqual(linesOf(c), [
    'Kính gửi: Ông/Bà Nguyễn Thị Ỹ Lữ',
    'Địa chỉ: Số 18 ngõ Hữu Nghị',
    `Mã hồ sơ: ${code}`,
    'Tên thủ tục hành chính: Cấp thẻ tư vấn viên pháp luật',
    'Thời gian nhận hồ sơ: 08 giờ 05 phút, ngày 09/03/2026',
    'Thời gian hẹn trả kết quả: 17 giờ 00 phút, ngày 20/03/2026',
    'Theo đề nghị của Ông/Bà, hồ sơ nêu trên đã được dừng giải quyết từ 10 giờ 15 phút, ngày 12/03/2026.',
    'Lý do dừng giải quyết: Người nộp đề nghị dừng để nộp lại hồ sơ khác',
    'Tình trạng hồ sơ khi dừng: đang chờ Ông/Bà bổ sung, hoàn thiện hồ sơ (bước «Thẩm định hồ sơ» tại Phòng Hành chính tư pháp – Sở Tư pháp tỉnh An Hòa). ' +
      'Hồ sơ không tiếp tục được giải quyết; quá trình giải quyết được lưu trong hệ thống.',
    'Giấy tờ Ông/Bà đã nộp:',
    '1 | Đơn đề nghị cấp thẻ | Bản giấy',
    '2 | Bản sao văn bằng cử nhân luật | Bản điện tử',
    `Bản chính giấy tờ Ông/Bà đã nộp (nếu có) được trả lại tại ${desk}. ` +
      'Phí, lệ phí Ông/Bà đã nộp (nếu có) được hoàn trả theo quy định của pháp luật chuyên ngành.',
    `Nếu có vướng mắc, Ông/Bà liên hệ ${desk} để được hướng dẫn. Xin thông báo để Ông/Bà được biết.`,
  ]);
  assert.equal(c.signatures?.[0]?.title, 'ĐẠI DIỆN BỘ PHẬN MỘT CỬA');
});

test('Mẫu 05: a dossier at a step; originals returned by post; never for the 15-day closure of an unanswered supplement request', () => {
  const post = stopNoticeContent(input([receive, start, stop], { dossier: dossier({ resultDelivery: 'post' }) }))!;
  const lines = linesOf(post);
  assert.ok(lines.some((l) => l.startsWith('Tình trạng hồ sơ khi dừng: đang được giải quyết ở bước «Thẩm định hồ sơ» tại Phòng')));
  assert.ok(
    lines.some((l) =>
      l.startsWith('Bản chính giấy tờ Ông/Bà đã nộp (nếu có) được trả lại qua dịch vụ bưu chính công ích theo địa chỉ Số 18'),
    ),
  );
  const closed = { ...stop, action: 'close_unanswered' };
  assert.equal(stopNoticeContent(input([receive, start, supplement, closed])), null);
  assert.equal(stopNoticeContent(input([receive, start, extend])), null);
});

test('which letters a log calls for', () => {
  assert.deepEqual(lettersOf([receive, start]), []);
  assert.deepEqual(lettersOf([receive, start, extend]), ['Mẫu 04']);
  assert.deepEqual(lettersOf([receive, start, extend, stop]), ['Mẫu 04', 'Mẫu 05']);
  assert.deepEqual(lettersOf([receive, start, supplement, { ...stop, action: 'close_unanswered' }]), []);
});

test('a letter as an A4 PDF: one page, the header, the number and date line, the signer, Vietnamese intact', async () => {
  const pdf = await renderSheetPdf(extensionLetterContent(input([receive, start, extend]))!);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString();
  assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  assert.match(info, /^Pages:\s+1$/m);
  const text = execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf }).toString().normalize('NFC').replace(/\s+/g, ' ');
  for (const expected of [
    'Mẫu 04 ỦY BAN NHÂN DÂN TỈNH AN HÒA SỞ TƯ PHÁP TỈNH AN HÒA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc',
    'Số: ………… An Hòa, ngày 11 tháng 3 năm 2026 VĂN BẢN XIN LỖI',
    'Thời gian hẹn trả kết quả mới: ngày 27/03/2026',
    'THỦ TRƯỞNG CƠ QUAN (Ký, ghi rõ họ tên và đóng dấu)',
  ])
    assert.ok(text.includes(expected), `${expected} in: ${text}`);
});
