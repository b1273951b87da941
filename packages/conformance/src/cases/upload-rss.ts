/**
 * The streaming check, for any engine: a child server process takes a 10 MiB upload while sampling
 * its RSS; the peak growth over the RSS just before the upload must stay far below the upload's
 * size (it would be at least 10 MiB if the body were buffered). Returns what it measured.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// The fixture, built: run from the TypeScript sources it would need tap's loaders, which weigh some
// 150 MiB in the child and hide its growth in a heap with room to spare. The sources' copy (with
// those loaders) only when no build exists.
const BUILT = fileURLToPath(new URL('../upload-rss-server.js', import.meta.url)).replace(
  /\/src\/(?=[^/]+$)/,
  '/dist/',
);
const FIXTURE = existsSync(BUILT)
  ? BUILT
  : fileURLToPath(new URL(`../upload-rss-server${import.meta.url.slice(-3)}`, import.meta.url));

export interface UploadMeasure {
  size: number;
  ms: number;
  /** RSS right before the upload, and its peak during it, in bytes. */
  before: number;
  peak: number;
  growth: number;
  sha256Matches: boolean;
}

/** Sends `body` in 64 KiB writes, with back-pressure, so the client never holds more than it must. */
function upload(port: number, size: number): Promise<{ status: number; text: string; sha256: string }> {
  const boundary = 'bolt-rss-boundary';
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="ten.bin"\r\n` +
      'content-type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/big',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + size + tail.length,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, sha256: hash.digest('hex') }));
    });
    const chunk = Buffer.alloc(64 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        chunk.fill(sent & 0xff, 0, n);
        const piece = Buffer.from(chunk.subarray(0, n));
        hash.update(piece);
        sent += n;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end(tail);
    };
    req.write(head);
    pump();
  });
}

async function call(port: number, method: string, path: string): Promise<Record<string, number>> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return (await res.json()) as Record<string, number>;
}

/** Starts the fixture on `engine` (module URL and export), uploads `size` bytes, and measures. */
export async function measureUpload(
  engine: { module: string; export: string },
  size = 10 * 1024 * 1024,
  collectGarbage = false,
): Promise<UploadMeasure> {
  const execArgv = FIXTURE.endsWith('.ts') ? process.execArgv : [];
  const child = spawn(process.execPath, [...execArgv, '--expose-gc', FIXTURE, engine.module, engine.export], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BOLT_RSS_GC: collectGarbage ? '1' : '0' },
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the upload server exited (${code}) before listening`)));
    });
    const { port } = JSON.parse(line) as { port: number };
    // A 1 MiB upload first, so code paths are compiled and the engine's file-writing threads exist
    // before the measurement (the Rust engine's first large upload starts tokio's blocking
    // threads, a one-off few MiB that is not the upload's).
    await upload(port, 1024 * 1024);
    const { rss: before } = await call(port, 'POST', '/rss/reset');
    const started = performance.now();
    const reply = await upload(port, size);
    const ms = performance.now() - started;
    const { peak } = await call(port, 'GET', '/rss/peak');
    const body = JSON.parse(reply.text) as { size: number; sha256: string };
    if (reply.status !== 200 || body.size !== size)
      throw new Error(`upload failed: ${reply.status} ${reply.text}`);
    return {
      size,
      ms,
      before: before as number,
      peak: peak as number,
      growth: (peak as number) - (before as number),
      sha256Matches: body.sha256 === reply.sha256,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Growth allowed over the RSS before a 10 MiB upload: a body held whole shows 16 MiB or more here. */
export const RSS_GROWTH_LIMIT = 8 * 1024 * 1024;

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** One line for the log: time, RSS before, peak, growth. */
export function describeMeasure(engine: string, m: UploadMeasure): string {
  return `${engine}: ${mib(m.size)} upload in ${m.ms.toFixed(0)} ms; RSS ${mib(m.before)} before, peak ${mib(m.peak)} (+${mib(m.growth)})`;
}
