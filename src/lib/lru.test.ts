import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lru } from './lru.ts';

test('the least recently used goes first, a read counting as a use', () => {
  const lru = new Lru<string, number>(2);
  lru.set('a', 1);
  lru.set('b', 2);
  assert.equal(lru.get('a'), 1);
  lru.set('c', 3);
  assert.equal(lru.get('b'), undefined, 'b was the least recently used');
  assert.deepEqual([lru.get('a'), lru.get('c'), lru.size], [1, 3, 2]);
});

test('a budget in bytes: as many values go as it takes to fit, a value replaced weighs only once', () => {
  const lru = new Lru<string, Buffer>(100, (k, v) => k.length + v.length);
  lru.set('a', Buffer.alloc(40));
  lru.set('b', Buffer.alloc(40));
  lru.set('b', Buffer.alloc(40)); // replaced, not added: 82 in all
  assert.equal(lru.size, 2);
  lru.set('c', Buffer.alloc(90)); // 173: both older ones go
  assert.deepEqual([lru.get('a'), lru.get('b'), lru.size], [undefined, undefined, 1]);
  lru.delete('c');
  lru.set('d', Buffer.alloc(99)); // 100 fits after the delete gave its weight back
  assert.equal(lru.size, 1);
});
