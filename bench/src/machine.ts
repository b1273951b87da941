/** The machine a run happened on, for the table's header. */
import { execFileSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  wrk: string;
  bun?: string;
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
  };
}
