#!/usr/bin/env node
/** `pnpm --filter @bolt/bench ws-echo`: see ws-echo.ts for the knobs. */
import { wsEchoCommand } from './ws-echo.js';

try {
  const rows = await wsEchoCommand(process.argv.slice(2));
  if (rows.some((r) => r.status === 'failed')) process.exitCode = 1;
} catch (error) {
  console.error(`ws-echo: ${(error as Error).message}`);
  process.exitCode = 1;
}
