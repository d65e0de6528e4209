import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { AppError } from '../../errors.ts';
import { appendRevision } from './pdf/incremental-update.ts';
import { openPdf } from './pdf/pdf-file.ts';
import { name, PdfDict, PdfRef, PdfStream } from './pdf/pdf-syntax.ts';
import { signPdf, type SignPdfRequest } from './sign-pdf.ts';
import { memoryAuthority, objectStreamPdf, pdfsig, tempDir, twoPagePdf } from './signing-fixture.ts';
import { verifyPdf } from './verify-pdf.ts';

// Verification of incoming files, on a CA held in memory: what was signed, what came after, and bad input.

const ca = memoryAuthority();
const trust = { anchors: [new X509Certificate(ca.root)] };
const deps = { trust, revocation: ca.revocation };
const dir = tempDir('mot-cua-verify-');
const person = ca.signer('Trần Thị Ỹ', 'Ủy ban nhân dân xã Ỷ La');
const seal = ca.signer('Ủy ban nhân dân xã Ỷ La', 'Ủy ban nhân dân xã Ỷ La');
const leaderRequest: SignPdfRequest = { placement: { page: 0, x: 300, y: 100, width: 220, height: 90 }, appearance: 'person' };
const sealRequest: SignPdfRequest = {
  placement: { page: 0, x: 260, y: 80, width: 220, height: 80 },
  appearance: 'organisation',
  documentNumber: '3/GP',
};
const pdf = await twoPagePdf();
const once = await signPdf(pdf, leaderRequest, { signer: person, revocation: ca.revocation });

const notPdf = (err: unknown) => {
  assert.ok(err instanceof AppError && err.code === 'bad_request', String(err));
  assert.equal(err.userMessage, 'Tệp này không phải là tệp PDF.');
  return true;
};

test('a file that is not a PDF is refused; an unsigned PDF has no signatures, and says so', async () => {
  await assert.rejects(verifyPdf(Buffer.from('PK\x03\x04 a zip file'), deps), notPdf);
  await assert.rejects(verifyPdf(Buffer.alloc(0), deps), notPdf);
  const verdict = await verifyPdf(pdf, deps);
  assert.deepEqual(verdict, { signatures: [], allValid: false, summary: 'Tệp không có chữ ký số.' });
});

test('content changed by a later revision: the signed bytes are intact, pdfsig calls it valid, the verdict says invalid', async () => {
  // A new revision replaces page 1's content: the "shadow" change a byte-range check alone misses.
  const file = openPdf(once);
  const pageRef = file.pageRefs()[0]!;
  const content = new PdfStream(
    new PdfDict([['Filter', name('FlateDecode')]]),
    zlib.deflateSync(Buffer.from('BT /F1 30 Tf 72 700 Td (Da sua) Tj ET')),
  );
  const altered = appendRevision(file, [
    { num: file.size, object: content },
    { num: pageRef.num, object: file.dict(pageRef)!.clone().set('Contents', new PdfRef(file.size, 0)) },
  ]);
  const out = path.join(dir, 'altered.pdf');
  fs.writeFileSync(out, altered);
  assert.equal(pdfsig(out)[0]?.validation, 'Signature is Valid.');
  const [s] = (await verifyPdf(altered, deps)).signatures;
  assert.deepEqual([s!.integrity, s!.laterChanges, s!.status], ['intact', 'other', 'invalid']);
  assert.match(s!.messages.join(' '), /bổ sung nội dung khác ngoài chữ ký số/);
});

test('an annotation added after signing (text laid over the page) is a change too', async () => {
  const [s] = (await verifyPdf(withNote(once), deps)).signatures;
  assert.deepEqual([s!.integrity, s!.laterChanges, s!.status], ['intact', 'other', 'invalid']);
});

