import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { demoPassword } from '../demo/demo-province.ts';
import { signIn } from './sign-in.ts';

const pool = await testDatabase({ demo: true });

test('when a lock has run out, the count starts afresh: one more mistake does not lock again', async () => {
  for (let i = 0; i < 5; i++) await signIn(pool, 'vanthu.stp', 'sai mật khẩu', '127.0.0.1');
  assert.deepEqual(await signIn(pool, 'vanthu.stp', demoPassword, '127.0.0.1'), { ok: false, reason: 'locked' });
  await pool.query(`UPDATE staff SET locked_until = now() - interval '1 second' WHERE username = 'vanthu.stp'`);
  assert.deepEqual(await signIn(pool, 'vanthu.stp', 'sai lần nữa', '127.0.0.1'), { ok: false, reason: 'invalid' });
  const { rows } = await pool.query(`SELECT failed_attempts, locked_until FROM staff WHERE username = 'vanthu.stp'`);
  assert.equal(rows[0].failed_attempts, 1);
  assert.equal(rows[0].locked_until, null);
  assert.equal((await signIn(pool, 'vanthu.stp', demoPassword, '127.0.0.1')).ok, true);
});
