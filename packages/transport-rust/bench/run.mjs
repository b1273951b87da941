// `pnpm bench`: the Rust transport against raw uWebSockets.js, transport-uws and Fastify, one run.
// Flags: --duration S, --rounds R, --connections N, --targets a,b. Reports only; never fails on numbers.
import { parseArgs } from 'node:util';
import { formatResults, runBench } from './runner.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    targets: { type: 'string', default: 'rust,uws-raw,uws,fastify' },
  },
});
const results = await runBench({
  duration: Number(values.duration),
  rounds: Number(values.rounds),
  connections: Number(values.connections),
  targets: values.targets.split(','),
});
for (const [name, r] of Object.entries(results)) if (r.error) console.log(`${name}: ${r.error}`);
console.log(formatResults(results));
