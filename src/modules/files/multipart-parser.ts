import { AppError } from '../../errors.ts';

/**
 * A `multipart/form-data` body (RFC 7578, RFC 2046 §5.1) read as it arrives, without I/O: `write`
 * takes the next chunk and returns what it completes, in order: a part's start (its name, and its
 * file name if it is a file), its content in pieces, its end. At most a boundary's length of bytes
 * (or a part's unfinished headers) is held back between chunks, in case a boundary straddles them;
 * the next chunk is joined to them (one copy of a scan on its way to the store, cheap beside its hash).
 *
 * Written for the app because the general parsers it used (busboy, then its Fastify fork) cost
 * ~13 µs a part, through a stream and its events for every field: 0.2 ms of a desk reception's
 * 14 fields, 25–35 % of the reception's throughput in bench/07. Here the boundary is found by
 * `Buffer.indexOf` and a field is one event per piece.
 */
export type MultipartEvent =
  { kind: 'part'; name: string; filename: string | undefined; contentType: string } | { kind: 'data'; bytes: Buffer } | { kind: 'end' };

const crlf = Buffer.from('\r\n');
const blankLine = Buffer.from('\r\n\r\n');
const empty = Buffer.alloc(0);
/** A part's header block (Content-Disposition with a long file name, Content-Type) is far shorter. */
const maxHeaderBytes = 16 * 1024;

export class MultipartParser {
  private readonly delimiter: Buffer;
  private state: 'preamble' | 'boundary' | 'headers' | 'content' | 'epilogue' = 'preamble';
  // The body may open with its first boundary and no line before it: a line end is supplied.
  private held: Buffer = crlf;

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  write(chunk: Buffer): MultipartEvent[] {
    const buf = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    const events: MultipartEvent[] = [];
    let at = 0;
    for (let more = true; more;) {
      switch (this.state) {
        case 'preamble': {
          const found = buf.indexOf(this.delimiter, at);
          if (found < 0) {
            at = Math.max(at, buf.length - this.delimiter.length + 1);
            more = false;
          } else {
            at = found + this.delimiter.length;
            this.state = 'boundary';
          }
          break;
        }
        case 'boundary': {
          // After a boundary: "--" closes the body; otherwise optional padding, then the line end.
          if (buf.length - at < 2) {
            more = false;
          } else if (buf[at] === 0x2d && buf[at + 1] === 0x2d) {
            this.state = 'epilogue';
          } else {
            const eol = buf.indexOf(crlf, at);
            if (eol < 0 && buf.length - at > 80) throw malformed('no line end after a boundary');
            if (eol < 0) more = false;
            else if (!/^[ \t]*$/.test(buf.toString('latin1', at, eol))) throw malformed('text after a boundary');
            else {
              at = eol; // its line end stays: a part without headers is "\r\n\r\n" at once
              this.state = 'headers';
            }
          }
          break;
        }
        case 'headers': {
          const end = buf.indexOf(blankLine, at);
          if ((end < 0 ? buf.length : end) - at > maxHeaderBytes) throw malformed(`part headers over ${maxHeaderBytes} bytes`);
          if (end < 0) more = false;
          else {
            events.push(partOf(buf.toString('utf8', at + 2, end)));
            at = end + blankLine.length;
            this.state = 'content';
          }
          break;
        }
        case 'content': {
          const found = buf.indexOf(this.delimiter, at);
          // Without a boundary, all but its length less one byte is content for sure.
          const until = found < 0 ? Math.max(at, buf.length - this.delimiter.length + 1) : found;
          if (until > at) events.push({ kind: 'data', bytes: buf.subarray(at, until) });
          if (found < 0) {
            at = until;
            more = false;
          } else {
            events.push({ kind: 'end' });
            at = found + this.delimiter.length;
            this.state = 'boundary';
          }
          break;
        }
        case 'epilogue':
          at = buf.length;
          more = false;
      }
    }
    // A copy of the little that is held, so that the chunk it came from is not kept alive by it.
    this.held = at < buf.length ? Buffer.from(buf.subarray(at)) : empty;
    return events;
  }

