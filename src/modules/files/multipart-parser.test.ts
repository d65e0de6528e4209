import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../errors.ts';
import { boundaryOf, MultipartParser } from './multipart-parser.ts';

interface Part {
  name: string;
  filename: string | undefined;
  contentType: string;
  content: string;
}

/** Feeds `chunks` to a parser and returns the parts it read (content as latin1, so every byte shows). */
function parse(boundary: string, chunks: Buffer[]): Part[] {
  const parser = new MultipartParser(boundary);
  const parts: Part[] = [];
  const pieces: Buffer[] = [];
  for (const chunk of chunks)
    for (const event of parser.write(chunk)) {
      if (event.kind === 'part') parts.push({ name: event.name, filename: event.filename, contentType: event.contentType, content: '' });
      else if (event.kind === 'data') pieces.push(event.bytes);
      else parts.at(-1)!.content = Buffer.concat(pieces.splice(0)).toString('latin1');
    }
  parser.end();
  return parts;
}

/** A body as a browser's engine encodes it (undici's FormData), with its boundary. */
async function encoded(form: FormData): Promise<{ body: Buffer; boundary: string }> {
  const response = new Response(form);
  return { body: Buffer.from(await response.arrayBuffer()), boundary: boundaryOf(response.headers.get('content-type') ?? '') };
}

const errorCode = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? `${err.code}: ${err.message}` : String(err);
  }
  return 'no error';
};

test('a form as a browser encodes it reads the same however its bytes are cut into chunks', async () => {
  const probe = await encoded(new FormData());
  // Content that comes as close to a boundary as content may: line ends, dashes and all of the
  // engine's boundary but its last character (its boundaries differ in their random tail only).
  const near = `\r\n--${probe.boundary.slice(0, -1)}\r\n--\r\n\r\n`;
  const scan = Buffer.concat([Buffer.from([0, 13, 10, 0xff, 13]), Buffer.from(near), Buffer.alloc(300, 0x80)]);
  const form = new FormData();
  form.append('_csrf', 'tok');
  form.append('applicant.fullName', 'Trần Văn Bình');
  form.append('received', '0');
  form.append('empty', '');
  form.append('file-0', new Blob([scan], { type: 'application/pdf' }), 'tờ khai.pdf');
  form.append('received', '1');
  const { body, boundary } = await encoded(form);

  const whole = parse(boundary, [body]);
  const text = (p: Part) => Buffer.from(p.content, 'latin1').toString();
  assert.deepEqual(
    whole.map((p) => [p.name, p.filename, p.contentType, p.filename === undefined ? text(p) : p.content.length]),
    [
      ['_csrf', undefined, 'text/plain', 'tok'],
      ['applicant.fullName', undefined, 'text/plain', 'Trần Văn Bình'],
      ['received', undefined, 'text/plain', '0'],
      ['empty', undefined, 'text/plain', ''],
      ['file-0', 'tờ khai.pdf', 'application/pdf', scan.length],
      ['received', undefined, 'text/plain', '1'],
    ],
  );
  assert.equal(whole[4]!.content, scan.toString('latin1'), 'the file comes through byte for byte');

  for (let cut = 1; cut < body.length; cut++)
    assert.deepEqual(parse(boundary, [body.subarray(0, cut), body.subarray(cut)]), whole, `cut at byte ${cut}`);
  assert.deepEqual(
    parse(
      boundary,
      [...body].map((byte) => Buffer.from([byte])),
    ),
    whole,
    'one byte at a time',
  );
});

test('text before the first boundary and after the last is ignored; padding after a boundary is allowed', () => {
  const body = Buffer.from(
    'a preamble\r\n--xyz  \r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz\r\n' +
      'content-disposition: FORM-DATA; flag; name=b; filename="say %22hi%22; a=b.txt"\r\ncontent-type: text/csv\r\n\r\n2\r\n--xyz\r\n' +
      // An empty file input, as browsers send it.
      'Content-Disposition: form-data; name="c"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--xyz--\r\nan epilogue --xyz',
  );
  assert.deepEqual(parse('xyz', [body]), [
    { name: 'a', filename: undefined, contentType: 'text/plain', content: '1' },
    { name: 'b', filename: 'say "hi"; a=b.txt', contentType: 'text/csv', content: '2' },
    { name: 'c', filename: '', contentType: 'application/octet-stream', content: '' },
  ]);
});

test('file names lose the folders sent with them; filename* wins; %22 is a quote; media types bare', () => {
  const part = (disposition: string, type = 'Image/PNG; x=y') =>
    `--b\r\nContent-Disposition: form-data; name="f"; ${disposition}\r\nContent-Type: ${type}\r\nX-Odd line without a colon\r\n\r\nv\r\n`;
  const body = Buffer.from(
    part('filename="C:\\fakepath\\tờ khai.pdf"') +
      part('filename="/home/an/giấy tờ.pdf"') +
      part(`filename="to-khai.pdf"; filename*=UTF-8''t%E1%BB%9D%20khai.pdf`) +
      part('filename="%22quoted%22.pdf"', '') +
      '--b--\r\n',
  );
  assert.deepEqual(
    parse('b', [body]).map((p) => [p.filename, p.contentType]),
    [
      ['tờ khai.pdf', 'image/png'],
      ['giấy tờ.pdf', 'image/png'],
      ['tờ khai.pdf', 'image/png'],
      ['"quoted".pdf', 'text/plain'],
    ],
  );
});

