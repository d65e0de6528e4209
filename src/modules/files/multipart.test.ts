import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { after, test } from 'node:test';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { AppError } from '../../errors.ts';
import { readMultipart, readToMemory } from './multipart.ts';

// A real server on 127.0.0.1 with the reader behind one route: what it read, or the refusal's status
// and Vietnamese message. The CSRF token is the visitor's cookie (no session here).
const app = Fastify();
await app.register(cookie);
app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
const files: Array<{ field: string; filename: string; text: string }> = [];
let outcome = '';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
app.post('/form', async (request, reply) => {
  // X-Wait lets a test cut the connection while the app's hooks run, or while a file is handled.
  if (request.headers['x-wait'] === 'before') await sleep(200);
  const reading = readMultipart(request, { fileSize: 101, files: 2, fields: 5, fieldSize: 50, bytes: 100_000 }, async (part) => {
    if (request.headers['x-wait'] === 'file') await sleep(200);
    const { bytes, size } = await readToMemory(part.stream, 100);
    files.push({ field: part.field, filename: part.filename, text: size > 100 ? `too large: ${size}` : bytes.toString() });
  });
  outcome = 'reading';
  reading.then(
    () => (outcome = 'read'),
    (err: AppError) => (outcome = `refused: ${err.code}`),
  );
  try {
    return { fields: await reading };
  } catch (err) {
    const e = err as AppError;
    return reply.code(e.status).send({ code: e.code, message: e.userMessage });
  }
});
// A reader that takes its time over each piece of a large file, or stops after the first piece.
app.post('/slow', async (request) => {
  const seen: Array<{ size: number; sha256: string }> = [];
  const fields = await readMultipart(
    request,
    { fileSize: 20_000_000, files: 3, fields: 5, fieldSize: 50, bytes: 12 * 1024 * 1024 },
    async (part) => {
      const hash = createHash('sha256');
      let size = 0;
      for await (const piece of part.stream as AsyncIterable<Buffer>) {
        size += piece.length;
        hash.update(piece);
        if (part.field === 'stops-early') break;
        if (part.field === 'fails' && size > 1024 * 1024)
          throw new AppError('payload_too_large', 'the reader refuses', { userMessage: 'Tệp quá lớn.' });
        await sleep(1);
      }
      seen.push({ size, sha256: hash.digest('hex') });
    },
  );
  return { fields, seen };
});
app.setErrorHandler((err: AppError, _request, reply) => reply.code(err.status ?? 500).send({ code: err.code }));
await app.listen({ port: 0, host: '127.0.0.1' });
after(() => app.close());
const port = (app.server.address() as net.AddressInfo).port;

async function post(parts: Array<[string, string | Blob, string?]>) {
  files.length = 0;
  const body = new FormData();
  for (const [name, value, filename] of parts) {
    if (typeof value === 'string') body.append(name, value);
    else body.append(name, value, filename);
  }
  const res = await fetch(`http://127.0.0.1:${port}/form`, { method: 'POST', headers: { cookie: 'mc_csrf=tok' }, body });
  return { status: res.status, json: (await res.json()) as { fields?: Record<string, string[]>; code?: string; message?: string } };
}

test('fields come back by name in their order, around a file that reaches the handler whole', async () => {
  const { status, json } = await post([
    ['_csrf', 'tok'],
    ['received', '0'],
    ['file-0', new Blob(['Tờ khai']), 'tờ khai.pdf'],
    ['received', '1'],
    ['applicant.fullName', 'Trần Văn Bình'],
  ]);
  assert.equal(status, 200);
  assert.deepEqual(json.fields, { received: ['0', '1'], 'applicant.fullName': ['Trần Văn Bình'] });
  assert.deepEqual(files, [{ field: 'file-0', filename: 'tờ khai.pdf', text: 'Tờ khai' }]);
});

test('the CSRF part must come first and match: a file sent before it is never read (403)', async () => {
  const before = await post([
    ['file-0', new Blob(['x']), 'a.pdf'],
    ['_csrf', 'tok'],
  ]);
  assert.equal(before.status, 403);
  assert.equal(files.length, 0);
  const wrong = await post([
    ['_csrf', 'other'],
    ['file-0', new Blob(['x']), 'a.pdf'],
  ]);
  assert.equal(wrong.status, 403);
  assert.match(wrong.json.message!, /Biểu mẫu đã hết hạn/);
  assert.equal(files.length, 0);
  const none = await post([['name', 'x']]);
  assert.equal(none.status, 403);
});

