import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { findUpload, insertFile, insertUpload } from './files.repository.ts';

const db = await testDatabase();
const file = { sha256: 'ab'.repeat(32), size: 1234, mediaType: 'application/pdf' as const };

test('the same content recorded twice is one row', async () => {
  await insertFile(db, file);
  await insertFile(db, { ...file, size: 1 });
  const { rows } = await db.query('SELECT sha256, size, media_type FROM files');
  assert.deepEqual(rows, [{ sha256: file.sha256, size: 1234, media_type: 'application/pdf' }]);
});

test('an upload is found only by the person who uploaded it', async () => {
  await insertFile(db, file);
  const citizen = { kind: 'citizen' as const, id: 7 };
  const id = await insertUpload(db, { sha256: file.sha256, displayName: 'Giấy khai sinh.pdf', by: citizen });
  const found = await findUpload(db, id, citizen);
  assert.deepEqual(
    { ...found, createdAt: undefined },
    {
      id,
      sha256: file.sha256,
      size: 1234,
      mediaType: 'application/pdf',
      displayName: 'Giấy khai sinh.pdf',
      uploadedBy: citizen,
      createdAt: undefined,
    },
  );
  assert.equal(await findUpload(db, id, { kind: 'citizen', id: 8 }), undefined);
  assert.equal(await findUpload(db, id, { kind: 'staff', id: 7 }), undefined, 'staff 7 is not citizen 7');
  assert.equal(await findUpload(db, id + 1000, citizen), undefined);
});

test('the database refuses an upload of unknown content and a content of another type', async () => {
  await assert.rejects(insertUpload(db, { sha256: 'cd'.repeat(32), displayName: 'x.pdf', by: { kind: 'staff', id: 1 } }));
  await assert.rejects(insertFile(db, { ...file, sha256: 'ef'.repeat(32), mediaType: 'application/x-msdownload' as never }));
});
