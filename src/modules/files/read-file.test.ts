import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, test } from 'node:test';
import { AppError } from '../../errors.ts';
import { minimalPdf } from './files-fixture.ts';
import { openStored, verifyStored } from './read-file.ts';
import { storeStream } from './store-file.ts';
import { storedPath } from './stored-path.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mot-cua-read-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const withCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code;

test('a stored file reads back whole, with its size', async () => {
  const pdf = minimalPdf();
  const { sha256 } = await storeStream(dir, Readable.from([pdf]), { maxBytes: 1e6, displayName: 'a.pdf' });
  const opened = await openStored(dir, sha256);
  assert.equal(opened.size, pdf.length);
  assert.deepEqual(await buffer(opened.stream), pdf);
  assert.equal((await openStored(dir, sha256.toUpperCase())).size, pdf.length);
});

test('anything but 64 hex characters is refused before touching the disk; an unknown hash is not found', async () => {
  for (const bad of ['../../etc/passwd', 'a'.repeat(63), 'g'.repeat(64), `${'a'.repeat(62)}/.`, '', `${'a'.repeat(64)}\0`]) {
    await assert.rejects(openStored(dir, bad), withCode('bad_request'), bad);
    await assert.rejects(verifyStored(dir, bad), withCode('bad_request'), bad);
  }
  await assert.rejects(openStored(dir, 'a'.repeat(64)), withCode('not_found'));
});

test('verification rehashes: a file changed on disk is corrupt, a missing one is missing', async () => {
  const pdf = minimalPdf();
  const { sha256 } = await storeStream(dir, Readable.from([pdf]), { maxBytes: 1e6, displayName: 'a.pdf' });
  assert.equal(await verifyStored(dir, sha256), 'ok');
  const changed = Buffer.from(pdf);
  changed[20] = changed[20]! ^ 1;
  fs.writeFileSync(storedPath(dir, sha256), changed);
  assert.equal(await verifyStored(dir, sha256), 'corrupt');
  fs.rmSync(storedPath(dir, sha256));
  assert.equal(await verifyStored(dir, sha256), 'missing');
});
