import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors.ts';
import { sanitizeDisplayName } from './display-name.ts';
import { inspectContent } from './inspect-content.ts';
import type { MediaType } from './limits.ts';
import { Refusal } from './refusal.ts';
import { storedPath } from './stored-path.ts';
import { formatSize } from '../../lib/vietnamese.ts';

/** A file in the store: named by its content, typed by its content, shown under `displayName`. */
export interface StoredFile {
  sha256: string;
  size: number;
  mediaType: MediaType;
  /** For display only (sanitised); the stored path never uses it. */
  displayName: string;
}

/**
 * Stores `input` in the content-addressed store under `filesDir` and returns what it stored.
 *
 * Promises: the bytes are hashed (SHA-256) and counted while they are written to a temp file in
 * `filesDir/tmp`; the first byte over `maxBytes` ends the upload (413, the input is destroyed, not
 * drained); the content must be a PDF, JPEG, PNG, DOCX or XLSX that passes its checks (else 415 with
 * the reason in Vietnamese); only then is the file fsynced and renamed atomically to
 * `filesDir/ab/cd/<sha256>`, and the directories fsynced, before this resolves. The same content
 * stored twice (even at the same moment) is one file. A refusal or a failure leaves no temp file;
 * a crash leaves at most a temp file (see `removeStaleTemp`), never a partial file under a final name.
 */
export async function storeStream(filesDir: string, input: Readable, opts: { maxBytes: number; displayName: string }): Promise<StoredFile> {
  const displayName = sanitizeDisplayName(opts.displayName);
  const tmpDir = path.join(filesDir, 'tmp');
  await fs.mkdir(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, `${randomUUID()}.part`);
  const file = await fs.open(tmpPath, 'wx+', 0o600);
  let open = true;
  try {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of input) {
      const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > opts.maxBytes)
        throw new AppError('payload_too_large', `upload over ${opts.maxBytes} bytes`, {
          userMessage: `Tệp “${displayName}” lớn hơn giới hạn ${formatSize(opts.maxBytes)}.`,
        });
      hash.update(bytes);
      for (let written = 0; written < bytes.length;)
        written += (await file.write(bytes, written, bytes.length - written, null)).bytesWritten;
    }
    const mediaType = await inspectContent(file, tmpPath, size);
    await file.sync();
    open = false;
    await file.close();
    const sha256 = hash.digest('hex');
    await publish(filesDir, tmpPath, sha256, size);
    return { sha256, size, mediaType, displayName };
  } catch (err) {
    if (open) await file.close().catch(() => undefined);
    await fs.rm(tmpPath, { force: true });
    throw err instanceof Refusal ? err.toAppError(displayName) : err;
  }
}

/**
 * Moves a complete, fsynced temp file to its final name. If a file of the same size is already
 * there it is the same content (same SHA-256): the temp file is dropped and the stored one kept.
 * A file of another size there was damaged from outside and is replaced, atomically.
 */
async function publish(filesDir: string, tmpPath: string, sha256: string, size: number): Promise<void> {
  const finalPath = storedPath(filesDir, sha256);
  const dir = path.dirname(finalPath);
  await fs.mkdir(dir, { recursive: true });
  const existing = await fs.stat(finalPath).catch(() => null);
  if (existing?.size === size) {
    await fs.rm(tmpPath, { force: true });
    return;
  }
  await fs.rename(tmpPath, finalPath);
  for (const d of [dir, path.dirname(dir), filesDir]) await syncDirectory(d);
}

/** Makes a directory's entries durable (a rename is not, until its directory is fsynced). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // Some file systems (and platforms) cannot fsync a directory; the rename is still atomic.
    if (!['EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await handle.close();
  }
}

/**
 * Removes temp files older than `olderThanMs` (left by a crash or a kill during an upload);
 * call at start. Younger ones may belong to an upload in progress in another process.
 */
export async function removeStaleTemp(filesDir: string, olderThanMs = 60 * 60 * 1000): Promise<number> {
  const tmpDir = path.join(filesDir, 'tmp');
  const names = await fs.readdir(tmpDir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const full = path.join(tmpDir, name);
    const stat = await fs.stat(full).catch(() => null);
    if (stat?.isFile() && Date.now() - stat.mtimeMs >= olderThanMs) {
      await fs.rm(full, { force: true });
      removed++;
    }
  }
  return removed;
}
