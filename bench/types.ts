import type pg from 'pg';

/** One line of the results table and of bench/results/latest.json. */
export interface Entry {
  name: string;
  value: number;
  unit: string;
  /** The machine limit, measured in the same run, that the value is compared with. */
  limit: { name: string; value: number } | null;
  /** value / limit.value, or null without a limit. */
  ratio: number | null;
  /** e.g. "≥ 0.25 × bare handler" or "≤ 20 ms". */
  goal: string;
  meets: boolean;
  /** Free-form detail shown under the table (optional; not compared). */
  note?: string;
}

/** What bench/load.ts is asked to do. */
export interface LoadOptions {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Request paths (with query), used in turn across all connections. */
  paths: string[];
  connections: number;
  /** Seconds of the measured run. */
  duration: number;
  /** Seconds of an unmeasured run just before, on the same paths. */
  warmup?: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  duration: number;
  /** Completed requests per second over the measured run. */
  rps: number;
  /** Milliseconds. */
  latency: { mean: number; p50: number; p90: number; p99: number; max: number };
  bytesPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** The machine's limits, measured once at the start of the run. */
export interface Limits {
  /** A bare Fastify handler returning a small fixed body, 50 connections. */
  bareHandler: { rps: number; p99: number };
  /** Primary-key SELECTs on the same PostgreSQL, 10 concurrent clients. */
  pkSelect: { qps: number };
  /** BEGIN / single-row INSERT / COMMIT on the same PostgreSQL, 10 concurrent clients. */
  insertTx: { tps: number };
}

/** One catalogue the app was built on: its app's address and its database. */
export interface Target {
  label: string;
  baseUrl: string;
  pool: pg.Pool;
  /** Every procedure code in this catalogue. */
  codes: string[];
}

export interface BenchContext {
  /** The app on the demo province with the imported (shipped) catalogue: its address and database. */
  baseUrl: string;
  pool: pg.Pool;
  imported: Target;
  /** The app on the demo province plus generated procedures, 10,000 in all (built on first call). */
  generated(): Promise<Target>;
  limits: Limits;
  /** Repository root. */
  root: string;
  /** This run's scratch folder (.test-data/bench-run-<pid>; removed at the end). */
  scratch: string;
  /** Standard settings for load runs (connections, seconds, warm-up). */
  defaults: { connections: number; duration: number; warmup: number };
  record(entry: Entry): void;
  /** Runs bench/load.ts in a child process against 127.0.0.1 and returns its figures. */
  load(options: Omit<LoadOptions, 'connections' | 'duration'> & Partial<LoadOptions>): Promise<LoadResult>;
  /** Records req/s (vs the bare handler) and p99 (≤ 20 ms) for one load result; `note` is printed under the table. */
  recordHttp(name: string, result: LoadResult, note?: string): void;
  /** Registers a child process: run.ts kills it (SIGKILL) if it is still alive when the run ends or is interrupted. */
  track<T extends { pid?: number | undefined; kill(signal?: NodeJS.Signals): boolean }>(child: T): T;
  /** Registers clean-up work run when the run ends or is interrupted (last registered, first run). */
  defer(work: () => Promise<void>): void;
  log(message: string): void;
}

/** A file in bench/scenarios/ exports `scenario`. */
export interface Scenario {
  name: string;
  run(ctx: BenchContext): Promise<void>;
}