/** `signed` with a FreeText annotation laid over page 1 in a revision of its own, signed by nobody. */
function withNote(signed: Buffer): Buffer {
  const file = openPdf(signed);
  const pageRef = file.pageRefs()[0]!;
  const page = file.dict(pageRef)!;
  const note = new PdfDict([
    ['Type', name('Annot')],
    ['Subtype', name('FreeText')],
    ['Rect', [72, 700, 400, 740]],
  ]);
  const annots = (file.resolve(page.get('Annots')) as PdfRef[] | undefined) ?? [];
  return appendRevision(file, [
    { num: file.size, object: note },
    { num: pageRef.num, object: page.clone().set('Annots', [...annots, new PdfRef(file.size, 0)]) },
  ]);
}

test('the seal writes the issued number on the page with its signature: the leader’s stays valid and says so; a note added after either is caught', async () => {
  const stamped = await signPdf(
    once,
    // The seal on page 2, the number it writes on page 1: both pages gain an annotation.
    {
      ...sealRequest,
      placement: { ...sealRequest.placement, page: 1 },
      stamp: { placement: { page: 0, x: 100, y: 760, width: 40, height: 14 }, text: '47' },
    },
    { signer: seal, revocation: ca.revocation },
  );
  const out = path.join(dir, 'stamped.pdf');
  fs.writeFileSync(out, stamped);
  assert.deepEqual(
    pdfsig(out).map((s) => s.validation),
    ['Signature is Valid.', 'Signature is Valid.'],
  );
  const verdict = await verifyPdf(stamped, deps);
  assert.deepEqual(
    verdict.signatures.map((s) => [s.status, s.laterChanges]),
    [
      ['valid', 'signatures_and_stamps'],
      ['valid', 'none'],
    ],
  );
  assert.match(verdict.signatures[0]!.messages.join(' '), /nội dung do chữ ký số sau ghi thêm lên trang \(như số văn bản khi phát hành\)/);
  const file = openPdf(stamped);
  const pages = file.pageRefs().map((ref) => file.resolve(file.dict(ref)!.get('Annots')));
  assert.deepEqual(
    pages.map((a) => (Array.isArray(a) ? a.length : 0)),
    [2, 1],
    'page 1: the leader’s signature and the number; page 2: the seal',
  );
  const words = execFileSync('pdftotext', ['-f', '1', '-l', '1', out, '-']).toString();
  assert.match(words, /\b47\b/, 'the number is drawn on page 1');
  // Someone else signs the issued file afterwards (a citizen attaching it elsewhere): that signature
  // wrote nothing on the page, so it has no say on the number the seal wrote.
  const countersigned = await signPdf(
    stamped,
    { ...leaderRequest, placement: { ...leaderRequest.placement, page: 1 } },
    { signer: ca.signer('Người Nộp', 'Công ty Lạ'), revocation: ca.revocation },
  );
  assert.deepEqual(
    (await verifyPdf(countersigned, deps)).signatures.map((s) => [s.status, s.laterChanges]),
    [
      ['valid', 'signatures_and_stamps'],
      ['valid', 'signatures_only'],
      ['valid', 'none'],
    ],
  );
  // The same kind of annotation, but in a revision no signature covers: a change for both.
  const noted = await verifyPdf(withNote(stamped), deps);
  assert.deepEqual(
    noted.signatures.map((s) => [s.status, s.laterChanges]),
    [
      ['invalid', 'other'],
      ['invalid', 'other'],
    ],
  );
});

test('only a valid signature of the leader’s own organisation vouches for what it writes on the page', async () => {
  const stamp = { placement: { page: 0, x: 100, y: 760, width: 40, height: 14 }, text: '9' };
  const statuses = async (signer: ReturnType<typeof ca.signer>) =>
    (await verifyPdf(await signPdf(once, { ...sealRequest, stamp }, { signer, revocation: ca.revocation }), deps)).signatures;
  // Anyone with a trusted certificate, a citizen's say, writing over an issued document: a change.
  const foreign = await statuses(ca.signer('Người Lạ', 'Công ty Lạ'));
  assert.deepEqual(
    foreign.map((s) => s.status),
    ['invalid', 'valid'],
  );
  assert.match(foreign[0]!.messages.join(' '), /ghi thêm nội dung bởi một chữ ký số không hợp lệ hoặc không phải của cùng cơ quan/);
  // The organisation's name, on a certificate no trusted authority issued: cannot be told.
  const unknown = await statuses(memoryAuthority().signer('Ủy ban nhân dân xã Ỷ La', 'Ủy ban nhân dân xã Ỷ La'));
  assert.deepEqual(
    unknown.map((s) => [s.status, s.laterChanges]),
    [
      ['indeterminate', 'signatures_and_stamps'],
      ['indeterminate', 'none'],
    ],
  );
  assert.match(unknown[0]!.messages.join(' '), /Chữ ký số của cơ quan đã ghi thêm nội dung lên trang nhưng chưa xác định được là hợp lệ/);
});

