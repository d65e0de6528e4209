import path from 'node:path';
import { AppError } from '../../errors.ts';

/** A SHA-256 in lowercase hex, the only form a stored file is named by. */
export function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/**
 * Where the file with this SHA-256 lives: `filesDir/ab/cd/<sha256>`. Refuses (400) anything
 * but 64 hex characters, so no caller can ever reach outside `filesDir` with it.
 */
export function storedPath(filesDir: string, sha256: string): string {
  const sha = sha256.toLowerCase();
  if (!isSha256(sha)) throw new AppError('bad_request', `not a SHA-256: ${JSON.stringify(sha256.slice(0, 80))}`);
  return path.join(filesDir, sha.slice(0, 2), sha.slice(2, 4), sha);
}
