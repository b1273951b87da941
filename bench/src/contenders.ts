/**
 * The servers measured side by side. Each is a small program in bench/peers/ started in its own
 * process (Bolt through its transports, the peers as their docs recommend) on PORT.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchFile } from './bench-dir.js';
import type { ContentEncoding, Endpoint } from './endpoints.js';

/** One contender. */
export interface Contender {
  /** Id used by `--contenders` and in the results: `bolt-uws`, `fastify`, ... */
  readonly id: string;
  /** What a reader sees. */
  readonly label: string;
  /** Bolt itself (ratio columns compare these to the peers). */
  readonly bolt: boolean;
  /** Takes part in the scaling rows (the Bolt transports and Fastify). */
  readonly scaling: boolean;
  /** Honours P and WORKERS (Bolt on uWS and Rust); the others run one process, one thread. */
  readonly multiCore: boolean;
  /** Serves the ORM rows. */
  readonly orm: boolean;
  /** Response encodings it serves on the compressed rows (its framework's own middleware). */
  readonly compression: readonly ContentEncoding[];
  /** Why an encoding is missing from `compression` (shown in the "Not measured" table). */
  readonly noCompression?: string;
  /** Takes part in the `cost` rows (Bolt against itself: batteries and auth) besides the others. */
  readonly cost?: boolean;
  /**
   * A variant of a Bolt transport (without the batteries, native forms off) that takes part only in
   * these kinds of rows: `cost` rows, and `compressed` ones (those with an `encoding`).
   */
  readonly only?: readonly ('cost' | 'compressed')[];
  /** How to start it, or why it cannot start here. */
  launch(): Launch | { skip: string };
}

/** A command that starts a contender; PORT, HOST and the row's env are added by the runner. */
export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

const require = createRequire(import.meta.url);
const peer = (file: string) => fileURLToPath(benchFile(`dist/peers/${file}`));

function nodePeer(file: string, env: Record<string, string> = {}): () => Launch | { skip: string } {
  return () => {
    const script = peer(file);
    if (!existsSync(script)) return { skip: `${script} is missing: run pnpm --filter @bolt/bench build` };
    return { command: process.execPath, args: [script], env };
  };
}

function boltTransport(
  transport: 'node' | 'uws' | 'rust',
  env: Record<string, string> = {},
): () => Launch | { skip: string } {
  return () => {
    const pkg = transport === 'node' ? '@bolt/core/node' : `@bolt/transport-${transport}`;
    try {
      const entry = fileURLToPath(import.meta.resolve(pkg));
      if (!existsSync(entry)) return { skip: `${pkg} is not built (${entry} missing)` };
    } catch (error) {
      return { skip: `${pkg} does not resolve: ${(error as Error).message}` };
    }
    return nodePeer('bolt.js', { TRANSPORT: transport, ...env })();
  };
}

/** Bun's binary from the npm package that carries it (`@oven/bun-linux-x64`). */
export function bunBinary(): string | { skip: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      skip: `@oven/bun-linux-x64 carries Bun for linux-x64 only, this is ${process.platform}-${process.arch}`,
    };
  }
  try {
    const bin = join(dirname(require.resolve('@oven/bun-linux-x64/package.json')), 'bin', 'bun');
    return existsSync(bin) ? bin : { skip: `${bin} is missing` };
  } catch (error) {
    return { skip: `@oven/bun-linux-x64 is not installed: ${(error as Error).message}` };
  }
}

function elysia(): Launch | { skip: string } {
  const bun = bunBinary();
  if (typeof bun !== 'string') return bun;
  const script = fileURLToPath(benchFile('peers/elysia.ts'));
  return { command: bun, args: ['run', script], env: {} };
}

const base = { bolt: false, scaling: false, multiCore: false, orm: true, compression: [] };
const HAND_WRITTEN =
  'hand-written peer: no compression (its library has none built in; the row measures what a framework ships)';

