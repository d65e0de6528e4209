import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InboxCache } from './inbox-cache.ts';

test('requests that miss together share one build; a new mark builds again; a failed build is not kept', async () => {
  const cache = new InboxCache();
  let builds = 0;
  const build = async () => {
    builds++;
    await new Promise((r) => setTimeout(r, 20));
    return `<p>Trang ${builds}</p>`;
  };
  const pages = await Promise.all(Array.from({ length: 10 }, () => cache.getOrBuild('7:true:1', 'nguoi-1', build)));
  assert.equal(builds, 1, 'ten requests at once, one inbox query');
  assert.ok(pages.every((p) => p === pages[0]));
  await cache.getOrBuild('7:true:1', 'nguoi-1', build);
  assert.equal(builds, 1, 'kept');
  await cache.getOrBuild('8:true:1', 'nguoi-1', build);
  assert.equal(builds, 2, 'the inbox changed: built again');
  await assert.rejects(
    cache.getOrBuild('9:true:1', 'nguoi-1', async () => Promise.reject(new Error('the database is down'))),
    /the database is down/,
  );
  await cache.getOrBuild('9:true:1', 'nguoi-1', build);
  assert.equal(builds, 3, 'after a failure the next request builds');
});
