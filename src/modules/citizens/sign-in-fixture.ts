import { after } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { freePort } from '../../../test/program.ts';
import { startDevProvider, type DevProvider } from './dev-provider.ts';

/**
 * For tests: the real app and the real local provider, each on its own port of 127.0.0.1, the
 * app configured with the provider as its issuer and the provider with the app's callback.
 */
export async function startAppWithProvider(options: { demo?: boolean } = {}): Promise<{ app: TestApp; provider: DevProvider }> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const clientSecret = 'test-client-secret';
  const provider = await startDevProvider({
    port: 0,
    clientId: 'mot-cua',
    clientSecret,
    redirectUri: `${publicUrl}/cong-dan/dang-nhap/xong`,
  });
  after(() => provider.stop());
  const app = await startTestApp({
    demo: options.demo ?? false,
    env: {
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'mot-cua',
      OIDC_CLIENT_SECRET: clientSecret,
    },
  });
  return { app, provider };
}

/**
 * A browser's cookies for 127.0.0.1 (as in a browser, shared by every port of the host), with
 * paths and deletion; and requests that never follow redirects on their own.
 */
export class Browser {
  cookies = new Map<string, { name: string; value: string; path: string }>();

  async get(url: string): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** GETs `url` and each redirect after it; returns the last answer and every URL visited. */
  async follow(url: string, limit = 15): Promise<{ res: Response; visited: string[] }> {
    const visited = [url];
    let res = await this.get(url);
    while (res.status >= 300 && res.status < 400) {
      if (visited.length > limit) throw new Error(`too many redirects: ${visited.join(' → ')}`);
      const next = new URL(res.headers.get('location')!, visited.at(-1)).href;
      visited.push(next);
      res = await this.get(next);
    }
    return { res, visited };
  }

  /** Follows the redirects of an answer already received for `from`. */
  async continue(res: Response, from: string): Promise<{ res: Response; visited: string[] }> {
    if (res.status < 300 || res.status >= 400) return { res, visited: [from] };
    const result = await this.follow(new URL(res.headers.get('location')!, from).href);
    return { res: result.res, visited: [from, ...result.visited] };
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    const path = new URL(url).pathname;
    const cookie = [...this.cookies.values()]
      .filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of res.headers.getSetCookie()) this.store(line, path);
    return res;
  }

  private store(line: string, requestPath: string): void {
    const [pair, ...attributes] = line.split(';').map((s) => s.trim());
    const at = pair!.indexOf('=');
    const name = pair!.slice(0, at);
    const value = pair!.slice(at + 1);
    const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attr('path') ?? requestPath.replace(/\/[^/]*$/, '') ?? '/';
    const expires = attr('expires');
    const gone = attr('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now()) || value === '';
    if (gone) this.cookies.delete(`${name} ${path}`);
    else this.cookies.set(`${name} ${path}`, { name, value, path: path || '/' });
  }
}

/** The value of a hidden form field named `name` in an HTML page. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no field ${name} on the page`);
  return match[1]!;
}
