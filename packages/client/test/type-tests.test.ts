/**
 * Runs the client's type tests (type-tests/*.ts) through tsc: wrong paths, missing params and
 * wrong body fields must be compile errors (`@ts-expect-error`), right calls must type-check.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = fileURLToPath(new URL('../type-tests/tsconfig.json', import.meta.url));

t.test('client type tests compile exactly as expected', async (t) => {
  const output = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, [tsc, '--noEmit', '-p', project], (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout + stderr }),
    );
  });
  t.equal(output.code, 0, output.out || 'tsc found no unexpected errors and every @ts-expect-error fired');
});
