import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { DossierRow } from '../dossiers/dossiers.repository.ts';
import { layOutSlipPdf, renderSlipPdf } from './render-pdf.ts';
import { slipContent } from './slip-content.ts';

// The PDFs are read back with poppler-utils, as a person's viewer or a printer would read them.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slips-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const name = 'Nguyễn Thị Ỹ Lữ Đặng Hồ Ngọc Ánh';
const lookupUrl = 'https://motcua.example.vn/tra-cuu?ma=000.00.31.H99-261207-0012';
const vietnameseLetters = 'ầ ẩ ẫ ậ ễ ệ ỗ ộ ờ ở ỡ ợ ừ ử ữ ự ỳ ỷ ỹ ỵ đ Đ Ầ Ẩ Ẫ Ậ Ễ Ệ Ỗ Ộ Ờ Ở Ỡ Ợ Ừ Ử Ữ Ự Ỳ Ỷ Ỹ Ỵ';

function dossier(status: DossierRow['status'], componentCount = 4): DossierRow {
  return {
    id: 1,
    code: '000.00.31.H99-261207-0012',
    procedureCode: '1.001193',
    procedureVersion: 1,
    procedureName: 'Đăng ký khai sinh có yếu tố nước ngoài ở khu vực biên giới',
    receivingAgencyId: 3,
    receivingAgencyName: 'Ủy ban nhân dân xã Ỷ La',
    channel: 'counter',
    applicant: {
      fullName: name,
      idNumber: '001190012345',
      phone: '0912 345 678',
      email: 'anh.nguyen@example.vn',
      address: 'Số 18 ngõ Hữu Nghị, thôn Kiều Ngữ, xã Ỷ La, tỉnh Tuyên Quang',
    },
    representative: null,
    resultDelivery: 'counter',
    postalTracking: null,
    components: Array.from({ length: componentCount }, (_, i) => ({
      name: `- Giấy tờ số ${i + 1}: bản sao Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất`,
      received: true,
    })),
    receivedAt: new Date('2026-12-07T07:05:00Z'), // 14 giờ 05 phút in Vietnam
    dueAt: new Date('2026-12-14T09:30:00Z'),
    status,
    revision: 1,
    createdAt: new Date('2026-12-07T07:00:00Z'),
    acceptBy: null,
    citizenId: null,
    formVersion: null,
    answers: {},
    stepAgencyId: null,
    assigneeId: null,
    waitingAgencyIds: [],
  };
}

const reasons = [
  `Bổ sung bản chính Tờ khai đăng ký khai sinh; thiếu chữ ký ở mục Người yêu cầu (${vietnameseLetters}).`,
  'Giấy chứng nhận kết hôn của cha, mẹ trẻ.',
];

async function render(file: string, d: DossierRow): Promise<string> {
  const pdf = await renderSlipPdf(slipContent({ dossier: d, reasons, officer: 'Lê Văn Tưởng', lookupUrl, place: 'Tuyên Quang' }));
  const out = path.join(dir, file);
  fs.writeFileSync(out, pdf);
  return out;
}

const run = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });
/** The page text with runs of white space made one space, so that layout columns do not matter. */
const textOf = (pdf: string) => run('pdftotext', '-layout', pdf, '-').replace(/\s+/g, ' ');
const info = (pdf: string) => run('pdfinfo', pdf);
const pagesOf = (pdf: string) => Number(/^Pages:\s+(\d+)/m.exec(info(pdf))?.[1]);