test('a backslash escapes nothing: a name may end with one, as browsers send it', () => {
  const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="a\\"; filename="x.pdf"\r\n\r\nv\r\n--b--\r\n');
  assert.deepEqual(
    parse('b', [body]).map((p) => [p.name, p.filename]),
    [['a\\', 'x.pdf']],
  );
});

test('a malformed body is a bad request, named in the log', () => {
  const part = (disposition: string) => Buffer.from(`--x\r\n${disposition}\r\n\r\nv\r\n--x--\r\n`);
  assert.match(
    errorCode(() => parse('x', [Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nv')])),
    /bad_request: .*closing boundary/,
  );
  assert.match(
    errorCode(() => parse('x', [Buffer.from('no boundary at all')])),
    /bad_request: .*closing boundary/,
  );
  assert.match(
    errorCode(() => parse('x', [part('Content-Disposition: form-data')])),
    /bad_request: .*without a name/,
  );
  assert.match(
    errorCode(() => parse('x', [part('Content-Disposition: attachment; name="a"')])),
    /bad_request: .*not form-data/,
  );
  assert.match(
    errorCode(() => parse('x', [Buffer.from('--xtra\r\n\r\n')])),
    /bad_request: .*text after a boundary/,
  );
  const longHeader = Buffer.from(`--x\r\nContent-Disposition: form-data; name="a"; filename="${'n'.repeat(17 * 1024)}`);
  assert.match(
    errorCode(() => parse('x', [longHeader])),
    /bad_request: .*headers over/,
  );
  assert.equal(
    errorCode(() => parse('x', [part('Content-Disposition: form-data; name="a"')])),
    'no error',
  );
});

test('the boundary is read from the Content-Type, quoted or not; without one the body is refused', () => {
  assert.equal(boundaryOf('multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk'), '----WebKitFormBoundary7MA4YWxk');
  assert.equal(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b:c"'), 'a b:c');
  assert.equal(boundaryOf('multipart/form-data; BOUNDARY=abc; charset=utf-8'), 'abc');
  for (const bad of [undefined, 'multipart/form-data', 'multipart/form-data; boundary=', `multipart/form-data; boundary=${'b'.repeat(71)}`])
    assert.match(
      errorCode(() => boundaryOf(bad)),
      /^bad_request: .*no usable boundary/,
      String(bad),
    );
});

test('random forms read as undici reads them, however they are cut; random bytes are a bad request or parts, never a crash', async () => {
  // Text with line ends, dashes, quotes and Vietnamese letters; files with any bytes.
  const text = fc.string({ unit: fc.constantFrom('a', 'Đ', 'ữ', ' ', '-', '\r\n', '"', ';', '=', '\\', '%') });
  const entry = fc.oneof(
    fc.record({ name: text.filter((n) => n.length > 0), value: text }),
    fc.record({
      name: text.filter((n) => n.length > 0),
      bytes: fc.uint8Array({ maxLength: 300 }),
      filename: text.filter((n) => /^[^/\\]+$/.test(n)),
    }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 5 }), async (entries, cuts) => {
      const form = new FormData();
      for (const e of entries) {
        if ('value' in e) form.append(e.name, e.value);
        else form.append(e.name, new Blob([e.bytes]), e.filename);
      }
      const { body, boundary } = await encoded(form);
      const reference: string[] = [];
      const contentType = `multipart/form-data; boundary=${boundary}`;
      for (const [name, value] of await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData())
        reference.push(
          typeof value === 'string'
            ? `${name}=${value}`
            : `${name}@${value.name}:${Buffer.from(await value.arrayBuffer()).toString('hex')}`,
        );
      const at = [...new Set(cuts.map((c) => c % body.length))].sort((a, b) => a - b);
      const chunks = [0, ...at].map((start, i) => body.subarray(start, [...at, body.length][i]));
      const ours = parse(boundary, chunks).map((p) =>
        p.filename === undefined
          ? `${p.name}=${Buffer.from(p.content, 'latin1').toString('utf8')}`
          : `${p.name}@${p.filename}:${Buffer.from(p.content, 'latin1').toString('hex')}`,
      );
      assert.deepEqual(ours, reference);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(400), (bytes, cut) => {
      const body = Buffer.concat([Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n'), Buffer.from(bytes)]);
      const outcome = errorCode(() => parse('x', [body.subarray(0, cut), body.subarray(cut)]));
      assert.ok(outcome === 'no error' || outcome.startsWith('bad_request: '), outcome);
    }),
    { numRuns: 500 },
  );
});
