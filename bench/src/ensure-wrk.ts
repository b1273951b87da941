/** Finds wrk, installing it from Debian's packages (`apt-get install wrk`) when it is missing. */
import { execFileSync, spawnSync } from 'node:child_process';

/** Path of wrk; installs it with apt-get when absent and `install` is true. Throws with advice otherwise. */
export function ensureWrk(install = true, log: (line: string) => void = console.error): string {
  const found = which('wrk');
  if (found) return found;
  if (!install || !which('apt-get')) {
    throw new Error(
      'wrk is not installed: on Debian/Ubuntu run `apt-get install wrk` (it is in Debian main).',
    );
  }
  log('wrk is missing: installing it from Debian packages (apt-get update && apt-get install -y wrk)');
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  for (const args of [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', 'wrk'],
  ]) {
    const full = [...asRoot, ...args];
    const result = spawnSync(full[0]!, full.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) throw new Error(`\`${full.join(' ')}\` failed: install wrk by hand and retry.`);
  }
  const installed = which('wrk');
  if (!installed) throw new Error('apt-get installed wrk but it is not on PATH.');
  return installed;
}

function which(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
