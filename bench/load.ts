/**
 * The load generator, run as a child process by bench/run.ts so that it does
 * not share the app's event loop (see README.md). It reads LoadOptions as JSON
 * on stdin, runs an optional warm-up and then the measured autocannon run,
 * and prints one line of JSON (LoadResult) on stdout.
 */
import autocannon from 'autocannon';
import type { LoadOptions, LoadResult } from './types.ts';

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const options = JSON.parse(input) as LoadOptions;
const target = new URL(options.baseUrl);
if (target.hostname !== '127.0.0.1') throw new Error(`bench/load.ts only targets 127.0.0.1, not ${target.hostname}`);
if (!(options.duration > 0 && options.duration <= 30)) throw new Error('duration must be 1..30 s');
const paths = options.paths.length ? options.paths : ['/'];

// All connections share one counter, so the paths are spread over the run rather
// than every connection walking the same list in step.
let next = Math.floor(Math.random() * paths.length);
const rotating: autocannon.Request = {
  method: 'GET',
  setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }),
};

function run(duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration,
        headers: options.headers ?? {},
        requests: [rotating],
        timeout: 10,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

if (options.warmup && options.warmup > 0) await run(Math.min(options.warmup, 10));
const r = await run(options.duration);
const out: LoadResult = {
  requests: r.requests.total,
  duration: r.duration,
  rps: r.requests.total / r.duration,
  latency: { mean: r.latency.mean, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
  bytesPerSecond: r.throughput.average,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
};
process.stdout.write(JSON.stringify(out) + '\n');
