/**
 * A 10 MiB upload on each engine: `POST /uploads` of the example app (multipart, a title and one
 * 10 MiB file, streamed by Bolt to a temp file and hashed from disk). Per engine: the time of one
 * upload (median of a few, answer checked: size and SHA-256 as sent) and how far the server's
 * resident memory rose, while they ran, above its level after one 1 MiB warm-up upload, sampled from /proc every 10 ms (VmRSS
 * summed over the process tree) and from the kernel's own peak (VmHWM), which no sample can miss.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { CONTENDERS } from './contenders.js';
import { TABLE_ENDPOINTS } from './endpoints.js';
import { processTree, sampleProcessTree } from './process-sampler.js';
import { startServer } from './server-process.js';
import { spread } from './stats.js';

const MiB = 1024 * 1024;
export const UPLOAD_ENGINES = ['bolt-node', 'bolt-uws', 'bolt-rust'] as const;

/** One engine's figures. */
export interface UploadRow {
  engine: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  /** Milliseconds per upload, each run. */
  timesMs: number[];
  /** VmRSS of the tree after a 1 MiB warm-up upload, before the measured ones, MiB. */
  idleRssMb?: number;
  /** Highest sampled VmRSS sum above idle, MiB. */
  peakGrowthMb?: number;
  /** VmHWM (the kernel's peak, reset after the warm-up) after the uploads, above idle VmRSS, MiB. */
  hwmGrowthMb?: number;
}

/** The multipart body of one upload: `title` and one file part named `file`. */
export function multipartBody(file: Buffer, boundary: string): Buffer[] {
  const head =
    `--${boundary}\r\ncontent-disposition: form-data; name="title"\r\n\r\nbench upload\r\n` +
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="ten.bin"\r\n` +
    'content-type: application/octet-stream\r\n\r\n';
  return [Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)];
}

/** Sends one upload, resolves with its time and the answer, or rejects naming what was wrong. */
export function uploadOnce(baseUrl: string, file: Buffer, sha256: string): Promise<number> {
  const boundary = `bolt-bench-${randomBytes(8).toString('hex')}`;
  const parts = multipartBody(file, boundary);
  const length = parts.reduce((n, p) => n + p.length, 0);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/uploads`,
      {
        method: 'POST',
        agent: false,
        timeout: 60_000,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200)
            return reject(new Error(`status ${res.statusCode}: ${text.slice(0, 300)}`));
          const got = JSON.parse(text) as { files?: { size?: number; sha256?: string }[] };
          const f = got.files?.[0];
          if (f?.size !== file.length || f.sha256 !== sha256) {
            return reject(
              new Error(`answer ${text.slice(0, 300)} is not size ${file.length}, sha256 ${sha256}`),
            );
          }
          resolve(ms);
        });
      },
    );
    req.once('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.once('error', reject);
    for (const p of parts) req.write(p);
    req.end();
  });
}

/** Sum over the tree of one /proc status field (VmRSS, VmHWM), in MiB. */
function treeStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // the process is gone
    }
  }
  return kb / 1024;
}

/** Resets VmHWM to the current VmRSS for every process of the tree (`clear_refs` 5, Linux 4.0+). */
function resetPeak(pid: number): void {
  for (const p of processTree(pid)) {
    try {
      writeFileSync(`/proc/${p}/clear_refs`, '5');
    } catch {
      // gone, or not ours to reset: VmHWM may then include an earlier peak
    }
  }
}

/** Uploads `count` times to each engine in turn (one server per engine) and returns their rows. */
export async function runUploads(
  options: { engines: readonly string[]; count: number; sizeMb: number; pin: boolean },
  say: (line: string) => void = console.error,
): Promise<UploadRow[]> {
  const file = randomBytes(options.sizeMb * MiB);
  const sha256 = createHash('sha256').update(file).digest('hex');
  const root = TABLE_ENDPOINTS.find((e) => e.id === 'root')!;
  const rows: UploadRow[] = [];
  for (const engine of options.engines) {
    const row: UploadRow = { engine, status: 'ok', timesMs: [] };
    rows.push(row);
    const launch = CONTENDERS.find((c) => c.id === engine)!.launch();
    if ('skip' in launch) {
      Object.assign(row, { status: 'skipped', reason: launch.skip });
      continue;
    }
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      server = await startServer({
        launch,
        endpoint: root,
        env: { BENCH_APP: 'example', P: '1', WORKERS: '1' },
        ...(options.pin ? { cpu: '0' } : {}),
      });
      // One small upload first, so what loads or compiles on the first upload (the multipart
      // parser, temp-file paths, JIT) is not counted; then the kernel's peak is reset to now.
      const small = file.subarray(0, MiB);
      await uploadOnce(server.url, small, createHash('sha256').update(small).digest('hex'));
      resetPeak(server.pid);
      row.idleRssMb = treeStatus(server.pid, 'VmRSS');
      const sampler = sampleProcessTree(server.pid, 10);
      try {
        for (let i = 0; i < options.count; i++) {
          say(`upload · ${engine}: ${i + 1}/${options.count}`);
          row.timesMs.push(await uploadOnce(server.url, file, sha256));
        }
      } finally {
        const usage = sampler.stop();
        row.peakGrowthMb = usage.peakRssMb - row.idleRssMb;
        row.hwmGrowthMb = treeStatus(server.pid, 'VmHWM') - row.idleRssMb;
      }
    } catch (error) {
      Object.assign(row, { status: 'failed', reason: (error as Error).message.slice(0, 400) });
    } finally {
      await server?.stop();
    }
    say(`upload · ${engine}: ${row.status}${row.reason ? ` (${row.reason})` : ''}`);
  }
  return rows;
}

/** The Markdown table of a run. */
export function renderUploads(rows: readonly UploadRow[], sizeMb: number): string {
  const lines = [
    `| engine | ${sizeMb} MiB upload, ms (median) | min–max | idle RSS MB | peak RSS growth MB (sampled) | VmHWM growth MB |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    if (r.status !== 'ok' || r.timesMs.length === 0) {
      lines.push(`| ${r.engine} | ${r.status}: ${(r.reason ?? '').replaceAll('|', '\\|')} | | | | |`);
      continue;
    }
    const t = spread(r.timesMs);
    lines.push(
      `| ${r.engine} | ${t.median.toFixed(0)} | ${t.min.toFixed(0)}–${t.max.toFixed(0)} | ${r.idleRssMb!.toFixed(0)} | ` +
        `${r.peakGrowthMb!.toFixed(1)} | ${r.hwmGrowthMb!.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

/** The CLI: `-n` uploads per engine (default 5), `--size` MiB (default 10), `--engines a,b`, `--no-pin`. */
export async function uploadCommand(argv: readonly string[]): Promise<UploadRow[]> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      count: { type: 'string', short: 'n' },
      engines: { type: 'string' },
      size: { type: 'string' },
      'no-pin': { type: 'boolean' },
    },
  });
  const engines = values.engines ? values.engines.split(',').map((s) => s.trim()) : [...UPLOAD_ENGINES];
  for (const e of engines) {
    if (!(UPLOAD_ENGINES as readonly string[]).includes(e)) {
      throw new Error(`unknown engine ${e}: use ${UPLOAD_ENGINES.join(', ')}`);
    }
  }
  const count = Number(values.count ?? process.env.N ?? 5);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`-n must be a whole number of uploads, got ${values.count}`);
  const rows = await runUploads({
    engines,
    count,
    sizeMb: 10,
    pin: !values['no-pin'] && availableParallelism() >= 2,
  });
  console.log(renderUploads(rows, 10));
  return rows;
}
