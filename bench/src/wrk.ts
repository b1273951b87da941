/**
 * Drives load with wrk and reads its figures from a Lua `done()` hook (one JSON line), so nothing
 * depends on wrk's human-readable output. The method, headers and body come from a Lua script too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One wrk run. */
export interface WrkOptions {
  wrk: string;
  url: string;
  method: string;
  /** JSON body, sent with `content-type: application/json`. */
  body?: string;
  /** Extra request headers, passed as `-H 'name: value'`. */
  headers?: Readonly<Record<string, string>>;
  connections: number;
  threads: number;
  /** Whole seconds (wrk's unit); rounded, at least 1. */
  durationS: number;
  /** Requests slower than this count as timeouts. Default 10 s. */
  timeoutS?: number;
  /** Run wrk on this CPU list (`taskset -c`). */
  cpu?: string;
}

/** What wrk measured. Latencies in milliseconds. */
export interface WrkResult {
  requests: number;
  durationS: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Responses with a status other than 2xx/3xx. */
  non2xx: number;
  /** Connect, read, write errors and timeouts. */
  socketErrors: number;
  bytes: number;
}

const MARK = 'BOLT_BENCH_RESULT ';

function luaScript(method: string, bodyFile: string | undefined): string {
  const body = bodyFile
    ? `local f = assert(io.open(${JSON.stringify(bodyFile)}, "rb"))\nwrk.body = f:read("*a")\nf:close()\n` +
      `wrk.headers["Content-Type"] = "application/json"\n`
    : '';
  return `wrk.method = ${JSON.stringify(method)}
${body}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('${MARK}{"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"socket":%d,' ..
    '"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;
}

/** wrk's arguments for one run (without the binary), the Lua script at `script`. */
export function wrkArgs(options: Omit<WrkOptions, 'wrk'>, script: string): string[] {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => {
    if (/[\r\n]/.test(name + value)) throw new Error(`header ${JSON.stringify(name)} has a line break`);
    return ['-H', `${name}: ${value}`];
  });
  return [
    `-t${options.threads}`,
    `-c${Math.max(options.connections, options.threads)}`,
    `-d${Math.max(1, Math.round(options.durationS))}s`, // wrk takes whole seconds
    `--timeout`,
    `${options.timeoutS ?? 10}s`,
    ...headers,
    '-s',
    script,
    options.url,
  ];
}

/** Runs wrk once and resolves with its figures; rejects when wrk fails or prints no result. */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bolt-wrk-'));
  try {
    let bodyFile: string | undefined;
    if (options.body !== undefined) {
      bodyFile = join(dir, 'body.json');
      writeFileSync(bodyFile, options.body);
    }
    const script = join(dir, 'request.lua');
    writeFileSync(script, luaScript(options.method, bodyFile));
    const args = wrkArgs(options, script);
    const output = options.cpu
      ? await run('taskset', ['-c', options.cpu, options.wrk, ...args])
      : await run(options.wrk, args);
    const line = output.split('\n').find((l) => l.startsWith(MARK));
    if (!line) throw new Error(`wrk printed no result:\n${output.slice(-2000)}`);
    const raw = JSON.parse(line.slice(MARK.length)) as Record<string, number>;
    const durationS = raw.duration_us! / 1e6;
    return {
      requests: raw.requests!,
      durationS,
      rps: raw.requests! / durationS,
      p50Ms: raw.p50! / 1000,
      p90Ms: raw.p90! / 1000,
      p99Ms: raw.p99! / 1000,
      maxMs: raw.max! / 1000,
      non2xx: raw.non2xx!,
      socketErrors: raw.socket!,
      bytes: raw.bytes!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}:\n${out}`)),
    );
  });
}
