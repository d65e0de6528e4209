import http from 'node:http';
import { headers } from '../queries.ts';
import type { Scenario } from '../types.ts';

/**
 * Page weight: bytes on the wire (status line, headers and the body as sent,
 * compressed) for a page and everything it loads (stylesheets, scripts,
 * images), asked for as a browser does with `accept-encoding: br, gzip`.
 */
interface Fetched {
  status: number;
  wireBytes: number;
  headerBytes: number;
  encoding: string;
  body: Buffer;
}

function get(url: URL): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let headerBytes = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          headerBytes += Buffer.byteLength(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`);
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          wireBytes: headerBytes + body.length,
          headerBytes,
          encoding: String(res.headers['content-encoding'] ?? 'identity'),
          body,
        });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout ${url}`)));
    req.on('error', reject);
  });
}

/** The subresources a browser would fetch: stylesheets, scripts, images (not data: URLs). */
export function subresources(html: string): string[] {
  const out: string[] = [];
  const attr = (tag: string, name: string) =>
    new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
      .exec(tag)
      ?.slice(1)
      .find((v) => v !== undefined);
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (/^stylesheet$/i.test(attr(tag, 'rel') ?? '')) out.push(attr(tag, 'href') ?? '');
  }
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) out.push(attr(tag, 'src') ?? '');
  for (const tag of html.match(/<img\b[^>]*>/gi) ?? []) out.push(attr(tag, 'src') ?? '');
  return out.filter((u) => u && !u.startsWith('data:'));
}

async function decompressed(f: Fetched): Promise<string> {
  const zlib = await import('node:zlib');
  if (f.encoding === 'br') return zlib.brotliDecompressSync(f.body).toString('utf8');
  if (f.encoding === 'gzip') return zlib.gunzipSync(f.body).toString('utf8');
  return f.body.toString('utf8');
}

export const scenario: Scenario = {
  name: 'page weight',
  async run(ctx) {
    const pages = [
      { label: 'home /', path: '/' },
      { label: 'results /thu-tuc?q=dang+ky+khai+sinh', path: '/thu-tuc?q=dang+ky+khai+sinh' },
      { label: 'procedure /thu-tuc/1.001193', path: '/thu-tuc/1.001193' },
    ];
    for (const page of pages) {
      const url = new URL(page.path, ctx.baseUrl);
      const html = await get(url);
      if (html.status !== 200) throw new Error(`${page.path} answered ${html.status}`);
      const parts = [`HTML ${html.wireBytes} B (${html.encoding})`];
      let total = html.wireBytes;
      for (const ref of subresources(await decompressed(html))) {
        const sub = new URL(ref, url);
        if (sub.origin !== url.origin) {
          parts.push(`${ref} not counted (other origin)`);
          continue;
        }
        const f = await get(sub);
        if (f.status !== 200) throw new Error(`${sub.pathname} answered ${f.status}`);
        total += f.wireBytes;
        parts.push(`${sub.pathname} ${f.wireBytes} B (${f.encoding})`);
      }
      const kb = total / 1024;
      ctx.record({
        name: `page weight, ${page.label}`,
        value: kb,
        unit: 'KB',
        limit: null,
        ratio: null,
        goal: '≤ 50 KB',
        meets: kb <= 50,
        note: `${parts.join(' + ')}; headers included`,
      });
    }
  },
};
