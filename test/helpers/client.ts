import type pg from 'pg';
import type { AppDeps } from '../../src/app.ts';

/**
 * A browser-like HTTP client for tests: keeps cookies, finds the CSRF token in
 * the last page, posts forms, never follows redirects on its own (tests look
 * at where they lead).
 */
export class Client {
  cookies = new Map<string, string>();
  lastHtml = '';

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.baseUrl + path, {
      redirect: 'manual',
      headers: { accept: 'text/html', cookie: this.cookieHeader(), ...headers },
    });
    this.keep(res);
    return res;
  }

  /** GET and keep the body (for its CSRF token). */
  async page(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const res = await this.get(path);
    this.lastHtml = await res.text();
    return { status: res.status, html: this.lastHtml, location: res.headers.get('location') };
  }

  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!m) throw new Error('no CSRF token on the last page');
    return m[1]!;
  }

  /** POSTs a form; `_csrf` is taken from the last page unless given (pass null to send none). */
  async post(
    path: string,
    fields: Record<string, string | string[]>,
    csrf: string | null | undefined = undefined,
  ): Promise<{ status: number; html: string; location: string | null }> {
    // A list is a field repeated (checkboxes of one name).
    const body = new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])));
    const token = csrf === undefined ? this.csrf() : csrf;
    if (token !== null) body.set('_csrf', token);
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: this.cookieHeader() },
      body,
    });
    this.keep(res);
    const html = await res.text();
    if (html) this.lastHtml = html;
    return { status: res.status, html, location: res.headers.get('location') };
  }
}

/**
 * A signed-in staff client for tests of what comes after sign-in (sign-in itself is
 * tested through its pages): the account's temporary password is marked changed and
 * a session that has passed the second factor is started directly.
 */
export async function staffClient(baseUrl: string, deps: AppDeps, username: string): Promise<Client> {
  const pool: pg.Pool = deps.pool;
  const { rows } = await pool.query<{ id: number }>(
    `UPDATE staff SET must_change_password = false, totp_secret = COALESCE(totp_secret, 'JBSWY3DPEHPK3PXP') WHERE username = $1 RETURNING id`,
    [username],
  );
  if (!rows[0]) throw new Error(`no staff ${username}`);
  const token = await deps.sessions.start({ kind: 'staff', staffId: rows[0].id, secondFactorDone: true, ip: '127.0.0.1' });
  const client = new Client(baseUrl);
  client.cookies.set('mc_session', token);
  return client;
}

/** A signed-in citizen client (the OpenID sign-in has its own tests): a citizen row and a session started directly. */
export async function citizenClient(baseUrl: string, deps: AppDeps, person: { fullName: string; idNumber: string }): Promise<Client> {
  const { rows } = await deps.pool.query<{ id: number }>(
    `INSERT INTO citizens (subject, id_number, full_name, assurance_level) VALUES ($1, $2, $3, 'vneid-2')
     ON CONFLICT (subject) DO UPDATE SET full_name = EXCLUDED.full_name RETURNING id`,
    [`test|${person.idNumber}`, person.idNumber, person.fullName],
  );
  const token = await deps.sessions.start({ kind: 'citizen', citizenId: rows[0]!.id, secondFactorDone: true, ip: '127.0.0.1' });
  const client = new Client(baseUrl);
  client.cookies.set('mc_session', token);
  return client;
}