test('too many fields or files, or a field too long, refuse the form (413) in Vietnamese; a file past its limit is the reader’s to judge', async () => {
  const fields = await post([['_csrf', 'tok'], ...Array.from({ length: 6 }, (_, i): [string, string] => [`f${i}`, 'x'])]);
  assert.equal(fields.status, 413);
  assert.match(fields.json.message!, /quá nhiều tệp hoặc trường/);
  const filesOver = await post([
    ['_csrf', 'tok'],
    ...Array.from({ length: 3 }, (_, i): [string, Blob, string] => [`file-${i}`, new Blob(['x']), 'a.pdf']),
  ]);
  assert.equal(filesOver.status, 413);
  const long = await post([
    ['_csrf', 'tok'],
    ['note', 'x'.repeat(51)],
  ]);
  assert.equal(long.status, 413);
  const big = await post([
    ['_csrf', 'tok'],
    ['file-0', new Blob(['y'.repeat(500)]), 'big.pdf'],
  ]);
  assert.equal(big.status, 200);
  assert.deepEqual(
    files,
    [{ field: 'file-0', filename: 'big.pdf', text: 'too large: 101' }],
    'cut one byte past the limit, so the reader sees it is over',
  );
});

test('a multipart body without a boundary is a bad request (400)', async () => {
  const res = await fetch(`http://127.0.0.1:${port}/form`, {
    method: 'POST',
    headers: { cookie: 'mc_csrf=tok', 'content-type': 'multipart/form-data' },
    body: 'x',
  });
  assert.equal(res.status, 400);
});

/**
 * Posts the start of a body (the CSRF part, then a file part with `file`), promising far more
 * bytes than it sends, cuts the connection after `cutAfterMs` and returns how the reading ended.
 */
async function cutOff(file: string, cutAfterMs: number, wait?: 'before' | 'file'): Promise<string> {
  outcome = '';
  files.length = 0;
  const boundary = 'cut';
  const head = [
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\ntok\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file-0"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    file,
  ].join('');
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: mc_csrf=tok\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
      `${wait ? `X-Wait: ${wait}\r\n` : ''}Content-Length: 100000\r\n\r\n${head}`,
  );
  await sleep(cutAfterMs);
  socket.destroy();
  const deadline = Date.now() + 5000;
  while (['', 'reading'].includes(outcome) && Date.now() < deadline) await sleep(20);
  await sleep(50); // an error the refusal set loose would surface here, within the test
  return outcome;
}

test('a client that cuts the connection in the middle of a file leaves the reading refused, not waiting forever', async () => {
  assert.equal(await cutOff('partial', 200), 'refused: bad_request');
});

test('a connection cut before the route starts reading (its hooks still at work) is refused too', async () => {
  assert.equal(await cutOff('partial', 50, 'before'), 'refused: bad_request');
  assert.equal(files.length, 0);
});

test('a connection cut before a file’s reader starts listening refuses the form without an uncaught error', async () => {
  // The reader takes its time before it reads (as the store does while it opens its temp file):
  // the stream it has not listened to yet is destroyed under it.
  assert.equal(await cutOff('partial', 50, 'file'), 'refused: bad_request');
});

test('a large file reaches a slow reader whole and in order; a reader that stops early leaves the rest of the form readable', async () => {
  const scan = randomBytes(3 * 1024 * 1024 + 7);
  const body = new FormData();
  body.append('_csrf', 'tok');
  body.append('file-0', new Blob([scan]), 'scan.pdf');
  body.append('stops-early', new Blob([randomBytes(2 * 1024 * 1024)]), 'other.pdf');
  body.append('after', 'still here');
  const res = await fetch(`http://127.0.0.1:${port}/slow`, { method: 'POST', headers: { cookie: 'mc_csrf=tok' }, body });
  assert.equal(res.status, 200);
  const json = (await res.json()) as { fields: Record<string, string[]>; seen: Array<{ size: number; sha256: string }> };
  assert.deepEqual(json.seen[0], { size: scan.length, sha256: createHash('sha256').update(scan).digest('hex') });
  assert.ok(json.seen[1]!.size < 2 * 1024 * 1024, 'the second reader stopped after its first piece');
  assert.deepEqual(json.fields, { after: ['still here'] });
});

