import { finished, type Readable } from 'node:stream';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { verifyCsrf } from '../accounts/session-plugin.ts';

export interface MultipartLimits {
  /** Bytes a file may have before its stream is cut (`truncated`): set it one above the reader's own limit, which refuses. */
  fileSize: number;
  files: number;
  fields: number;
  fieldSize: number;
}

export interface FilePart {
  field: string;
  /** The client's name for the file ('' for an empty file input): a label, never a path. */
  filename: string;
  mimeType: string;
  stream: BusboyFileStream;
}

/**
 * Reads a multipart body in its order, with the rule every form of the app follows: the `_csrf`
 * part comes first and must match before anything else is read (a program may send the token as the
 * X-CSRF-Token header instead). Returns the text fields by name, each with its values in order.
 * Each file goes to `onFile`, one at a time: the next part is read only after the promise settles,
 * and `onFile` must read or drain the stream (what it leaves unread is drained). A count or field
 * past `limits` refuses the whole body (413); a malformed body, 400.
 *
 * Fields are taken as busboy parses them, without a promise per part: a reception posts 14 fields,
 * and the part iterator of @fastify/multipart cost about as much as parsing them (bench/07).
 */
export function readMultipart(
  request: FastifyRequest,
  limits: MultipartLimits,
  onFile: (part: FilePart) => Promise<void>,
): Promise<Record<string, string[]>> {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') verifyCsrf(request, header);
  let first = typeof header !== 'string';
  const fields: Record<string, string[]> = {};
  const raw = request.raw;
  return new Promise((resolve, reject) => {
    let failed = false;
    let reading: Readable | undefined;
    let files = Promise.resolve();
    let parser: ReturnType<typeof busboyOf>;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      raw.unpipe(parser);
      raw.resume(); // the rest of the body is read and dropped, so that the refusal can be answered
      // The reader learns of the failure from its own reading; a stream it is not listening to yet
      // (its temp file still being opened) must not turn this into an uncaught error.
      reading?.on('error', () => undefined).destroy(err instanceof Error ? err : new Error(String(err)));
      reject(err);
    };
    try {
      parser = busboyOf(request, limits);
    } catch (err) {
      raw.resume();
      return reject(new AppError('bad_request', `multipart without a usable boundary: ${(err as Error).message}`));
    }
    // The first part, whatever it is, must be the matching `_csrf` field: false once the body is refused.
    const firstPassed = (name?: string, value?: string) => {
      first = false;
      try {
        verifyCsrf(request, name === '_csrf' ? value : undefined);
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    };
    parser.on('field', (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
      if (failed) return;
      if (first) return void firstPassed(name, value);
      if (valueTruncated) return fail(tooLarge(`field ${name} over ${limits.fieldSize} bytes`));
      (fields[name] ??= []).push(value);
    });
    parser.on('file', (field: string, stream: BusboyFileStream, filename: string | undefined, _enc: string, mimeType: string) => {
      if (failed || (first && !firstPassed())) return stream.resume();
      files = files.then(async () => {
        if (failed) return void stream.resume();
        reading = stream;
        try {
          await onFile({ field, filename: filename ?? '', mimeType, stream });
        } catch (err) {
          fail(err);
        } finally {
          reading = undefined;
          stream.resume(); // what the reader left unread
        }
      });
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'])
      parser.on(limit, () => fail(tooLarge(`${limit} (${limits.files} files, ${limits.fields} fields)`)));
    parser.on('error', (err: Error) => fail(new AppError('bad_request', `malformed multipart body: ${err.message}`)));
    parser.on(
      'finish',
      () =>
        void files.then(() => {
          if (!failed && (!first || firstPassed())) resolve(fields);
        }),
    );
    // `finished` also reports a connection that was cut before this reading began (while the
    // app's hooks ran): a 'close' listener would never hear of it, and the reading would wait forever.
    finished(raw, (err) => {
      if (err) fail(new AppError('bad_request', 'the request was cut off before its end'));
    });
    raw.pipe(parser);
  });
}

function busboyOf(request: FastifyRequest, limits: MultipartLimits) {
  return new Busboy({ headers: request.headers as { 'content-type': string }, limits: { ...limits, parts: limits.files + limits.fields } });
}

function tooLarge(reason: string): AppError {
  return new AppError('payload_too_large', `multipart body refused: ${reason}`, {
    userMessage: 'Biểu mẫu có quá nhiều tệp hoặc trường, hoặc một trường quá dài.',
  });
}

/** A file part read into memory (never to disk): its bytes up to `maxBytes`, and its whole size. */
export async function readToMemory(stream: Readable, maxBytes: number): Promise<{ bytes: Buffer; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (size + chunk.length <= maxBytes) chunks.push(chunk);
    size += chunk.length;
  }
  return { bytes: Buffer.concat(chunks), size };
}
