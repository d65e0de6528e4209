import type pg from 'pg';

/** One job's outcome inside a batch: its result, or the error that refused it alone. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Group commit: jobs that arrive while a transaction is in flight are written
 * together in the next one, so whatever every job must wait for (a row lock
 * held to the commit, the audit chain's head, the commit's flush) is paid once
 * per batch instead of once per job. `write` makes the batch durable before it
 * returns (one statement in autocommit, or a transaction it commits) and
 * returns each job's outcome (a job refused alone must have written nothing).
 * If the batch as a whole fails, each job is tried alone, so one job never
 * fails another. Each promise settles only after the commit that made its job
 * durable.
 */
export class GroupCommit<J, R> {
  private queue: Array<{ job: J; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;

  /**
   * `maxInFlight` batches at once: the next batch starts while the one before holds its rows and
   * commits, and waits in the database only for rows both need (a day's counter, the audit head, a
   * dossier in both). Every writer takes such rows in one fixed order, so batches never deadlock.
   * Where every batch needs the same row, one in flight is better: the queue is not split in two
   * batches of which the second only waits.
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly write: (pool: pg.Pool, jobs: J[]) => Promise<Array<Outcome<R>>>,
    private readonly maxInFlight = 2,
    private readonly maxBatch = 64,
  ) {}

  add(job: J): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (this.inFlight < this.maxInFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight++;
    try {
      while (this.queue.length) {
        // One turn of the event loop first: jobs whose callers were woken by the batch just
        // committed (a person's next action, a request that follows) join this one.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.queue.length) await this.run(this.queue.splice(0, this.maxBatch));
      }
    } finally {
      this.inFlight--;
    }
  }

  private async run(batch: Array<{ job: J; resolve: (r: R) => void; reject: (e: unknown) => void }>): Promise<void> {
    try {
      const outcomes = await this.write(
        this.pool,
        batch.map((b) => b.job),
      );
      batch.forEach((b, i) => {
        const o = outcomes[i]!;
        if (o.ok) b.resolve(o.value);
        else b.reject(o.error);
      });
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const b of batch) await this.run([b]);
    }
  }
}

/** One writer per pool and kind of job: all jobs of a process share its batches. */
export function groupCommitOf<J, R>(
  registry: WeakMap<pg.Pool, GroupCommit<J, R>>,
  pool: pg.Pool,
  write: (pool: pg.Pool, jobs: J[]) => Promise<Array<Outcome<R>>>,
  maxInFlight?: number,
): GroupCommit<J, R> {
  let writer = registry.get(pool);
  if (!writer) {
    writer = new GroupCommit(pool, write, maxInFlight);
    registry.set(pool, writer);
  }
  return writer;
}
