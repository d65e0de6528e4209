import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../errors.ts';
import { storedPath } from './stored-path.ts';

/**
 * A stored file to send: a read stream (which closes the file when it ends or is destroyed) and
 * its size. 400 when `sha256` is not 64 hex characters, 404 when no such file is stored.
 */
export async function openStored(filesDir: string, sha256: string): Promise<{ stream: Readable; size: number }> {
  const filePath = storedPath(filesDir, sha256);
  const file = await fs.open(filePath, 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new AppError('not_found', `no stored file ${sha256}`);
    throw err;
  });
  try {
    const { size } = await file.stat();
    return { stream: file.createReadStream(), size };
  } catch (err) {
    await file.close();
    throw err;
  }
}

/**
 * Rehashes a stored file: 'ok' when its content still has the SHA-256 it is named by, 'corrupt'
 * when not (damaged on disk or changed from outside), 'missing' when there is no such file.
 */
export async function verifyStored(filesDir: string, sha256: string): Promise<'ok' | 'corrupt' | 'missing'> {
  const filePath = storedPath(filesDir, sha256);
  const file = await fs.open(filePath, 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!file) return 'missing';
  const hash = createHash('sha256');
  await pipeline(file.createReadStream(), hash);
  return hash.digest('hex') === sha256.toLowerCase() ? 'ok' : 'corrupt';
}
