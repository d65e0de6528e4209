import type { FastifyReply, FastifyRequest } from 'fastify';
import { Lru } from '../lib/lru.ts';
import { encode, pickEncoding, type Encoding } from './compress.ts';
import { accountNavOf, personalise, type PageUser } from './layout.tsx';
import { PageCache, type CachedResponse } from './page-cache.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** For a signed-in person (set in app.ts): the header their pages show. Null for a visitor. */
    signedInUser: (() => PageUser) | null;
  }
}

/**
 * How pages leave the server: compressed for the client, and for public pages
 * from the page cache with an ETag so that a revisit over a weak line costs a 304.
 */
export function sendHtml(request: FastifyRequest, reply: FastifyReply, html: string, status = 200): FastifyReply {
  const user = request.signedInUser;
  if (user) html = personalise(html, () => accountNavOf(user()));
  const encoding = pickEncoding(request.headers['accept-encoding']);
  return sendEncoded(request, reply, encode(Buffer.from(html), encoding), encoding, status);
}

function sendEncoded(request: FastifyRequest, reply: FastifyReply, body: Buffer, encoding: Encoding, status = 200): FastifyReply {
  // A page rendered for everyone (a public form, an error page) greets a signed-in person too, and
  // whatever a signed-in person is shown is theirs: never kept by a shared cache.
  if (request.signedInUser && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
  reply.code(status).header('content-type', 'text/html; charset=utf-8').header('vary', 'accept-encoding');
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(body);
}

/**
 * Personal copies of kept pages, compressed, so that a signed-in person coming back to a page costs
 * a lookup and not a compression (which cost three quarters of such a request: bench/06). A copy
 * is found by the page's content (its ETag), the encoding and the person's header itself, so it is
 * only ever sent to someone whose header, sign-out token included, it already carries. At most
 * 32 MB are kept (keys included), the copies sent least recently dropped first; a copy of a page
 * that changed is never found again and goes the same way.
 */
const personalCopies = new Lru<string, Buffer>(32 * 1024 * 1024, (key, body) => key.length + body.length);

function sendPersonalCopy(request: FastifyRequest, reply: FastifyReply, entry: CachedResponse, user: () => PageUser): FastifyReply {
  const nav = accountNavOf(user());
  const encoding = pickEncoding(request.headers['accept-encoding']);
  const key = `${entry.etag}\n${encoding}\n${nav}`;
  let body = personalCopies.get(key);
  if (!body) {
    body = encode(Buffer.from(personalise(PageCache.form(entry, 'identity').toString(), () => nav)), encoding);
    // Uncompressed copies cost only the splice: not worth their memory.
    if (encoding !== 'identity') personalCopies.set(key, body);
  }
  return sendEncoded(request, reply, body, encoding);
}

/** A PDF made for this request (a slip, a sheet, a letter), opened in the browser as `<file>.pdf`. */
export function sendPdf(reply: FastifyReply, file: string, bytes: Buffer): FastifyReply {
  return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${file}.pdf"`).send(bytes);
}

/** A public page from the cache, rendered and kept on a miss. */
export function sendCachedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: PageCache,
  key: string,
  render: () => Promise<string>,
): Promise<FastifyReply> | FastifyReply {
  const hit = cache.get(key);
  if (hit) return sendEntry(request, reply, hit);
  return render().then((html) => sendEntry(request, reply, cache.put(key, html)));
}

/** A public JSON answer from the cache, computed and kept on a miss. */
export function sendCachedJson(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: PageCache,
  key: string,
  compute: () => Promise<unknown>,
): Promise<FastifyReply> | FastifyReply {
  const hit = cache.get(key);
  if (hit) return sendEntry(request, reply, hit);
  return compute().then((value) => sendEntry(request, reply, cache.put(key, JSON.stringify(value), 'application/json; charset=utf-8')));
}

/**
 * A cached answer, with its ETag (a revisit costs a 304). A page kept for everyone is sent to a
 * signed-in person with their own header instead (not shared, so no ETag); its `Vary: Cookie`
 * keeps a browser from showing the signed-out copy it kept once the person has signed in.
 */
export function sendEntry(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedResponse,
  cacheControl = 'public, max-age=60',
): FastifyReply {
  const shared = !cacheControl.startsWith('private');
  if (shared && request.signedInUser && entry.contentType.startsWith('text/html')) {
    if (cacheControl === 'no-store') reply.header('cache-control', 'no-store');
    return sendPersonalCopy(request, reply, entry, request.signedInUser);
  }
  reply
    .header('content-type', entry.contentType)
    .header('vary', shared && entry.contentType.startsWith('text/html') ? 'accept-encoding, cookie' : 'accept-encoding')
    .header('etag', entry.etag)
    // Public pages: browsers and proxies may keep them a minute, then must ask again.
    .header('cache-control', cacheControl);
  if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(PageCache.form(entry, encoding));
}