test('a refused body of many megabytes still gets its answer; a reader that fails in the middle of a file refuses the form', async () => {
  const big = new Blob([randomBytes(8 * 1024 * 1024)]);
  const refused = new FormData();
  refused.append('_csrf', 'not the token');
  refused.append('file-0', big, 'scan.pdf');
  const res = await fetch(`http://127.0.0.1:${port}/slow`, { method: 'POST', headers: { cookie: 'mc_csrf=tok' }, body: refused });
  assert.equal(res.status, 403, 'the rest of the body is read and dropped, and the refusal answered');

  const failing = new FormData();
  failing.append('_csrf', 'tok');
  failing.append('fails', big, 'scan.pdf');
  failing.append('after', 'never read');
  const failed = await fetch(`http://127.0.0.1:${port}/slow`, { method: 'POST', headers: { cookie: 'mc_csrf=tok' }, body: failing });
  assert.equal(failed.status, 413);
  assert.deepEqual(await failed.json(), { code: 'payload_too_large' });
});

test('a body declared larger than the form’s size is refused (413) at once, before any of it is read', async () => {
  // Only the token is sent of the 5 MB promised: the answer comes without waiting for the rest.
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
  socket.on('error', () => undefined);
  socket.write(
    'POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: mc_csrf=tok\r\nContent-Type: multipart/form-data; boundary=b\r\n' +
      'Content-Length: 5000000\r\n\r\n--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\ntok\r\n',
  );
  const deadline = Date.now() + 5000;
  while (!answer.includes('}') && Date.now() < deadline) await sleep(20);
  socket.destroy();
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.match(answer, /"message":"Biểu mẫu gửi lên quá lớn: tổng dung lượng các tệp tối đa 100\.000 byte/);
});

/** A raw connection to the test server: what it answered so far, and whether it has closed. */
async function rawClient() {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const state = { answer: '', closed: false, socket };
  socket.on('data', (d: Buffer) => (state.answer += d.toString('utf8')));
  socket.on('error', () => undefined); // the server closing while this client still sends
  socket.once('close', () => (state.closed = true));
  return state;
}

const formStart =
  '--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\ntok\r\n--b\r\nContent-Disposition: form-data; name="f"; filename="a.pdf"\r\n\r\n';

test('a client that sends its whole body, too large, before it reads gets the 413, not a reset', async () => {
  // As a browser does: 16 MB (the form takes 100 KB) go out, and the answer is read only once they are sent.
  const body = formStart + 'A'.repeat(16 * 1024 * 1024) + '\r\n--b--\r\n';
  const client = await rawClient();
  client.socket.pause();
  await new Promise<void>((resolve) =>
    client.socket.write(
      'POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: mc_csrf=tok\r\nContent-Type: multipart/form-data; boundary=b\r\n' +
        `Content-Length: ${body.length}\r\n\r\n${body}`,
      () => resolve(),
    ),
  );
  client.socket.resume();
  const deadline = Date.now() + 10_000;
  while (!client.answer.includes('}') && !client.closed && Date.now() < deadline) await sleep(20);
  client.socket.destroy();
  assert.match(client.answer, /^HTTP\/1\.1 413 /);
});

test('a body that does not stop gets its 413, then its connection closed, instead of being read forever', async () => {
  outcome = '';
  const client = await rawClient();
  const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
  client.socket.write(
    'POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: mc_csrf=tok\r\nContent-Type: multipart/form-data; boundary=b\r\n' +
      `Transfer-Encoding: chunked\r\n\r\n${chunk(formStart)}`,
  );
  // 64 KiB every 10 ms, for as long as the server reads: past the form's 100 KB, 5 s more at most.
  const piece = chunk('A'.repeat(64 * 1024));
  const deadline = Date.now() + 30_000;
  while (!client.closed && Date.now() < deadline) {
    client.socket.write(piece);
    await sleep(10);
  }
  assert.ok(client.closed, 'the connection is still open after 30 s');
  assert.equal(outcome, 'refused: payload_too_large');
  assert.match(client.answer, /^HTTP\/1\.1 413 /);
});
