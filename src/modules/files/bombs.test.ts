import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import zlib from 'node:zlib';
import { AppError } from '../../errors.ts';
import { deflatedZeros, docxOf, jpegOf, pdfOf, pngOf, streamObject, zipOf, zlibZeros } from './files-fixture.ts';
import { limits } from './limits.ts';
import { storeStream } from './store-file.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mot-cua-bombs-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const store = (bytes: Buffer, displayName: string) =>
  storeStream(dir, Readable.from([bytes]), { maxBytes: limits.defaultMaxBytes, displayName });
const refused = (reason: RegExp) => (err: unknown) => {
  assert.ok(err instanceof AppError, String(err));
  assert.equal(err.code, 'unsupported_media_type');
  assert.match(err.userMessage, reason);
  return true;
};
function nothingKept(): void {
  assert.deepEqual(fs.readdirSync(dir), ['tmp']);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'tmp')), []);
}
const bomb = /^Tệp “bom\.\w+” không được nhận: nội dung nén giải ra lớn bất thường/;
const oneGiB = deflatedZeros(1024);

test('a DOCX whose ~1 MB part declares and inflates to 1 GB is refused by its declared size', async () => {
  const docx = docxOf([{ name: 'word/media/zeros.bin', data: Buffer.alloc(0), deflated: oneGiB, declaredSize: 1024 ** 3 }]);
  assert.ok(docx.length < 1.1e6);
  await assert.rejects(store(docx, 'bom.docx'), refused(bomb));
  nothingKept();
});

test('a DOCX whose part lies (declares 10 KB, inflates to 1 GB) is refused after inflating 10 KB', async () => {
  const docx = docxOf([
    { name: 'word/media/zeros.bin', data: Buffer.alloc(0), deflated: oneGiB.subarray(0, 12_000), declaredSize: 10_000 },
  ]);
  const started = Date.now();
  await assert.rejects(store(docx, 'bom.docx'), refused(bomb));
  assert.ok(Date.now() - started < 2000);
  const lying = docxOf([{ name: 'word/media/zeros.bin', data: Buffer.alloc(0), deflated: oneGiB, declaredSize: 10_000 }]);
  await assert.rejects(store(lying, 'bom.docx'), refused(bomb));
  nothingKept();
});

test('a ZIP of more entries than any DOCX has, or with entries sharing bytes, is refused', async () => {
  const many = docxOf(Array.from({ length: limits.zip.maxEntries }, (_, i) => ({ name: `word/p${i}.xml`, data: Buffer.from('<a/>') })));
  await assert.rejects(store(many, 'nhieu.docx'), refused(/quá nhiều thành phần \(2003, tối đa 2000\)/));
  // Two directory entries pointing at the same local header (the "overlapping files" bomb).
  const docx = docxOf();
  const directoryAt = docx.readUInt32LE(docx.length - 6);
  const secondEntry = directoryAt + 46 + '[Content_Types].xml'.length;
  docx.writeUInt32LE(0, secondEntry + 42);
  await assert.rejects(store(docx, 'chong.docx'), refused(/hỏng/));
  nothingKept();
});

test('a PDF whose Flate stream inflates past the budget is refused, without inflating it all', async () => {
  const pdf = pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
    streamObject('/Filter /FlateDecode', zlibZeros(1024)),
  ]);
  const started = Date.now();
  await assert.rejects(store(pdf, 'bom.pdf'), refused(bomb));
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  // Just under the per-stream budget is a legitimate (if large) scan.
  const big = pdfOf(['<< /Type /Catalog >>', streamObject('/Filter /FlateDecode', zlibZeros(limits.pdf.maxStreamInflated / 1024 ** 2))]);
  assert.equal((await store(big, 'lon.pdf')).mediaType, 'application/pdf');
  // Two layers of Flate: the outer one is small, the inner one the bomb.
  const twice = pdfOf(['<< /Type /Catalog >>', streamObject('/Filter [/FlateDecode /FlateDecode]', zlib.deflateSync(zlibZeros(1024)))]);
  await assert.rejects(store(twice, 'bom.pdf'), refused(bomb));
  // Flate behind a filter the store does not decode cannot be checked, so it is refused.
  const hidden = pdfOf(['<< /Type /Catalog >>', streamObject('/Filter [/ASCIIHexDecode /FlateDecode]', Buffer.from('78da>'))]);
  await assert.rejects(store(hidden, 'an.pdf'), refused(/cách nén không kiểm tra được/));
});

test('a PDF of more than 2000 pages is refused, counting pages hidden in object streams', async () => {
  const page = '<< /Type /Page /Parent 2 0 R >>';
  const start = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 3 >>'];
  const visible = Array<string>(600).fill(page);
  const hidden = streamObject('/Type /ObjStm /N 1500 /First 0 /Filter /FlateDecode', zlib.deflateSync(Array(1500).fill(page).join('\n')));
  assert.equal((await store(pdfOf([...start, ...visible]), 'day.pdf')).mediaType, 'application/pdf');
  await assert.rejects(store(pdfOf([...start, ...visible, hidden]), 'day.pdf'), refused(/quá nhiều trang \(2100, tối đa 2000\)/));
  const lying = pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 1000000 >>']);
  await assert.rejects(store(lying, 'day.pdf'), refused(/quá nhiều trang \(1000000, tối đa 2000\)/));
});

test('images over 100 megapixels are refused from their headers; 100 exactly is accepted', async () => {
  await assert.rejects(
    store(pngOf(20000, 20000), 'anh.png'),
    refused(/20000×20000 điểm ảnh \(400 megapixel\), vượt giới hạn 100 megapixel/),
  );
  await assert.rejects(store(jpegOf(12000, 9000), 'anh.jpg'), refused(/12000×9000 điểm ảnh \(108 megapixel\)/));
  assert.equal((await store(jpegOf(10000, 10000), 'anh.jpg')).mediaType, 'image/jpeg');
  const noFrame = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9]);
  await assert.rejects(store(noFrame, 'anh.jpg'), refused(/hỏng/));
});

test('a ZIP that is not a DOCX or XLSX is named for what it is', async () => {
  await assert.rejects(
    store(zipOf([{ name: 'a.txt', data: Buffer.from('a') }]), 'a.docx'),
    refused(/là tệp nén ZIP, không phải định dạng/),
  );
});