const cases = [
  { status: 'received', form: 'Mẫu 01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' },
  { status: 'supplement_requested', form: 'Mẫu 02', title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ' },
  { status: 'not_received', form: 'Mẫu 03', title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ' },
] as const;

for (const c of cases) {
  test(`${c.form}: the text reads back exactly, Vietnamese letters intact`, async () => {
    const pdf = await render(`${c.status}.pdf`, dossier(c.status));
    const text = textOf(pdf);
    assert.equal(text, text.normalize('NFC'), 'letters come out precomposed, as typed');
    for (const expected of [
      c.form,
      c.title,
      'Mã hồ sơ: 000.00.31.H99-261207-0012',
      `Ông/Bà: ${name}`,
      'ỦY BAN NHÂN DÂN XÃ Ỷ LA',
      'BỘ PHẬN MỘT CỬA',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Tuyên Quang, ngày 07 tháng 12 năm 2026',
      'Đăng ký khai sinh có yếu tố nước ngoài ở khu vực biên giới',
      'Lê Văn Tưởng',
    ])
      assert.ok(text.includes(expected), `${expected} in: ${text}`);
    if (c.status === 'received') {
      assert.ok(text.includes('4. Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 07/12/2026'), text);
      assert.ok(text.includes('5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 14/12/2026'), text);
      assert.ok(text.includes('NGƯỜI NỘP HỒ SƠ') && text.includes('NGƯỜI TIẾP NHẬN HỒ SƠ'), text);
    } else {
      assert.ok(text.includes(vietnameseLetters), `every letter of the reason survives: ${text}`);
      assert.ok(!text.includes('Thời gian trả kết quả'), 'no appointment on a supplement request or a refusal');
    }
  });

  test(`${c.form}: one A4 page, the font embedded as TrueType, the QR code present`, async () => {
    const pdf = await render(`${c.status}-fonts.pdf`, dossier(c.status));
    assert.match(info(pdf), /^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m);
    assert.equal(pagesOf(pdf), 1);

    const fonts = run('pdffonts', pdf).trim().split('\n').slice(2);
    assert.ok(fonts.length >= 2, 'regular and bold');
    for (const row of fonts) {
      assert.match(row, /DejaVuSerif/, row);
      assert.match(row, /CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/, `embedded, subset, with a Unicode map: ${row}`);
      assert.doesNotMatch(row, /Type 3/, row);
    }

    const images = run('pdfimages', '-list', pdf).trim().split('\n').slice(2);
    const qr = images.map((row) => row.trim().split(/\s+/)).filter((col) => col[2] === 'image');
    assert.equal(qr.length, 1, 'one QR code');
    assert.equal(qr[0]![3], qr[0]![4], 'square');
  });
}

test('a dossier with 40 components flows onto the next page, every row exactly once, header repeated', async () => {
  const pdf = await render('forty.pdf', dossier('received', 40));
  assert.ok(pagesOf(pdf) >= 2, 'more than one page');
  const pages = run('pdftotext', '-layout', pdf, '-').split('\f');
  const text = pages.join(' ').replace(/\s+/g, ' ');
  for (let i = 1; i <= 40; i++) {
    const row = `Giấy tờ số ${i}: bản sao`;
    assert.equal(text.split(row).length - 1, 1, `row ${i} once`);
  }
  assert.ok(pages[1]!.includes('Tên giấy tờ'), 'the header row on the second page');
  assert.ok(text.includes(`Trang 1/${pagesOf(pdf)}`), 'pages are numbered');
  assert.ok(text.includes('16 giờ 30 phút, ngày 14/12/2026'), 'the appointment after the table survives');
  assert.ok(text.includes(`NGƯỜI TIẾP NHẬN HỒ SƠ`) && text.includes(name), 'the signatures after the table survive');
});

test('a receipt for the first four papers of the real birth registration (up to five lines each) is one page, signatures included', async () => {
  // The national record's own wording (1.001193): one of these used to push the signatures alone onto a second page.
  const papers = [
    'Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.',
    'Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh. Trường hợp người được ủy quyền là ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột của người ủy quyền thì văn bản ủy quyền không phải chứng thực.',
    'Trường hợp người yêu cầu đã nộp bản điện tử Giấy chứng sinh hoặc cơ quan đăng ký hộ tịch đã khai thác được dữ liệu điện tử có ký số của Giấy chứng sinh thì không phải nộp bản giấy.',
    'Trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ phải có văn bản xác nhận của cơ sở y tế đã thực hiện kỹ thuật hỗ trợ sinh sản cho việc mang thai hộ.',
  ];
  const d = { ...dossier('received'), components: papers.map((name) => ({ name, received: true })) };
  const pdf = await render('four-real-papers.pdf', d);
  assert.equal(pagesOf(pdf), 1);
  const text = textOf(pdf);
  assert.ok(text.includes('NGƯỜI TIẾP NHẬN HỒ SƠ') && text.includes('kỹ thuật hỗ trợ sinh sản'), text);
});

test('the same slip gives the same bytes, dated at the reception; a slip printed again is the one kept, another slip its own', async () => {
  const d = dossier('received');
  const content = slipContent({ dossier: d, reasons: [], officer: 'Lê Văn Tưởng', lookupUrl });
  const [a, b] = await Promise.all([layOutSlipPdf(content), layOutSlipPdf(structuredClone(content))]);
  assert.ok(a.equals(b), 'laid out twice, the same bytes');
  assert.ok((await renderSlipPdf(structuredClone(content))).equals(a));
  const other = await renderSlipPdf(slipContent({ dossier: d, reasons: [], officer: 'Trần Thị Bảy', lookupUrl }));
  assert.ok(!other.equals(a), 'another officer, another slip');
  assert.ok(other.equals(await layOutSlipPdf(slipContent({ dossier: d, reasons: [], officer: 'Trần Thị Bảy', lookupUrl }))));
  const file = path.join(dir, 'same.pdf');
  fs.writeFileSync(file, a);
  const env = { ...process.env, TZ: 'UTC' };
  assert.match(execFileSync('pdfinfo', [file], { encoding: 'utf8', env }), /^CreationDate:\s+Mon Dec\s+7 07:05:00 2026 UTC/m);
});

test('Mẫu 02 is signed by the officer who guides, alone, in the right half, as on the form', async () => {
  const pdf = await render('guide.pdf', dossier('supplement_requested'));
  const text = textOf(pdf);
  assert.ok(text.includes('NGƯỜI HƯỚNG DẪN'), text);
  assert.ok(!text.includes('NGƯỜI NỘP HỒ SƠ') && !text.includes('NGƯỜI TIẾP NHẬN HỒ SƠ'), text);
  const words = run('pdftotext', '-bbox', pdf, '-');
  const xMin = Number(/<word xMin="([\d.]+)"[^>]*>HƯỚNG<\/word>/.exec(words.normalize('NFC'))?.[1]);
  assert.ok(xMin > 595.28 / 2, `the title starts at ${xMin}, right of the middle`);
});

test('a postal receipt prints the channel and the tracking number', async () => {
  const pdf = await render('post.pdf', { ...dossier('received'), channel: 'post', postalTracking: 'EB123456789VN' });
  assert.ok(textOf(pdf).includes('Hình thức nộp hồ sơ: Qua dịch vụ bưu chính – Số hiệu bưu gửi: EB123456789VN'), textOf(pdf));
});

/** The words of each page with their boxes (points from the top), as poppler reads them. */
function wordsByPage(pdf: string): Array<Array<{ text: string; top: number; bottom: number }>> {
  return run('pdftotext', '-bbox', pdf, '-')
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        top: Number(m[1]),
        bottom: Number(m[2]),
        text: m[3]!,
      })),
    );
}

test('the signatures move to a new page only when they do not fit under the text, never for want of a few points', async () => {
  const bottom = 841.89 - 48; // the page's bottom margin
  let moved = 0;
  for (let n = 1; n <= 12; n++) {
    const pages = wordsByPage(await render(`signatures-${n}.pdf`, dossier('received', n)));
    const at = pages.findIndex((words) => words.some((w) => w.text === 'NGƯỜI'));
    if (at === 0) continue;
    moved++;
    // On the page they moved to, the signature block is all there is above the page number.
    const block = pages[at]!.filter((w) => w.bottom < bottom);
    const height = Math.max(...block.map((w) => w.bottom)) - Math.min(...block.map((w) => w.top));
    const textEnd = Math.max(...pages[at - 1]!.filter((w) => w.bottom < bottom).map((w) => w.bottom));
    // 10 points of space above the block, as drawn; 4 for the line gaps a box does not show.
    assert.ok(textEnd + 10 + height + 4 > bottom, `${n} components: ${bottom - textEnd} points free for a block of ${height}`);
  }
  assert.ok(moved > 0, 'some counts of components do push the signatures over');
});
