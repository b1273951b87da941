#!/usr/bin/env node
/** `pnpm --filter @bolt/bench upload`: a 10 MiB upload on each engine (see upload.ts). */
import { uploadCommand } from './upload.js';

try {
  const rows = await uploadCommand(process.argv.slice(2));
  if (rows.some((r) => r.status === 'failed')) process.exitCode = 1;
} catch (error) {
  console.error(`upload: ${(error as Error).message}`);
  process.exitCode = 1;
}
