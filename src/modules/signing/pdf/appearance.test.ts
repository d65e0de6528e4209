import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../../errors.ts';
import { signPdf, type SignPdfRequest } from '../sign-pdf.ts';
import { memoryAuthority, pdfsig, signaturePng, tempDir, twoPagePdf } from '../signing-fixture.ts';

// The signature's picture: an image given by the signer (Decree 30: a blue PNG with a transparent
// background) is placed and kept transparent; an image that is not one is refused on its field.

const ca = memoryAuthority();
const signer = ca.signer('Ngô Thị Mai', 'Sở Tư pháp tỉnh An Hòa');
const dir = tempDir('mot-cua-appearance-');
const request: SignPdfRequest = { placement: { page: 1, x: 300, y: 520, width: 230, height: 96 }, appearance: 'person' };

test('a transparent PNG signature image is drawn in the appearance, and the signature stays valid', async () => {
  const signed = await signPdf(await twoPagePdf(), { ...request, image: signaturePng() }, { signer, revocation: ca.revocation });
  const file = path.join(dir, 'image.pdf');
  fs.writeFileSync(file, signed);
  assert.equal(pdfsig(file)[0]?.validation, 'Signature is Valid.');
  // Rendered by poppler: blue ink in the upper part of the box (the image); were the transparency
  // lost, the image's background would print black and most of the area would be dark.
  const pixels = execFileSync(
    'pdftoppm',
    ['-f', '2', '-l', '2', '-r', '72', '-x', '300', '-y', '226', '-W', '230', '-H', '50', '-gray', file],
    { maxBuffer: 1 << 24 },
  );
  const gray = pixels.subarray(pixels.length - 230 * 50);
  const inked = gray.filter((v) => v < 200).length;
  assert.ok(inked > 100 && inked < 230 * 50 * 0.2, `${inked} dark pixels`);
});

test('an image that is not a PNG or JPEG is refused on the image field', async () => {
  await assert.rejects(
    signPdf(await twoPagePdf(), { ...request, image: Buffer.from('not an image') }, { signer, revocation: ca.revocation }),
    (err: unknown) => {
      assert.ok(err instanceof AppError && err.code === 'validation_failed');
      assert.equal(err.problems[0]?.field, 'image');
      return true;
    },
  );
});