  /** The body has ended: it must have been closed by its last boundary. */
  end(): void {
    if (this.state !== 'epilogue') throw malformed('the body ends before its closing boundary');
  }
}

/** The boundary of a `multipart/form-data` Content-Type (1–70 characters, RFC 2046), or a 400. */
export function boundaryOf(contentType: string | undefined): string {
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;",]{1,70}))\s*(?:;|$)/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw malformed(`no usable boundary in ${JSON.stringify(contentType?.slice(0, 100))}`);
  return boundary;
}

function partOf(block: string): MultipartEvent {
  let disposition = '';
  let contentType = '';
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === 'content-disposition') disposition = line.slice(colon + 1).trim();
    else if (name === 'content-type') contentType = line.slice(colon + 1).trim();
  }
  if (!/^form-data\s*(;|$)/i.test(disposition)) throw malformed('a part that is not form-data');
  const params = parametersOf(disposition);
  if (params.name === undefined) throw malformed('a part without a name');
  return {
    kind: 'part',
    name: params.name,
    filename: params.filename === undefined ? undefined : lastSegment(params.filename),
    // The media type alone, as busboy gave it; without one a part is text/plain (RFC 7578 §4.4).
    contentType: contentType.split(';')[0]!.trim().toLowerCase() || 'text/plain',
  };
}

/** A file's name without the folders some browsers and programs send with it ("C:\\fakepath\\tờ khai.pdf"). */
function lastSegment(filename: string): string {
  return filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
}

/**
 * `name` and `filename` of a Content-Disposition. A quoted value ends at the next `"`: browsers
 * write `"`, CR and LF inside one as %22, %0D and %0A (the HTML standard's form-data encoding),
 * never with a backslash, which is part of the value (a name may end with one). `filename*`
 * (RFC 5987, `UTF-8''t%E1%BB%9D.pdf`), which some programs send alone, wins over `filename`.
 * Scanned by hand: a regular expression over every part's header cost more than the rest of the
 * parsing together.
 */
function parametersOf(disposition: string): { name?: string; filename?: string } {
  const params: { name?: string; filename?: string } = {};
  let extended: string | undefined;
  let at = disposition.indexOf(';');
  while (at >= 0) {
    const equals = disposition.indexOf('=', at);
    if (equals < 0) break;
    const next = disposition.indexOf(';', at + 1);
    if (next >= 0 && next < equals) {
      at = next; // a parameter without a value
      continue;
    }
    const key = disposition
      .slice(at + 1, equals)
      .trim()
      .toLowerCase();
    let start = equals + 1;
    while (disposition[start] === ' ' || disposition[start] === '\t') start++;
    let value: string;
    if (disposition[start] === '"') {
      const close = disposition.indexOf('"', start + 1);
      value = disposition.slice(start + 1, close < 0 ? undefined : close);
      at = close < 0 ? -1 : disposition.indexOf(';', close);
    } else {
      at = disposition.indexOf(';', start);
      value = disposition.slice(start, at < 0 ? undefined : at).trim();
    }
    if (key === 'name' || key === 'filename') params[key] = unescapeHtml(value);
    else if (key === 'filename*') extended = extendedValue(value);
  }
  if (extended !== undefined) params.filename = extended;
  return params;
}

/** A name or file name with the HTML standard's escapes decoded (%22, %0D, %0A, as browsers write them). */
function unescapeHtml(value: string): string {
  return value.includes('%') ? value.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : value;
}

/** An RFC 5987 value in UTF-8 (the only charset browsers and programs use for it), or undefined. */
function extendedValue(value: string): string | undefined {
  const m = /^utf-8'[^']*'(.*)$/i.exec(value);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}

function malformed(reason: string): AppError {
  return new AppError('bad_request', `malformed multipart body: ${reason}`, {
    userMessage: 'Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và gửi lại.',
  });
}
