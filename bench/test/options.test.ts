/** Knobs from flags and environment variables, and the endpoint and contender pickers. */
import t from 'tap';
import { commandLine, pickEndpoints } from '../src/bench-command.js';
import { pickContenders } from '../src/contenders.js';
import { parseOptions } from '../src/options.js';

t.test('defaults: C=64, 5 s warm-up, 3 runs x 8 s, P=1, WORKERS=1, wrk -t1', async (t) => {
  const o = parseOptions([], {});
  t.same(o.settings, {
    connections: 64,
    slowConnections: 512,
    threads: 1,
    durationS: 8,
    warmupS: 5,
    runs: 3,
    processes: 1,
    workers: 1,
    pin: true,
  });
  t.same([o.contenders, o.only, o.save, o.requests], [[], [], false, undefined]);
});

t.test('environment variables set the knobs and flags win over them', async (t) => {
  const env = {
    C: '128',
    P: '2',
    WORKERS: '2',
    DURATION: '4',
    RUNS: '5',
    N: '100000',
    ONLY: 'root',
    C_SLOW: '256',
  };
  const o = parseOptions(['-c', '32', '--contenders', 'bolt-uws,fastify', '--only', 'root,parse'], env);
  t.match(o.settings, {
    connections: 32,
    processes: 2,
    workers: 2,
    durationS: 4,
    runs: 5,
    slowConnections: 256,
  });
  t.equal(o.requests, 100000);
  t.same(o.contenders, ['bolt-uws', 'fastify']);
  t.same(o.only, ['root', 'parse']);
});

t.test('a repeated flag takes its last value (a package script plus `pnpm bench -- --only x`)', async (t) => {
  t.same(parseOptions(['--only', 'root,items,put', '--only', 'parse'], {}).only, ['parse']);
});

t.test('a `--` that pnpm passes on is ignored', async (t) => {
  t.same(parseOptions(['--', '--only', 'root', '-c', '8'], {}).only, ['root']);
});

t.test('bad values are refused with the knob named', async (t) => {
  t.throws(() => parseOptions(['-c', '0'], {}), /connections must be a positive number, got 0/);
  t.throws(() => parseOptions([], { RUNS: 'many' }), /runs must be a positive number, got many/);
  t.throws(() => parseOptions(['--nope'], {}), /nope/);
});

t.test('endpoints are picked by id or by group; unknown ids are refused', async (t) => {
  t.same(
    pickEndpoints(['root', 'parse']).map((e) => e.id),
    ['root', 'parse'],
  );
  t.same(
    pickEndpoints(['table']).map((e) => e.id),
    [
      'root',
      'items',
      'put',
      'items100',
      'items100-br',
      'items100-gzip',
      'parse',
      'users-full',
      'users-mini',
      'slow',
    ],
  );
  t.same(
    pickEndpoints(['scaling']).map((e) => e.id),
    [
      'payload-out-1k',
      'payload-out-10k',
      'payload-out-100k',
      'payload-in-1k',
      'payload-in-10k',
      'payload-in-100k',
      'routes-10',
      'routes-1000',
    ],
  );
  t.throws(() => pickEndpoints(['rooot']), /unknown endpoint rooot/);
});

t.test('contenders are picked by id in the order given; unknown ids are refused', async (t) => {
  t.same(
    pickContenders(['fastify', 'bolt-uws']).map((c) => c.id),
    ['fastify', 'bolt-uws'],
  );
  t.equal(pickContenders([]).length, 13, 'the 9 table contenders and 4 Bolt variants');
  t.throws(() => pickContenders(['koa']), /unknown contender koa/);
});

t.test('--render takes a results file', async (t) => {
  t.equal(parseOptions(['--render', 'results/2026-11-26.json'], {}).render, 'results/2026-11-26.json');
});

t.test('the recorded command carries the knobs set in the environment', async (t) => {
  t.equal(
    commandLine(['--', '--save', '-d', '3'], { C: '128', P: '2', HOME: '/root' }),
    'C=128 P=2 node bench/dist/src/cli.js --save -d 3',
  );
});