test('a file with object streams and a predicted cross-reference stream is signed twice; pdfsig and the verifier agree', async () => {
  const source = objectStreamPdf();
  assert.equal(openPdf(source).xrefIsStream, true);
  const first = await signPdf(source, leaderRequest, { signer: person, revocation: ca.revocation });
  const both = await signPdf(first, sealRequest, { signer: seal, revocation: ca.revocation });
  const out = path.join(dir, 'objstm.pdf');
  fs.writeFileSync(out, both);
  assert.deepEqual(
    pdfsig(out).map((s) => [s.validation, s.totalDocument]),
    [
      ['Signature is Valid.', false],
      ['Signature is Valid.', true],
    ],
  );
  const verdict = await verifyPdf(both, deps);
  assert.deepEqual(
    verdict.signatures.map((s) => [s.status, s.laterChanges, s.fieldName]),
    [
      ['valid', 'signatures_only', 'Signature1'],
      ['valid', 'none', 'Signature2'],
    ],
  );
});

test('a certificate revoked before the claimed signing time makes the signature invalid; after it, indeterminate', async () => {
  const signer = ca.signer('Lê Văn Bị Thu Hồi', 'Sở Tư pháp');
  const later = await signPdf(pdf, { ...leaderRequest, signedAt: new Date(Date.now() + 3600_000) }, { signer, revocation: ca.revocation });
  const earlier = await signPdf(pdf, { ...leaderRequest, signedAt: new Date(Date.now() - 60_000) }, { signer, revocation: ca.revocation });
  ca.revoke(signer.serial);
  const [a] = (await verifyPdf(later, deps)).signatures;
  assert.deepEqual([a!.status, a!.revocation.status], ['invalid', 'revoked']);
  const [b] = (await verifyPdf(earlier, deps)).signatures;
  assert.deepEqual([b!.status, b!.revocation.status], ['indeterminate', 'revoked']);
  assert.match(b!.messages.join(' '), /không xác định được chữ ký có trước khi thu hồi/);
});

test('damaged files never crash the verifier: any cut or any changed bytes give a verdict or bad_request', async () => {
  const both = await signPdf(once, sealRequest, { signer: seal, revocation: ca.revocation });
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.record({ kind: fc.constant('cut' as const), at: fc.integer({ min: 0, max: both.length }) }),
        fc.record({
          kind: fc.constant('bytes' as const),
          changes: fc.array(fc.record({ at: fc.nat({ max: both.length - 1 }), value: fc.integer({ min: 0, max: 255 }) }), {
            minLength: 1,
            maxLength: 8,
          }),
        }),
      ),
      async (damage) => {
        let bytes: Buffer;
        if (damage.kind === 'cut') bytes = both.subarray(0, damage.at);
        else {
          bytes = Buffer.from(both);
          for (const c of damage.changes) bytes[c.at] = c.value;
        }
        try {
          const verdict = await verifyPdf(bytes, deps);
          assert.ok(verdict.signatures.length <= 2);
          // A changed byte anywhere inside a signed range is never reported as valid.
          if (damage.kind === 'bytes')
            for (const s of verdict.signatures) {
              const [a, b, c, d] = s.byteRange;
              const touched = damage.changes.some(
                (x) => both[x.at] !== x.value && ((x.at >= a && x.at < a + b) || (x.at >= c && x.at < c + d)),
              );
              if (touched) assert.notEqual(s.status, 'valid');
            }
        } catch (err) {
          assert.ok(err instanceof AppError && err.code === 'bad_request', String(err));
        }
      },
    ),
    { numRuns: 150 },
  );
});
