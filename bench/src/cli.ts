#!/usr/bin/env node
/** `bolt-bench`: see options.ts for the flags, or run with --help. */
import { benchCommand } from './bench-command.js';

try {
  await benchCommand(process.argv.slice(2));
} catch (error) {
  console.error(`bolt-bench: ${(error as Error).message}`);
  process.exitCode = 1;
}
