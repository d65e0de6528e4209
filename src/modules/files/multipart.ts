import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { verifyCsrf } from '../accounts/session-plugin.ts';
import { boundaryOf, MultipartParser } from './multipart-parser.ts';
import { formatSize } from '../../lib/vietnamese.ts';

export interface MultipartLimits {
  /** Bytes of a file its reader gets: past them the stream ends and the rest is dropped. Set it one above the reader's own limit, which refuses. */
  fileSize: number;
  files: number;
  fields: number;
  fieldSize: number;
  /** Bytes of the whole body: past them (or a Content-Length above them) the form is refused (413), and its connection closed soon after (`discardRest`). */
  bytes: number;
}

export interface FilePart {
  field: string;
  /** The client's name for the file ('' for an empty file input): a label, never a path. */
  filename: string;
  mimeType: string;
  stream: Readable;
}

/**
 * Reads a multipart body in its order, with the rule every form of the app follows: the `_csrf`
 * part comes first and must match before anything else is read (a program may send the token as the
 * X-CSRF-Token header instead). Returns the text fields by name, each with its values in order.
 * Each file goes to `onFile`, one at a time: the next part is read only after the promise settles,
 * and the body is read only as fast as `onFile` reads the file (what it leaves unread is dropped).
 * A count, field or body past `limits` refuses the whole body (413); a malformed or cut-off body,
 * 400; after a refusal the rest of the body is read and dropped (`discardRest`), so that the client
 * still sending it gets the answer.
 */
export async function readMultipart(
  request: FastifyRequest,
  limits: MultipartLimits,
  onFile: (part: FilePart) => Promise<void>,
): Promise<Record<string, string[]>> {
  const raw = request.raw;
  const chunks = raw.iterator({ destroyOnReturn: false });
  let file: FileSink | undefined;
  let received = 0;
  try {
    if (Number(request.headers['content-length']) > limits.bytes)
      throw bodyTooLarge(limits.bytes, `Content-Length over ${limits.bytes} bytes`);
    const header = request.headers['x-csrf-token'];
    if (typeof header === 'string') verifyCsrf(request, header);
    let tokenDue = typeof header !== 'string';
    const parser = new MultipartParser(boundaryOf(request.headers['content-type']));
    // No prototype: a field named __proto__ or constructor is a field like any other.
    const fields: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    const counts = { fields: 0, files: 0 };
    let field: { name: string; pieces: Buffer[]; size: number } | undefined;
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch {
        throw new AppError('bad_request', 'the request was cut off before its end');
      }
      if (next.done) break;
      received += next.value.length;
      if (received > limits.bytes) throw bodyTooLarge(limits.bytes, `body over ${limits.bytes} bytes`);
      for (const event of parser.write(next.value)) {
        if (event.kind === 'part' && event.filename === undefined) {
          if (++counts.fields > limits.fields) throw tooLarge(`over ${limits.fields} fields`);
          field = { name: event.name, pieces: [], size: 0 };
        } else if (event.kind === 'part') {
          if (tokenDue) verifyCsrf(request, undefined); // a file before the token is never read
          if (++counts.files > limits.files) throw tooLarge(`over ${limits.files} files`);
          const part = { field: event.name, filename: event.filename ?? '', mimeType: event.contentType };
          file = new FileSink(limits.fileSize, (stream) => onFile({ ...part, stream }));
        } else if (event.kind === 'data' && field) {
          field.size += event.bytes.length;
          if (field.size > limits.fieldSize) throw tooLarge(`field ${field.name} over ${limits.fieldSize} bytes`);
          field.pieces.push(event.bytes);
        } else if (event.kind === 'data') {
          await file!.write(event.bytes);
        } else if (field) {
          const value = Buffer.concat(field.pieces).toString('utf8');
          if (tokenDue) verifyCsrf(request, field.name === '_csrf' ? value : undefined);
          else (fields[field.name] ??= []).push(value);
          tokenDue = false;
          field = undefined;
        } else {
          await file!.end();
          file = undefined;
        }
      }
    }
    parser.end();
    if (tokenDue) verifyCsrf(request, undefined);
    return fields;
  } catch (err) {
    file?.fail(err);
    await chunks.return?.();
    discardRest(raw, limits.bytes - received);
    throw err;
  }
}

