/**
 * The runner end to end on real sockets, kept to a few seconds: one contender, one endpoint, one
 * short run, saved to a temporary folder; a wrong answer aborts its row; a skip is reported.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { benchCommand } from '../src/bench-command.js';
import { CONTENDERS, type Contender } from '../src/contenders.js';
import { TABLE_ENDPOINTS } from '../src/endpoints.js';
import { ensureWrk } from '../src/ensure-wrk.js';
import { Progress } from '../src/progress.js';
import { runBench } from '../src/run-bench.js';

const quick = {
  connections: 4,
  slowConnections: 4,
  threads: 1,
  durationS: 1,
  warmupS: 1,
  runs: 1,
  processes: 1,
  workers: 1,
  pin: false,
};
const silent = new Progress(0, () => {});
const nodeHttp = CONTENDERS.find((c) => c.id === 'node-http')!;
const root = TABLE_ENDPOINTS.find((e) => e.id === 'root')!;

t.test('benchCommand measures one contender on one endpoint and saves JSON, Markdown and SVG', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'bolt-bench-smoke-'));
  const lines: string[] = [];
  const outcome = await benchCommand(
    [
      '--contenders',
      'node-http',
      '--only',
      'root',
      '-c',
      '4',
      '-w',
      '1',
      '-d',
      '1',
      '-r',
      '1',
      '--save',
      '--out',
      out,
    ],
    (line) => lines.push(line),
  );
  const row = outcome!.results!.rows[0]!;
  t.equal(outcome!.results!.rows.length, 1);
  t.equal(row.status, 'ok', row.reason ?? 'measured');
  t.ok(row.summary!.rps.median > 100, `a real rate: ${row.summary!.rps.median} req/s`);
  t.ok(row.runs[0]!.requests > 100);
  t.equal(row.runs[0]!.non2xx + row.runs[0]!.socketErrors, 0);
  t.ok(row.summary!.peakRssMb.max > 10, 'the server RSS was sampled');
  t.ok(row.summary!.cpuPercent.median > 0, 'the server CPU was sampled');
  t.ok(row.summary!.p99Ms.median >= row.summary!.p50Ms.median);
  t.ok(
    lines.some((l) => /row 1\/1 root · node-http: run 1\/1/.test(l) && /left\]/.test(l)),
    'progress names row, run and time left',
  );

  const saved = outcome!.saved!;
  for (const file of [saved.json, saved.markdown, saved.chart]) t.ok(existsSync(file), file);
  t.same(JSON.parse(readFileSync(saved.json, 'utf8')).rows[0].runs.length, 1);
  t.match(readFileSync(saved.markdown, 'utf8'), /\| GET \/ \| [\d,]+ \|/);
  t.match(readFileSync(saved.chart, 'utf8'), /^<svg [^>]*>[\s\S]*node:http[\s\S]*<\/svg>\n$/);
});

t.test('a wrong answer aborts the row before any load; a skipped contender says why', async (t) => {
  const wrongRoot = {
    ...root,
    id: 'root-mars',
    check: () => 'body {"Hello":"World"} differs from {"Hello":"Mars"}',
  };
  const unbuilt: Contender = { ...nodeHttp, id: 'unbuilt', launch: () => ({ skip: 'not built here' }) };
  const rows = await runBench({
    endpoints: [wrongRoot],
    contenders: [nodeHttp, unbuilt],
    settings: quick,
    wrk: ensureWrk(false),
    progress: silent,
  });
  t.match(rows[0], { contender: 'node-http', status: 'failed', runs: [] });
  t.match(rows[0]!.reason, /wrong answer to GET \/: body .* differs/);
  t.same(rows[1], {
    endpoint: 'root-mars',
    contender: 'unbuilt',
    status: 'skipped',
    reason: 'not built here',
    connections: 4,
    runs: [],
  });
});

t.test('a contender that crashes on start is failed with its error line', async (t) => {
  const crashing: Contender = {
    ...nodeHttp,
    id: 'crashing',
    launch: () => ({ command: process.execPath, args: ['-e', 'throw new Error("boom at start")'], env: {} }),
  };
  const [row] = await runBench({
    endpoints: [root],
    contenders: [crashing],
    settings: quick,
    wrk: ensureWrk(false),
    progress: silent,
  });
  t.equal(row!.status, 'failed');
  t.match(row!.reason, /exited with code 1 before answering: .*boom at start/);
});

t.test('a transport whose native addon is not built is skipped with its own message', async (t) => {
  const script =
    "const e = new Error('The engine is not built: run the build'); e.code = 'BOLT_ERR_RUST_NATIVE_LOAD'; throw e;";
  const unbuilt: Contender = {
    ...nodeHttp,
    id: 'unbuilt-native',
    launch: () => ({ command: process.execPath, args: ['-e', script], env: {} }),
  };
  const [row] = await runBench({
    endpoints: [root],
    contenders: [unbuilt],
    settings: quick,
    wrk: ensureWrk(false),
    progress: silent,
  });
  t.equal(row!.status, 'skipped');
  t.match(row!.reason, /^not built: Error: The engine is not built: run the build/);
});

t.test('a server that answers the check but fails under load is failed, not ranked', async (t) => {
  // Answers the check (which sends a user-agent) correctly, and wrk (which sends none) with 500s.
  const script = `require('node:http').createServer((req, res) => {
    const ok = Boolean(req.headers['user-agent']);
    res.writeHead(ok ? 200 : 500, { 'content-type': 'application/json' });
    res.end(ok ? '{"Hello":"World"}' : '{"detail":"Internal Server Error"}');
  }).listen(Number(process.env.PORT), process.env.HOST);`;
  const flaky: Contender = {
    ...nodeHttp,
    id: 'flaky',
    launch: () => ({ command: process.execPath, args: ['-e', script], env: {} }),
  };
  const [row] = await runBench({
    endpoints: [root],
    contenders: [flaky],
    settings: quick,
    wrk: ensureWrk(false),
    progress: silent,
  });
  t.equal(row!.status, 'failed');
  t.match(row!.reason, /^\d+ of \d+ requests failed under load$/);
  t.equal(row!.summary, undefined);
  t.ok(row!.runs[0]!.non2xx > 0, 'the raw figures stay in the results');
});
