import type { FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../../errors.ts';
import { isMultipart } from '../accounts/session-plugin.ts';
import { readMultipart, readToMemory } from '../files/multipart.ts';
import { formatSize } from '../../lib/vietnamese.ts';

/** A PKCS#12 holds one key and a few certificates: a few KB. Anything far larger is not one. */
export const maxKeyFileBytes = 100 * 1024;

export interface KeyUpload {
  /** The text fields by name (the first value of each). */
  fields: Record<string, string>;
  /** The PKCS#12 file, in memory only. */
  file: { name: string; bytes: Buffer } | null;
  /** A file refused before it is read as PKCS#12 (too large, empty), on its field. */
  problems: FieldProblem[];
}

/**
 * Reads the import form of a key (multipart): the `_csrf` part must come first and match, then
 * the fields and one file of at most 100 KB, kept in memory. Unlike dossier uploads the file never
 * reaches the file store or the disk, and nothing read here (the password least of all) is logged.
 */
export async function readKeyUpload(request: FastifyRequest, field = 'pkcs12'): Promise<KeyUpload> {
  if (!isMultipart(request))
    throw new AppError('unsupported_media_type', `key import on ${request.url} is not multipart`, {
      userMessage: 'Biểu mẫu nhập chứng thư số phải gửi kèm tệp (multipart/form-data).',
    });
  const upload: KeyUpload = { fields: {}, file: null, problems: [] };
  // Past the limit the reader's stream ends and the rest is dropped (no error): the form is kept, and
  // the file named, for any file picked by mistake up to 20 MB (a scan, a photo); beyond, the body is refused.
  const options = { fileSize: maxKeyFileBytes + 1, files: 1, fields: 20, fieldSize: 10_000, bytes: 20 * 1024 * 1024 };
  const fields = await readMultipart(request, options, async (part) => {
    const { bytes, size } = await readToMemory(part.stream, maxKeyFileBytes);
    if (part.field !== field || !part.filename) return; // an empty file input, or a part nobody asked for
    if (size > maxKeyFileBytes)
      upload.problems.push({
        field,
        message: `Tệp “${part.filename.slice(0, 100)}” lớn hơn ${formatSize(maxKeyFileBytes)}: đây không phải tệp khóa PKCS#12 (.p12, .pfx).`,
      });
    else if (size === 0) upload.problems.push({ field, message: `Tệp “${part.filename.slice(0, 100)}” rỗng.` });
    else upload.file = { name: part.filename, bytes };
  });
  for (const [name, values] of Object.entries(fields)) upload.fields[name] = values[0]!;
  return upload;
}
