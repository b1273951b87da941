/** The machine a run happened on, for the table's header. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  wrk: string;
  bun?: string;
  /** Versions of the peers' packages as installed, e.g. `{ fastify: '5.6.1' }`. */
  packages: Record<string, string>;
}

const PACKAGES = [
  'fastify',
  '@fastify/type-provider-typebox',
  'hono',
  '@hono/node-server',
  '@hono/typebox-validator',
  'express',
  'elysia',
  '@trufflesuite/uws-js-unofficial',
  '@sinclair/typebox',
  'kysely',
  'better-sqlite3',
];

/** The installed version of each peer package (missing ones are left out). */
export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) {
    const version = installedVersion(name);
    if (version) versions[name] = version;
  }
  return versions;
}

/** Walks up from the package's entry to its package.json (many `exports` maps hide it). */
function installedVersion(name: string): string | undefined {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(import.meta.resolve(name)));
  } catch {
    return undefined;
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version;
  }
  return undefined;
}

export function describeMachine(wrk: string, bun?: string): Machine {
  const version = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .split('\n')[0]!
        .trim();
    } catch (error) {
      // wrk -v exits 1 after printing its version
      return String((error as { stdout?: string }).stdout ?? '')
        .split('\n')[0]!
        .trim();
    }
  };
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    wrk: version(wrk, ['-v']).split(' [')[0] ?? 'wrk',
    ...(bun ? { bun: `Bun ${version(bun, ['--version'])}` } : {}),
    packages: packageVersions(),
  };
}
