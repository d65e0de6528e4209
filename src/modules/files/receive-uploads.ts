import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import * as repo from './files.repository.ts';
import { limits } from './limits.ts';
import { readMultipart } from './multipart.ts';
import { storeStream } from './store-file.ts';

/** A file attached to a form field, recorded as the person's upload. */
export interface AttachedFile {
  uploadId: number;
  sha256: string;
  size: number;
  mediaType: string;
  displayName: string;
}

export interface MultipartForm {
  fields: Record<string, string[]>;
  /** Files by the name of the field they came in, including files kept from an earlier attempt. */
  files: Record<string, AttachedFile[]>;
  /** Files refused (too large, wrong type, bombs), each named by its field, in Vietnamese. */
  problems: FieldProblem[];
}

/**
 * A form's limits: the store refuses a file past its own limit, one byte before the multipart reader
 * would cut it. The whole body may hold as many bytes as the files it may hold, so that a file too
 * large is named in the form given back (the reader drops the rest of it), not a refusal of the form.
 */
const formLimits = {
  fileSize: limits.defaultMaxBytes + 1,
  files: 50,
  fields: 500,
  fieldSize: 100_000,
  bytes: 50 * limits.defaultMaxBytes,
};

export function filesDirOf(dataDir: string): string {
  return path.join(dataDir, 'files');
}

/**
 * Reads a multipart form: the `_csrf` part must come first and match before
 * anything else is read; each file is streamed into the store (size, type and
 * bombs checked) and recorded as an upload of `by`, committed at once so that
 * a form refused for another reason keeps its files (`kept:<field>` fields
 * carry upload ids back, and only the person's own uploads are accepted).
 * A refused file is reported in `problems`; the other parts are still read.
 */
export async function readMultipartForm(
  request: FastifyRequest,
  pool: pg.Pool,
  filesDir: string,
  by: repo.Uploader,
  options: { failFast?: boolean } = {},
): Promise<MultipartForm> {
  const form: MultipartForm = { fields: {}, files: {}, problems: [] };
  form.fields = await readMultipart(request, formLimits, async (part) => {
    if (!part.filename) return; // an empty file input
    let stored;
    try {
      stored = await storeStream(filesDir, part.stream, { maxBytes: limits.defaultMaxBytes, displayName: part.filename });
    } catch (err) {
      // A program wants the refusal's own status (413, 415); a page wants the rest of its form kept.
      if (!(err instanceof AppError) || options.failFast) throw err;
      // One refused file does not lose the rest of the form: it is named, and the reading goes on.
      form.problems.push({ field: part.field, message: err.userMessage });
      return;
    }
    const uploadId = await transaction(pool, async (db) => {
      await repo.insertFile(db, stored);
      return repo.insertUpload(db, { sha256: stored.sha256, displayName: stored.displayName, by });
    });
    (form.files[part.field] ??= []).push({ uploadId, ...stored });
  });
  for (const [name, ids] of Object.entries(form.fields)) {
    if (!name.startsWith('kept:')) continue;
    (form.files[name.slice(5)] ??= []).push(...(await attachedUploads(pool, ids, by)));
  }
  return form;
}

/** Earlier uploads named by id (a page's kept files, an API request's components): only the person's own. */
export async function attachedUploads(pool: pg.Pool, ids: Array<string | number>, by: repo.Uploader): Promise<AttachedFile[]> {
  const files: AttachedFile[] = [];
  for (const id of ids) {
    const upload = /^\d{1,12}$/.test(String(id)) ? await repo.findUpload(pool, Number(id), by) : undefined;
    if (!upload)
      throw new AppError('forbidden', `upload ${id} is not the person's`, { userMessage: `Tệp số ${id} không phải tệp bạn đã tải lên.` });
    files.push({
      uploadId: upload.id,
      sha256: upload.sha256,
      size: upload.size,
      mediaType: upload.mediaType,
      displayName: upload.displayName,
    });
  }
  return files;
}
