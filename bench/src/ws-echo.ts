/**
 * WebSocket echo: messages/s of Bolt on node:http, uWS and Rust (the example app's `WS /ws/echo`)
 * against raw uWS's `app.ws` and the `ws` package, in one run. The load comes from a small Go
 * client (bench/ws-client, gorilla/websocket, built here with `go build`): a Node client saturates
 * before the servers do on a 2-core machine. N connections each keep K messages in flight (an
 * echo received is answered by the next message), so neither side queues without bound. As in the
 * HTTP table: the server is pinned to CPU 0 and the client to CPU 1, runs rotate through the
 * servers, and the server's CPU time per message comes from /proc.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { benchFile } from './bench-dir.js';
import { CONTENDERS, type Launch } from './contenders.js';
import { TABLE_ENDPOINTS } from './endpoints.js';
import { type ProcessUsage, sampleProcessTree } from './process-sampler.js';
import { type ServerProcess, ServerStartError, startServer } from './server-process.js';
import { spread } from './stats.js';

/** One WebSocket echo server. */
export interface WsServer {
  readonly id: string;
  readonly label: string;
  launch(): Launch | { skip: string };
}

const peer = (file: string) => (): Launch | { skip: string } => {
  const script = fileURLToPath(benchFile(`dist/peers/${file}`));
  if (!existsSync(script)) return { skip: `${script} is missing: run pnpm --filter @bolt/bench build` };
  return { command: process.execPath, args: [script], env: {} };
};
const bolt = (id: string) => CONTENDERS.find((c) => c.id === id)!;

/** The servers, in table order; the ratios divide by the last two. */
export const WS_SERVERS: readonly WsServer[] = [
  { id: 'bolt-uws', label: 'Bolt (uWS)', launch: () => bolt('bolt-uws').launch() },
  { id: 'bolt-rust', label: 'Bolt (Rust)', launch: () => bolt('bolt-rust').launch() },
  { id: 'bolt-node', label: 'Bolt (node:http)', launch: () => bolt('bolt-node').launch() },
  { id: 'uws-raw', label: 'raw uWS app.ws', launch: peer('uws-raw-ws.js') },
  { id: 'ws', label: 'ws (node:http)', launch: peer('ws-echo.js') },
];
const BASES = ['uws-raw', 'ws'] as const;

/** The knobs. */
export interface WsEchoOptions {
  servers: string[];
  connections: number;
  inFlight: number;
  size: number;
  durationS: number;
  warmupS: number;
  runs: number;
  pin: boolean;
  save: boolean;
}

const positive = (name: string, raw: string | undefined, fallback: number) => {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
};

/** Flags win over the environment: `-c`/C, `-k`/K, `--size`/SIZE, `-d`/DURATION, `-w`/WARMUP, `-r`/RUNS, `--servers`/SERVERS. */
export function parseWsEchoOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): WsEchoOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      servers: { type: 'string' },
      connections: { type: 'string', short: 'c' },
      'in-flight': { type: 'string', short: 'k' },
      size: { type: 'string' },
      duration: { type: 'string', short: 'd' },
      warmup: { type: 'string', short: 'w' },
      runs: { type: 'string', short: 'r' },
      pin: { type: 'boolean' },
      'no-pin': { type: 'boolean' },
      save: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  const servers = (values.servers ?? env.SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of servers) {
    if (!WS_SERVERS.some((s) => s.id === id)) {
      throw new Error(`unknown server ${id}: use ${WS_SERVERS.map((s) => s.id).join(', ')}`);
    }
  }
  const pinEnv = env.PIN === undefined ? undefined : env.PIN !== '0';
  return {
    servers,
    connections: positive('connections', values.connections ?? env.C, 64),
    inFlight: positive('in-flight', values['in-flight'] ?? env.K, 8),
    size: positive('size', values.size ?? env.SIZE, 64),
    durationS: positive('duration', values.duration ?? env.DURATION, 3),
    warmupS: positive('warmup', values.warmup ?? env.WARMUP, 1),
    runs: positive('runs', values.runs ?? env.RUNS, 3),
    pin: values['no-pin'] ? false : (values.pin ?? pinEnv ?? availableParallelism() >= 2),
    save: values.save ?? false,
  };
}

/** What the Go client printed. */
interface ClientResult {
  messages: number;
  seconds: number;
  errors: number;
  mismatched: number;
}

/** One server's row. */
export interface WsRow {
  server: string;
  label: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  runs: { messagesPerS: number; cpuUsPerMessage: number; peakRssMb: number; errors: number }[];
}

