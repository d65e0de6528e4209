import type { FastifyReply, FastifyRequest } from 'fastify';
import { encode, pickEncoding } from './compress.ts';
import { PageCache } from './page-cache.ts';

/**
 * How pages leave the server: compressed for the client, and for public pages
 * from the page cache with an ETag so that a revisit over a weak line costs a 304.
 */
export function sendHtml(request: FastifyRequest, reply: FastifyReply, html: string, status = 200): FastifyReply {
  const encoding = pickEncoding(request.headers['accept-encoding']);
  const body = encode(Buffer.from(html), encoding);
  reply.code(status).header('content-type', 'text/html; charset=utf-8').header('vary', 'accept-encoding');
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(body);
}

export function sendCachedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: PageCache,
  key: string,
  render: () => string | Promise<string>,
): Promise<FastifyReply> | FastifyReply {
  const hit = cache.get(key);
  if (hit) return sendEntry(request, reply, hit);
  const rendered = render();
  if (typeof rendered === 'string') return sendEntry(request, reply, cache.put(key, rendered));
  return rendered.then((html) => sendEntry(request, reply, cache.put(key, html)));
}

function sendEntry(request: FastifyRequest, reply: FastifyReply, entry: Parameters<typeof PageCache.form>[0]): FastifyReply {
  reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('vary', 'accept-encoding')
    .header('etag', entry.etag)
    // Public pages: browsers and proxies may keep them a minute, then must ask again.
    .header('cache-control', 'public, max-age=60');
  if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(PageCache.form(entry, encoding));
}