/** Every contender, in table order. */
export const CONTENDERS: readonly Contender[] = [
  {
    ...base,
    id: 'bolt-uws',
    cost: true,
    label: 'Bolt (uWS)',
    bolt: true,
    compression: ['br', 'gzip'],
    scaling: true,
    multiCore: true,
    launch: boltTransport('uws'),
  },
  {
    ...base,
    id: 'bolt-rust',
    cost: true,
    label: 'Bolt (Rust)',
    bolt: true,
    compression: ['br', 'gzip'],
    scaling: true,
    multiCore: true,
    launch: boltTransport('rust'),
  },
  {
    ...base,
    id: 'bolt-node',
    cost: true,
    label: 'Bolt (node:http)',
    bolt: true,
    compression: ['br', 'gzip'],
    scaling: true,
    multiCore: false, // node:http on Node 20 cannot share a port across threads
    launch: boltTransport('node'),
  },
  ...(['uws', 'rust', 'node'] as const).map(
    (transport): Contender => ({
      ...base,
      // The example without its app-wide plugins (BOLT_BATTERIES=off): what the cost rows divide
      // by. On Rust it also takes the compressed rows: the engine compresses with no JS plugin at
      // all (native/src/compress.rs, brotli 4 / gzip 4, 1 KiB and up).
      id: `bolt-${transport}-bare`,
      label: `Bolt (${transport === 'node' ? 'node:http' : transport === 'uws' ? 'uWS' : 'Rust'}, no batteries)`,
      bolt: true,
      multiCore: transport !== 'node',
      ...(transport === 'rust'
        ? { compression: ['br', 'gzip'] as const, only: ['cost', 'compressed'] as const }
        : { only: ['cost'] as const }),
      launch: boltTransport(transport, { BOLT_BATTERIES: 'off' }),
    }),
  ),
  {
    ...base,
    // Every plugin's work in JavaScript (nativeForms: false): the JS side of Rust's native forms.
    id: 'bolt-rust-js',
    label: 'Bolt (Rust, native forms off)',
    bolt: true,
    multiCore: true,
    only: ['cost'],
    launch: boltTransport('rust', { NATIVE_FORMS: 'off' }),
  },
  {
    ...base,
    id: 'uws-raw',
    label: 'raw uWS',
    orm: false,
    noCompression: HAND_WRITTEN,
    launch: nodePeer('uws-raw.js'),
  },
  {
    ...base,
    id: 'node-http',
    label: 'node:http',
    orm: false,
    noCompression: HAND_WRITTEN,
    launch: nodePeer('node-http.js'),
  },
  {
    ...base,
    id: 'fastify',
    label: 'Fastify 5 + TypeBox',
    scaling: true,
    compression: ['br', 'gzip'], // @fastify/compress
    launch: nodePeer('fastify.js'),
  },
  {
    ...base,
    id: 'hono',
    label: 'Hono (node-server)',
    compression: ['gzip'],
    noCompression: 'hono/compress encodes gzip and deflate only (CompressionStream): no br',
    launch: nodePeer('hono.js'),
  },
  {
    ...base,
    id: 'express',
    label: 'Express 5',
    compression: ['br', 'gzip'], // the compression package (br since 1.8)
    launch: nodePeer('express.js'),
  },
  {
    ...base,
    id: 'elysia-bun',
    label: 'Elysia (Bun)',
    noCompression: 'Elysia has no compression plugin of its own (only third-party ones)',
    launch: elysia,
  },
];

/** Why a contender sits out a row it takes part in, or undefined when it serves it. */
export function rowSkip(contender: Contender, endpoint: Endpoint): string | undefined {
  if (endpoint.encoding && !contender.compression.includes(endpoint.encoding)) {
    return contender.noCompression ?? `does not serve ${endpoint.encoding}`;
  }
  return undefined;
}

/** The contenders named in `ids` (all when empty); throws on an unknown id. */
export function pickContenders(ids: readonly string[]): Contender[] {
  if (ids.length === 0) return [...CONTENDERS];
  return ids.map((id) => {
    const found = CONTENDERS.find((c) => c.id === id);
    if (!found) throw new Error(`unknown contender ${id}: use ${CONTENDERS.map((c) => c.id).join(', ')}`);
    return found;
  });
}
