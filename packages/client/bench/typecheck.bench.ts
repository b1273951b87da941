/**
 * Type-check cost of the typed client on a 200-route app (20 included sub-APIs of 10 routes with
 * params, query, body and response schemas), since deep route inference is what degrades first:
 * - statements: routes declared as statements (today's style; no route types kept),
 * - chained: the same routes chained (route types accumulate on BoltAPI), no client,
 * - client: chained, plus one typed client call per route.
 * Reports tsc's own check time and total time (`--extendedDiagnostics`), median of RUNS (3).
 * Run: pnpm --filter @bolt/client bench:types
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const GROUPS = 20;
const PER_GROUP = 10;
const RUNS = Number(process.env.RUNS ?? 3);
const ONLY = process.env.ONLY;

const header = [
  "import { BoltAPI, t } from '@bolt/core';",
  'const Item = t.Object({ name: t.String(), price: t.Number(), tags: t.Array(t.String()) });',
];

function route(g: number, i: number): string {
  switch (i % 4) {
    case 0:
      return `.get('/r${i}/{id}', { params: t.Object({ id: t.Integer() }), query: t.Object({ q: t.Optional(t.String()), n: t.Integer() }) }, ({ params, query }) => ({ id: params.id, q: query.q ?? null, n: query.n, g: ${g} }))`;
    case 1:
      return `.put('/r${i}/{id}/items/{item_id}', { params: t.Object({ id: t.Integer(), item_id: t.String() }), body: Item, response: Item }, ({ params, body }) => ({ name: body.name + params.item_id, price: params.id, tags: body.tags }))`;
    case 2:
      return `.post('/r${i}', { body: Item, response: { 201: Item, 409: t.Object({ detail: t.String() }) }, status: 201 }, ({ body }) => body)`;
    default:
      return `.get('/r${i}', { response: t.Array(Item) }, () => [{ name: 'a', price: 1, tags: [] }])`;
  }
}

function call(g: number, i: number): string {
  const p = `/g${g}/r${i}`;
  switch (i % 4) {
    case 0:
      return `  { const r = await client.get('${p}/{id}', { params: { id: 1 }, query: { n: 2 } }); if (r.status === 200) r.data.id.toFixed(); }`;
    case 1:
      return `  { const r = await client.put('${p}/{id}/items/{item_id}', { params: { id: 1, item_id: 'x' }, body: { name: 'a', price: 1, tags: [] } }); if (r.ok) r.data.name.trim(); }`;
    case 2:
      return `  { const r = await client.post('${p}', { body: { name: 'a', price: 1, tags: [] } }); if (r.status === 409) r.data.detail.trim(); }`;
    default:
      return `  { const r = await client.get('${p}'); if (r.ok) r.data.length.toFixed(); }`;
  }
}

function generate(kind: 'statements' | 'chained' | 'client'): string {
  const lines = [...header];
  if (kind === 'client') lines.unshift("import { createClient } from '@bolt/client';");
  for (let g = 0; g < GROUPS; g++) {
    if (kind === 'statements') {
      lines.push(`const g${g} = new BoltAPI({ prefix: '/g${g}' });`);
      for (let i = 0; i < PER_GROUP; i++) lines.push(`g${g}${route(g, i)};`);
    } else {
      lines.push(`const g${g} = new BoltAPI({ prefix: '/g${g}' })`);
      for (let i = 0; i < PER_GROUP; i++) lines.push(`  ${route(g, i)}`);
      lines.push(';');
    }
  }
  const includes = Array.from({ length: GROUPS }, (_, g) => `.include(g${g})`).join('\n  ');
  if (kind === 'statements') {
    lines.push('export const api = new BoltAPI();');
    for (let g = 0; g < GROUPS; g++) lines.push(`api.include(g${g});`);
  } else {
    lines.push(`export const api = new BoltAPI()\n  ${includes};`);
  }
  if (kind === 'client') {
    lines.push("const client = createClient<typeof api>('http://127.0.0.1:8000');");
    lines.push('export async function calls() {');
    for (let g = 0; g < GROUPS; g++) for (let i = 0; i < PER_GROUP; i++) lines.push(call(g, i));
    lines.push('}');
  }
  return lines.join('\n');
}

function measure(kind: 'statements' | 'chained' | 'client'): { check: number; total: number; instantiations: number } {
  const dir = join(here, '.typecheck', kind);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'app.ts'), generate(kind));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../../../../tsconfig.base.json', compilerOptions: { noEmit: true }, files: ['app.ts'] }),
  );
  const runs: { check: number; total: number }[] = [];
  // Deterministic, unlike the times on a shared machine.
  let instantiations = 0;
  for (let r = 0; r < RUNS; r++) {
    const out = execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--extendedDiagnostics'], {
      encoding: 'utf8',
    });
    const seconds = (label: string) => Number(new RegExp(`${label}:\\s+([\\d.]+)s`).exec(out)?.[1] ?? Number.NaN);
    runs.push({ check: seconds('Check time'), total: seconds('Total time') });
    instantiations = Number(/Instantiations:\s+(\d+)/.exec(out)?.[1] ?? Number.NaN);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { check: median(runs.map((r) => r.check)), total: median(runs.map((r) => r.total)), instantiations };
}

try {
  const results = (['statements', 'chained', 'client'] as const).filter((k) => !ONLY || k === ONLY).map((kind) => [kind, measure(kind)] as const);
  const base = results[0]?.[1] as { total: number; instantiations: number };
  console.log(
    `| ${GROUPS * PER_GROUP} routes | check (s) | total (s) | total vs first | type instantiations |\n|---|---|---|---|---|`,
  );
  for (const [kind, r] of results) {
    console.log(
      `| ${kind} | ${r.check.toFixed(2)} | ${r.total.toFixed(2)} | ${(r.total / base.total).toFixed(2)}x | ${r.instantiations} |`,
    );
  }
} finally {
  if (!process.env.KEEP) rmSync(join(here, '.typecheck'), { recursive: true, force: true });
}
