/**
 * Type-check cost of a large app: generates apps with 10 and 300 typed routes (params, query,
 * body and response schemas) and times `tsc --noEmit` on each, since deep route inference is what
 * degrades first. Run: pnpm --filter @bolt/core bench:types
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function generate(routes: number): string {
  const lines = [
    "import { BoltAPI, t } from '../../../src/index.js';",
    'const api = new BoltAPI();',
    'const Item = t.Object({ name: t.String(), price: t.Number(), tags: t.Array(t.String()) });',
  ];
  for (let i = 0; i < routes; i++) {
    lines.push(
      `api.put('/r${i}/{id}/items/{item_id}', { params: t.Object({ id: t.Integer(), item_id: t.String() }), ` +
        `query: t.Object({ q: t.Optional(t.String()), n: t.Integer() }), body: Item, response: Item }, ` +
        `({ params, query, body }) => ({ name: body.name + params.item_id + (query.q ?? ''), price: params.id + query.n, tags: body.tags }));`,
    );
  }
  lines.push('export { api };');
  return lines.join('\n');
}

function timeTsc(routes: number): number {
  const dir = join(here, '.typecheck', String(routes));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'app.ts'), generate(routes));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../../../../tsconfig.base.json', compilerOptions: { noEmit: true }, files: ['app.ts'] }),
  );
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { stdio: 'inherit' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

try {
  const small = timeTsc(10);
  const large = timeTsc(300);
  console.log('| routes | tsc --noEmit (ms) |\n|---|---|');
  console.log(`| 10 | ${small.toFixed(0)} |\n| 300 | ${large.toFixed(0)} |`);
  console.log(`300 routes cost ${(large / small).toFixed(2)}x the 10-route app (the fixed cost of loading lib and TypeBox types dominates small apps).`);
} finally {
  rmSync(join(here, '.typecheck'), { recursive: true, force: true });
}
