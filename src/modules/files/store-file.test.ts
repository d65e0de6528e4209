import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../errors.ts';
import { docxOf, jpegOf, minimalPdf, pdfOf, pngOf, xlsxOf } from './files-fixture.ts';
import { verifyStored } from './read-file.ts';
import { removeStaleTemp, storeStream } from './store-file.ts';
import { storedPath } from './stored-path.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mot-cua-files-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshStore = () => path.join(root, `store-${++folders}`);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** The input as a browser upload arrives: in chunks. */
const chunked = (b: Buffer, size = 1000) =>
  Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));
const store = (dir: string, b: Buffer, displayName = 'tep.bin', maxBytes = 5_000_000) =>
  storeStream(dir, chunked(b), { maxBytes, displayName });
const tempFiles = (dir: string) => fs.readdirSync(path.join(dir, 'tmp'));
const refusal = (code: string, message: string | RegExp) => (err: unknown) => {
  assert.ok(err instanceof AppError, String(err));
  assert.equal(err.code, code);
  if (typeof message === 'string') assert.equal(err.userMessage, message);
  else assert.match(err.userMessage, message);
  return true;
};

test('each accepted type is stored by its content hash with the type read from its bytes', async () => {
  const dir = freshStore();
  const samples: [string, Buffer, string][] = [
    ['don.pdf', minimalPdf(), 'application/pdf'],
    ['anh.jpg', jpegOf(4000, 3000), 'image/jpeg'],
    ['anh.png', pngOf(3, 2), 'image/png'],
    ['don.docx', docxOf(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['bang.xlsx', xlsxOf(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ];
  for (const [name, bytes, mediaType] of samples) {
    // The name lies on purpose: the type comes from the content.
    const stored = await store(dir, bytes, name.replace(/\.\w+$/, '.txt'));
    assert.deepEqual(stored, { sha256: sha(bytes), size: bytes.length, mediaType, displayName: name.replace(/\.\w+$/, '.txt') });
    assert.deepEqual(fs.readFileSync(path.join(dir, stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256)), bytes);
  }
  assert.deepEqual(tempFiles(dir), []);
});

test('a program named .pdf is refused (415) with the reason in Vietnamese, and nothing is kept', async () => {
  const dir = freshStore();
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(500, 7)]);
  await assert.rejects(
    store(dir, exe, 'hoa-don.pdf'),
    refusal(
      'unsupported_media_type',
      'Tệp “hoa-don.pdf” là tệp chương trình (EXE), không phải định dạng được chấp nhận (PDF, JPG, PNG, DOCX, XLSX).',
    ),
  );
  await assert.rejects(
    store(dir, Buffer.from('chỉ là chữ'), 'x.exe'),
    refusal('unsupported_media_type', 'Tệp “x.exe” không phải định dạng được chấp nhận (PDF, JPG, PNG, DOCX, XLSX).'),
  );
  await assert.rejects(store(dir, Buffer.alloc(0), 'rong.pdf'), refusal('unsupported_media_type', /rong\.pdf.*tệp rỗng/));
  assert.deepEqual(fs.readdirSync(dir), ['tmp']);
  assert.deepEqual(tempFiles(dir), []);
});

test('a macro-enabled document dressed as a DOCX is refused', async () => {
  const docm = docxOf([{ name: 'word/vbaProject.bin', data: Buffer.alloc(100) }]);
  await assert.rejects(store(freshStore(), docm, 'a.docx'), refusal('unsupported_media_type', /có macro/));
});

/** A valid PDF of exactly `size` bytes (a padding string object makes up the difference). */
function paddedPdf(size: number): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R >>'];
  let pad = 0;
  for (let b = pdfOf([...objects, '()']); b.length !== size; b = pdfOf([...objects, `(${'x'.repeat(pad)})`])) pad += size - b.length;
  return pdfOf([...objects, `(${'x'.repeat(pad)})`]);
}

test('exactly the limit is accepted; one byte over is refused (413) at once, leaving no temp file', async () => {
  const dir = freshStore();
  const atLimit = paddedPdf(3000);
  assert.equal(atLimit.length, 3000);
  assert.equal((await store(dir, atLimit, 'a.pdf', 3000)).size, 3000);

  const over = Buffer.concat([atLimit, Buffer.from('\n')]);
  await assert.rejects(store(dir, over, 'b.pdf', 3000), refusal('payload_too_large', 'Tệp “b.pdf” lớn hơn giới hạn 3.000 byte.'));
  assert.deepEqual(tempFiles(dir), []);

  // An endless upload: reading stops at the first chunk past the limit, and the input is destroyed.
  let pulled = 0;
  const endless = Readable.from(
    (function* () {
      for (;;) {
        pulled++;
        yield Buffer.alloc(64 * 1024, 1);
      }
    })(),
  );
  await assert.rejects(
    storeStream(dir, endless, { maxBytes: 1024 * 1024, displayName: 'vo-tan.pdf' }),
    refusal('payload_too_large', /1 MB/),
  );
  assert.ok(pulled <= 17 + 2, `pulled ${pulled} chunks`);
  assert.ok(endless.destroyed);
  assert.deepEqual(tempFiles(dir), []);
});

test('the same content stored twice, even at the same moment, is one intact file', async () => {
  const dir = freshStore();
  const jpeg = Buffer.concat([jpegOf(800, 600), Buffer.alloc(300_000, 9)]);
  const first = await store(dir, jpeg, 'mot.jpg');
  const second = await store(dir, jpeg, 'hai.jpg');
  assert.equal(second.sha256, first.sha256);
  assert.equal(second.displayName, 'hai.jpg');

  const png = pngOf(500, 400);
  const all = await Promise.all(Array.from({ length: 12 }, (_, i) => store(dir, png, `anh-${i}.png`, 5_000_000)));
  assert.deepEqual(new Set(all.map((s) => s.sha256)), new Set([sha(png)]));
  assert.equal(await verifyStored(dir, sha(png)), 'ok');
  assert.equal(await verifyStored(dir, first.sha256), 'ok');
  const stored = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  assert.deepEqual(stored.map((e) => e.name).sort(), [first.sha256, sha(png)].sort());
});

test('a path-traversal name is only shown, sanitised; the file goes under its hash', async () => {
  const dir = freshStore();
  const pdf = minimalPdf();
  const stored = await store(dir, pdf, '../../etc/passwd');
  assert.equal(stored.displayName, 'passwd');
  assert.ok(fs.existsSync(storedPath(dir, stored.sha256)));
  assert.ok(!fs.existsSync(path.join(dir, '..', 'etc')) && !fs.existsSync(path.join(dir, 'etc')));
  const spoof = await store(dir, pdf, 'C:\\Users\\lan\\Desktop\\\u202egpj.exe\u0007');
  assert.equal(spoof.displayName, 'gpj.exe');
});

test('a crash between the temp write and the rename leaves no file under the final name', async () => {
  const dir = freshStore();
  const docx = docxOf();
  // A child process stores the file, and dies (SIGKILL) at the moment it would rename the complete temp file.
  const script = `
    import fs from 'node:fs/promises';
    import { Readable } from 'node:stream';
    const { storeStream } = await import(${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'store-file.ts')).href)});
    fs.rename = () => { process.kill(process.pid, 'SIGKILL'); return new Promise(() => {}); };
    await storeStream(${JSON.stringify(dir)}, Readable.from([Buffer.from(${JSON.stringify(docx.toString('base64'))}, 'base64')]), { maxBytes: 1e6, displayName: 'don.docx' });
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.signal, 'SIGKILL', child.stderr);
  assert.ok(!fs.existsSync(storedPath(dir, sha(docx))));
  const left = tempFiles(dir);
  assert.equal(left.length, 1);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'tmp', left[0]!)), docx);

  assert.equal((await store(dir, docx, 'don.docx')).sha256, sha(docx));
  assert.equal(await verifyStored(dir, sha(docx)), 'ok');
  assert.equal(await removeStaleTemp(dir, 60_000), 0, 'a young temp file may be an upload in progress');
  assert.equal(await removeStaleTemp(dir, 0), 1);
  assert.deepEqual(tempFiles(dir), []);
});
