#!/usr/bin/env node
/** `bolt-bench`: see options.ts for the flags, or run with --help. */
import { benchCommand } from './bench-command.js';

try {
  const outcome = await benchCommand(process.argv.slice(2));
  if (outcome?.checks?.some((c) => c.status === 'wrong' || c.status === 'failed')) process.exitCode = 1;
} catch (error) {
  console.error(`bolt-bench: ${(error as Error).message}`);
  process.exitCode = 1;
}
