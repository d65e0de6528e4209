import assert from 'node:assert/strict';
import { startTestApp } from '../../../test/helpers/app.ts';
import { staffClient, type Client } from '../../../test/helpers/client.ts';
import { departmentProcess, installProcess } from './processes-fixture.ts';

/**
 * For tests of processing over HTTP: the demo app with the department's process installed at the
 * provincial centre, the demo officers signed in, and the steps every such test takes.
 */
export async function processingScene(title = 'Quy trình thử') {
  const { url, deps, pool } = await startTestApp({ demo: true });
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  /** The department's process, as the centre's desk forwards it: appraisal in the civil-status unit, the director, the clerk. */
  const process = departmentProcess(title);
  const centre = await installProcess(pool, '1.001193', '000.00.10.H99', process);
  const people = {
    desk: await staffClient(url, deps, 'motcua.ttphc'),
    specialist: await staffClient(url, deps, 'chuyenvien.stp'),
    head: await staffClient(url, deps, 'truongphong.stp'),
    director: await staffClient(url, deps, 'giamdoc.stp'),
    clerk: await staffClient(url, deps, 'vanthu.stp'),
    commune: await staffClient(url, deps, 'motcua.dongthanh'),
    inspector: await staffClient(url, deps, 'thanhtra'),
  };

  /** A dossier received at the centre's counter (or another desk's); returns its code. */
  async function received(name: string, desk: Client = people.desk): Promise<string> {
    await desk.page('/tiep-nhan/moi/1.001193');
    const body = new FormData();
    body.append('_csrf', desk.csrf());
    for (const [k, v] of Object.entries({ 'applicant.fullName': name, 'applicant.idNumber': '099190000777', outcome: 'receive' }))
      body.append(k, v);
    const res = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: `mc_session=${desk.cookies.get('mc_session')}` },
      body,
    });
    assert.equal(res.status, 303);
    return decodeURIComponent(/\/ho-so\/(.+)\/phieu/.exec(res.headers.get('location')!)![1]!);
  }

  /** Takes an action from the dossier page as the person sees it (revision and CSRF from that page). */
  async function act(who: Client, code: string, fields: Record<string, string>, mayNotSee = false) {
    const page = await who.page(`/ho-so/${code}`);
    if (mayNotSee && page.status === 403) return page;
    assert.equal(page.status, 200, `${code} is readable`);
    const revision = /name="revision" value="(\d+)"/.exec(page.html)?.[1] ?? '0';
    return who.post(`/ho-so/${code}/xu-ly`, { revision, ...fields });
  }

  const statusOf = async (code: string) => (await pool.query(`SELECT status, current_step FROM dossiers WHERE code = $1`, [code])).rows[0];
  return { url, deps, pool, text, process, centre, people, received, act, statusOf };
}