/** Builds bench/dist/ws-client from bench/ws-client when it is missing or older than its source. */
export function buildClient(): string {
  const source = fileURLToPath(benchFile('ws-client'));
  const binary = fileURLToPath(benchFile('dist/ws-client'));
  const stale =
    !existsSync(binary) ||
    ['main.go', 'go.mod', 'go.sum'].some(
      (f) => statSync(`${source}/${f}`).mtimeMs > statSync(binary).mtimeMs,
    );
  if (stale) {
    mkdirSync(fileURLToPath(benchFile('dist')), { recursive: true });
    try {
      execFileSync('go', ['build', '-o', binary, '.'], {
        cwd: source,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
    } catch (error) {
      throw new Error(
        `could not build the Go load client (bench/ws-client needs Go 1.22+ on PATH): ${(error as Error).message}`,
      );
    }
  }
  return binary;
}

/** One text message to `/ws/echo` and its echo back, within 5 s: the server speaks WebSocket. */
export function echoOnce(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    const done = (why: string | undefined) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(why);
    };
    const timer = setTimeout(() => done('no echo within 5 s'), 5000);
    socket.once('open', () => socket.send('echo-check'));
    socket.once('message', (data, binary) =>
      done(!binary && data.toString() === 'echo-check' ? undefined : `echo was ${String(data).slice(0, 60)}`),
    );
    socket.once('unexpected-response', (_req, res) => done(`upgrade answered ${res.statusCode}`));
    socket.once('error', (error) => done(`socket error: ${error.message}`));
  });
}

/**
 * Runs the client once; the server's CPU is sampled from the client's `measuring` line to its
 * result, so connecting and the warm-up are not counted.
 */
function runClient(
  binary: string,
  url: string,
  options: WsEchoOptions,
  warmupS: number,
  pid: number,
  cpu?: string,
) {
  const args = [
    '-url',
    url,
    '-c',
    String(options.connections),
    '-k',
    String(options.inFlight),
    '-size',
    String(options.size),
    '-warmup',
    String(warmupS),
    '-d',
    String(options.durationS),
  ];
  const [command, all] = cpu ? ['taskset', ['-c', cpu, binary, ...args]] : [binary, args];
  return new Promise<{ result: ClientResult; usage: ProcessUsage }>((resolve, reject) => {
    const child = spawn(command, all as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let sampler: ReturnType<typeof sampleProcessTree> | undefined;
    let usage: ProcessUsage | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (!sampler && out.includes('measuring\n')) sampler = sampleProcessTree(pid);
      if (sampler && !usage && /\n\{.*\}\n/.test(out)) usage = sampler.stop();
    });
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.once('error', reject);
    child.once('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (sampler && !usage) usage = sampler.stop();
      if (code === 0 && line && usage) resolve({ result: JSON.parse(line) as ClientResult, usage });
      else reject(new Error(`ws-client exited ${code}: ${out.slice(-600)}`));
    });
  });
}

/** Runs every server, rotating the order each run, and returns one row per server. */
export async function runWsEcho(options: WsEchoOptions, say: (line: string) => void = console.error) {
  const binary = buildClient();
  const chosen = WS_SERVERS.filter((s) => options.servers.length === 0 || options.servers.includes(s.id));
  const root = TABLE_ENDPOINTS.find((e) => e.id === 'root')!;
  const rows: WsRow[] = [];
  const live: { row: WsRow; server: ServerProcess }[] = [];
  try {
    for (const s of chosen) {
      const row: WsRow = { server: s.id, label: s.label, status: 'ok', runs: [] };
      rows.push(row);
      const launch = s.launch();
      if ('skip' in launch) {
        Object.assign(row, { status: 'skipped', reason: launch.skip });
        continue;
      }
      try {
        const server = await startServer({
          launch,
          endpoint: root,
          env: { BENCH_APP: 'example', P: '1', WORKERS: '1' },
          ...(options.pin ? { cpu: '0' } : {}),
        });
        live.push({ row, server });
        const why = await echoOnce(`${server.url.replace('http:', 'ws:')}/ws/echo`);
        if (why) Object.assign(row, { status: 'failed', reason: `no WebSocket echo: ${why}` });
      } catch (error) {
        const notBuilt = error instanceof ServerStartError && error.kind === 'not-built';
        Object.assign(row, { status: notBuilt ? 'skipped' : 'failed', reason: (error as Error).message });
      }
      say(`ws-echo · ${s.id}: ${row.status}${row.reason ? ` (${row.reason})` : ''}`);
    }
    for (let run = 0; run < options.runs; run++) {
      const ready = live.filter((l) => l.row.status === 'ok');
      const order = ready.map((_, i) => ready[(i + run) % ready.length]!);
      for (const { row, server } of order) {
        const warmupS = run === 0 ? options.warmupS : 1;
        say(`ws-echo · run ${run + 1}/${options.runs} · ${row.server}`);
        const url = `${server.url.replace('http:', 'ws:')}/ws/echo`;
        try {
          const cpu = options.pin ? '1' : undefined;
          const { result, usage } = await runClient(binary, url, options, warmupS, server.pid, cpu);
          row.runs.push({
            messagesPerS: result.messages / result.seconds,
            cpuUsPerMessage: result.messages > 0 ? (usage.cpuSeconds / result.messages) * 1e6 : 0,
            peakRssMb: usage.peakRssMb,
            errors: result.errors + result.mismatched,
          });
        } catch (error) {
          Object.assign(row, { status: 'failed', reason: `load failed: ${(error as Error).message}` });
        }
      }
    }
  } finally {
    await Promise.all(live.map((l) => l.server.stop()));
  }
  return rows;
}