/** The stream a file's reader gets, fed as fast as it reads, ended after `limit` bytes. */
class FileSink {
  private readonly stream: Readable;
  private readonly reading: Promise<void>;
  private size = 0;
  private ended = false;
  private hungry = false;
  private wake: (() => void) | undefined;
  private settled = false;
  private error: unknown;

  constructor(
    private readonly limit: number,
    read: (stream: Readable) => Promise<void>,
  ) {
    this.stream = new Readable({
      read: () => {
        this.hungry = true;
        this.wake?.();
      },
    });
    this.reading = read(this.stream).then(
      () => this.settle(undefined),
      (err: unknown) => this.settle(err ?? new Error('the file reader failed')),
    );
  }

  private settle(err: unknown) {
    this.settled = true;
    this.error = err;
    this.wake?.();
  }

  async write(bytes: Buffer): Promise<void> {
    if (this.error) throw this.error;
    if (this.settled || this.ended) return; // the reader is done, or the limit reached: dropped
    const kept = bytes.length > this.limit - this.size ? bytes.subarray(0, this.limit - this.size) : bytes;
    this.size += kept.length;
    this.hungry = false;
    const room = this.stream.push(kept);
    if (this.size >= this.limit) this.finish();
    if (!room && !this.hungry && !this.settled) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
  }

  /** The part is over: its reader has all of it; resolves when the reader is done, rejects with its error. */
  async end(): Promise<void> {
    this.finish();
    await this.reading;
    this.stream.resume(); // what the reader left unread
    if (this.error) throw this.error;
  }

  /** The body failed: the reader learns it from its stream (it may not be listening yet: no uncaught error). */
  fail(err: unknown): void {
    this.stream.on('error', () => undefined).destroy(err instanceof Error ? err : new Error(String(err)));
  }

  private finish() {
    if (!this.ended) this.stream.push(null);
    this.ended = true;
  }
}

/** How long the rest of a refused body may pause; how long it is still read once past the body's limit. */
const idleMs = 60_000;
const lingerMs = 5_000;

/**
 * After a refusal, reads and drops the rest of the body, so that a client still sending it (many
 * read no answer before their upload is done) gets the answer. Within bounds, as web servers'
 * lingering close: the rest is read up to the body's limit (`budget` bytes more), then for
 * `lingerMs` at most, so that a client a little over the limit still finishes and reads the 413;
 * past that, or after `idleMs` without a byte, the connection is closed.
 */
function discardRest(raw: IncomingMessage, budget: number): void {
  if (raw.destroyed) return;
  if (raw.complete) return void raw.resume(); // what arrived but was not read
  let left = budget;
  const close = () => raw.destroy();
  let idle = setTimeout(close, idleMs).unref();
  let linger: NodeJS.Timeout | undefined;
  const overLimit = () => (linger ??= setTimeout(close, lingerMs).unref());
  if (left < 0) overLimit();
  raw.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) overLimit();
    idle.refresh();
  });
  const stop = () => {
    clearTimeout(idle);
    clearTimeout(linger);
  };
  raw.once('end', stop).once('close', stop);
  raw.resume();
}

function tooLarge(reason: string): AppError {
  return new AppError('payload_too_large', `multipart body refused: ${reason}`, {
    userMessage: 'Biểu mẫu có quá nhiều tệp hoặc trường, hoặc một trường quá dài.',
  });
}

function bodyTooLarge(limit: number, reason: string): AppError {
  return new AppError('payload_too_large', `multipart body refused: ${reason}`, {
    userMessage: `Biểu mẫu gửi lên quá lớn: tổng dung lượng các tệp tối đa ${formatSize(limit)}. Hãy gửi tệp nhỏ hơn hoặc ít tệp hơn.`,
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
