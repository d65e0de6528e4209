import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { startAppWithProvider } from './sign-in-fixture.ts';

/** A GET to the app as a browser sends it when the address typed names the machine as `host`. */
function getAs(url: string, host: string, path: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}${path}`, { headers: { host } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, location: res.headers.location });
      })
      .on('error', reject);
  });
}

test('in the demo, citizen sign-in started at another name of the machine moves to the public address first', async () => {
  const demo = (await startAppWithProvider({ demo: true })).app;
  const port = new URL(demo.url).port;
  const path = `/cong-dan/dang-nhap?tiep=${encodeURIComponent('/thu-tuc/1.001193')}`;
  // The public address is 127.0.0.1 here: a browser at localhost would lose its state cookie on the way back.
  assert.deepEqual(await getAs(demo.url, `localhost:${port}`, path), { status: 303, location: `${demo.url}${path}` });
  const there = await getAs(demo.url, `127.0.0.1:${port}`, path);
  assert.equal(there.status, 303);
  assert.match(there.location!, /\/auth\?/, 'at the public address the sign-in goes to the provider');
});

test('a Host that is not another name of this machine is left alone (a proxy may rewrite it), and so is every Host outside the demo', async () => {
  const demo = (await startAppWithProvider({ demo: true })).app;
  const behindProxy = await getAs(demo.url, 'motcua-upstream:3000', '/cong-dan/dang-nhap');
  assert.equal(behindProxy.status, 303);
  assert.match(behindProxy.location!, /\/auth\?/);
  const real = (await startAppWithProvider()).app;
  const res = await getAs(real.url, `localhost:${new URL(real.url).port}`, '/cong-dan/dang-nhap');
  assert.equal(res.status, 303);
  assert.match(res.location!, /\/auth\?/);
});
