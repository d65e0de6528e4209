import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextBatch, type BatchLoad } from './group-commit.ts';

/** Sizes of the batches a steady closed loop of `callers` gets: each batch's callers come back for the one after next. */
function steady(callers: number, batches: number, firstWaiting: number): number[] {
  let load: BatchLoad = { recent: 0, last: 0 };
  let waiting = firstWaiting;
  let inFlight = callers - firstWaiting; // the batch just written, whose callers come back next
  const sizes: number[] = [];
  for (let i = 0; i < batches; i++) {
    let size: number;
    [size, load] = nextBatch(waiting, load, 64);
    sizes.push(size);
    waiting = waiting - size + inFlight;
    inFlight = size;
  }
  return sizes;
}

test('ten callers that fell into batches of nine and one are written in batches of five', () => {
  assert.deepEqual(steady(10, 8, 1).slice(-4), [5, 5, 5, 5]);
});

test('a lone caller is written at once, and a burst is split in two halves, not held back', () => {
  let load: BatchLoad = { recent: 0, last: 0 };
  for (let i = 0; i < 3; i++) {
    let size: number;
    [size, load] = nextBatch(1, load, 64);
    assert.equal(size, 1);
  }
  const [size] = nextBatch(64, { recent: 0, last: 0 }, 64);
  assert.equal(size, 32);
  assert.equal(nextBatch(3, { recent: 0, last: 0 }, 2)[0], 2, 'never past the largest batch');
});

test('the recent load fades when the callers go: a later lone caller is not split from nobody', () => {
  let load: BatchLoad = { recent: 40, last: 20 };
  for (let i = 0; i < 40; i++) load = nextBatch(1, load, 64)[1];
  assert.equal(nextBatch(1, load, 64)[0], 1);
  assert.ok(load.recent <= 2, `recent load ${load.recent}`);
});