/**
 * Median of the within-run ratios of a to b, above 1 when a does better: messages/s a / b (`rate`),
 * or CPU per message b / a (`cpu`); undefined when either was not measured.
 */
export function wsRatio(
  a: WsRow | undefined,
  b: WsRow | undefined,
  kind: 'rate' | 'cpu' = 'rate',
): number | undefined {
  if (!a || !b || a.status !== 'ok' || b.status !== 'ok' || a.runs.length === 0 || b.runs.length === 0)
    return undefined;
  const n = Math.min(a.runs.length, b.runs.length);
  const one = (i: number) =>
    kind === 'rate'
      ? a.runs[i]!.messagesPerS / b.runs[i]!.messagesPerS
      : b.runs[i]!.cpuUsPerMessage / a.runs[i]!.cpuUsPerMessage;
  return spread(Array.from({ length: n }, (_, i) => one(i))).median;
}

/** The Markdown table of a run. */
export function renderWsEcho(rows: readonly WsRow[], options: WsEchoOptions): string {
  const base = (id: string) => rows.find((r) => r.server === id);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const ratio = (r: WsRow, id: string, kind: 'rate' | 'cpu' = 'rate') => {
    const v = wsRatio(r, base(id), kind);
    return v === undefined ? '' : `${v.toFixed(2)}x`;
  };
  const lines = [
    `C=${options.connections} connections x K=${options.inFlight} messages in flight, ${options.size}-byte text messages, ` +
      `${options.runs} run(s) x ${options.durationS} s after a ${options.warmupS} s warm-up; ` +
      (options.pin ? 'server on CPU 0, client on CPU 1.' : 'not pinned.'),
    '',
    "Ratios above 1: the server does better than the base (messages/s over the base's; CPU: the base's",
    "CPU per message over the server's), the median of the ratios within each run.",
    '',
    '| server | messages/s (median) | min–max | server CPU µs/message | peak RSS MB | / raw uWS | / ws | CPU vs raw uWS | CPU vs ws | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    if (r.status !== 'ok' || r.runs.length === 0) {
      lines.push(
        `| ${r.label} | ${r.status}: ${(r.reason ?? '').replaceAll('|', '\\|').slice(0, 200)} | | | | | | | | |`,
      );
      continue;
    }
    const rate = spread(r.runs.map((x) => x.messagesPerS));
    const cpu = spread(r.runs.map((x) => x.cpuUsPerMessage));
    lines.push(
      `| ${r.label} | ${fmt(rate.median)} | ${fmt(rate.min)}–${fmt(rate.max)} | ${cpu.median.toFixed(2)} | ` +
        `${Math.max(...r.runs.map((x) => x.peakRssMb)).toFixed(0)} | ${ratio(r, BASES[0])} | ${ratio(r, BASES[1])} | ` +
        `${ratio(r, BASES[0], 'cpu')} | ${ratio(r, BASES[1], 'cpu')} | ` +
        `${r.runs.reduce((n, x) => n + x.errors, 0)} |`,
    );
  }
  return lines.join('\n');
}

/** The CLI: runs, prints the table, and with --save writes results/ws-echo-<date>.json. */
export async function wsEchoCommand(argv: readonly string[]): Promise<WsRow[]> {
  const options = parseWsEchoOptions(argv);
  const startedAt = new Date().toISOString();
  const rows = await runWsEcho(options);
  console.log(renderWsEcho(rows, options));
  if (options.save) {
    const file = fileURLToPath(benchFile(`results/ws-echo-${startedAt.slice(0, 10)}.json`));
    writeFileSync(file, `${JSON.stringify({ startedAt, options, rows }, null, 2)}\n`);
    console.error(`wrote ${file}`);
  }
  return rows;
}
