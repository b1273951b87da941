/**
 * The README's examples are tests: each block marked `<!-- readme-example: name -->` is written to
 * a module inside this package (so `@bolt/auth` resolves to its dist, as for users) and run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';

const run = promisify(execFile);
const packageDir = new URL('..', import.meta.url).pathname;
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/<!-- readme-example: ([\w-]+) -->\n```ts\n([\s\S]*?)```/g)];

t.ok(blocks.length >= 8, 'the README has its examples');
const dir = mkdtempSync(join(packageDir, 'test', '.readme-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

for (const [, name, code] of blocks) {
  t.test(`README example: ${name}`, async (t) => {
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, code as string);
    const result = await run(process.execPath, ['--import', 'tsx', file], {
      cwd: packageDir,
      timeout: 60_000,
    }).then(
      ({ stderr }) => ({ ok: true, stderr }),
      (error: { stderr?: string; message: string }) => ({ ok: false, stderr: error.stderr ?? error.message }),
    );
    t.ok(result.ok, result.stderr || 'ran');
    t.notMatch(result.stderr, /AssertionError|Error:/, 'ran without errors');
  });
}
