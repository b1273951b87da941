/**
 * Soak: each Bolt engine serving the example app for a long run (default 10 minutes) under mixed
 * load: keep-alive requests on the table's endpoints, plus a steady trickle of abuse (garbage heads,
 * bodies aborted midway, slow clients dropped, oversized heads). It samples the resident memory of
 * the server's whole process tree and reports whether it stays flat. A report, not a CI test.
 *
 * @example
 * node bench/dist/src/soak.js --engines bolt-uws,bolt-rust --minutes 10 --p 2 --workers 2
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { pickContenders } from './contenders.js';
import { TABLE_ENDPOINTS } from './endpoints.js';
import { processTree } from './process-sampler.js';
import { startServer } from './server-process.js';

interface Sample {
  atS: number;
  rssMb: number;
  requests: number;
  errors: number;
}

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'bolt-uws,bolt-rust,bolt-node' },
    minutes: { type: 'string', default: '10' },
    p: { type: 'string', default: '1' },
    workers: { type: 'string', default: '1' },
    lanes: { type: 'string', default: '16' },
    'sample-s': { type: 'string', default: '10' },
  },
});
const durationMs = Number(values.minutes) * 60_000;
const sampleMs = Number(values['sample-s']) * 1000;
const lanes = Number(values.lanes);

function treeRssMb(root: number): number {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      kb += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return kb / 1024;
}

const LOAD = TABLE_ENDPOINTS.filter((e) => ['root', 'items', 'put'].includes(e.id));

/** Bytes that a well-behaved client never sends, one kind per tick. */
function abuse(port: number, tick: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    const end = (afterMs: number) =>
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, afterMs);
    socket.on('connect', () => {
      switch (tick % 4) {
        case 0:
          socket.write('NOT HTTP AT ALL\r\n\r\n');
          return end(200);
        case 1:
          socket.write(
            'PUT /items/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"na',
          );
          return end(50);
        case 2:
          socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
          return end(2000);
        default:
          socket.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'z'.repeat(20_000)}\r\n\r\n`);
          return end(200);
      }
    });
  });
}

async function soak(
  id: string,
): Promise<{ id: string; samples: Sample[] } | { id: string; skipped: string }> {
  const [contender] = pickContenders([id]);
  const launch = contender?.launch();
  if (!contender || !launch || 'skip' in launch)
    return { id, skipped: launch && 'skip' in launch ? launch.skip : 'unknown engine' };
  const root = LOAD[0];
  if (!root) throw new Error('the table has no root endpoint');
  const server = await startServer({ launch, endpoint: root, env: { P: values.p, WORKERS: values.workers } });
  const stopAt = Date.now() + durationMs;
  let requests = 0;
  let errors = 0;
  const load = Array.from({ length: lanes }, async (_, lane) => {
    for (let i = lane; Date.now() < stopAt; i++) {
      const endpoint = LOAD[i % LOAD.length] ?? root;
      try {
        const res = await fetch(`${server.url}${endpoint.path}`, {
          method: endpoint.method,
          ...(endpoint.body === undefined
            ? {}
            : { body: JSON.stringify(endpoint.body), headers: { 'content-type': 'application/json' } }),
        });
        await res.arrayBuffer();
        if (res.status >= 500) errors++;
        requests++;
      } catch {
        errors++;
      }
    }
  });
  const port = Number(new URL(server.url).port);
  const abuser = (async () => {
    for (let tick = 0; Date.now() < stopAt; tick++) {
      void abuse(port, tick);
      await sleep(200);
    }
  })();
  const started = Date.now();
  const samples: Sample[] = [];
  while (Date.now() < stopAt) {
    samples.push({
      atS: Math.round((Date.now() - started) / 1000),
      rssMb: treeRssMb(server.pid),
      requests,
      errors,
    });
    process.stderr.write(
      `${id}: ${samples.at(-1)?.atS} s, ${samples.at(-1)?.rssMb.toFixed(1)} MiB, ${requests} requests\n`,
    );
    await sleep(Math.min(sampleMs, Math.max(0, stopAt - Date.now())));
  }
  await Promise.all([...load, abuser]);
  samples.push({
    atS: Math.round((Date.now() - started) / 1000),
    rssMb: treeRssMb(server.pid),
    requests,
    errors,
  });
  await server.stop();
  return { id, samples };
}

/** Least-squares slope of RSS over time, in MiB per minute. */
function slopeMbPerMin(samples: readonly Sample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, p) => s + p.atS, 0) / n;
  const my = samples.reduce((s, p) => s + p.rssMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of samples) {
    num += (p.atS - mx) * (p.rssMb - my);
    den += (p.atS - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

const rows: string[] = [];
for (const id of values.engines.split(',')) {
  const result = await soak(id.trim());
  if ('skipped' in result) {
    rows.push(`| ${result.id} | skipped: ${result.skipped} | | | | | |`);
    continue;
  }
  const { samples } = result;
  // The first fifth is warm-up (JIT, pools, allocator arenas); flatness is judged on the rest.
  const steady = samples.slice(Math.floor(samples.length / 5));
  const first = steady[0]?.rssMb ?? 0;
  const last = samples.at(-1);
  const peak = Math.max(...samples.map((s) => s.rssMb));
  const slope = slopeMbPerMin(steady);
  const grownMb = slope * (((steady.at(-1)?.atS ?? 0) - (steady[0]?.atS ?? 0)) / 60);
  const flat = grownMb < Math.max(5, first * 0.05);
  rows.push(
    `| ${result.id} | ${first.toFixed(1)} | ${last?.rssMb.toFixed(1)} | ${peak.toFixed(1)} | ${slope.toFixed(2)} | ${last?.requests} (${last?.errors} errors) | ${flat ? 'flat' : 'GROWING'} |`,
  );
}
console.log(
  `\nSoak: ${values.minutes} min per engine, P=${values.p} W=${values.workers}, ${lanes} keep-alive lanes + one abusive connection every 200 ms\n`,
);
console.log(
  '| engine | RSS after warm-up (MiB) | RSS at end | peak | slope (MiB/min) | requests | verdict |',
);
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
