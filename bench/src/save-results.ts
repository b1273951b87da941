/** Writes a run: results/<date>.json (every raw figure), BENCHMARK.md and benchmark.svg. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChart } from './render-chart.js';
import { renderMarkdown } from './render-markdown.js';
import type { BenchResults } from './results.js';

/** The three files written, by role. */
export interface SavedFiles {
  json: string;
  markdown: string;
  chart: string;
}

/** Writes into `dir` (bench/ by default in the CLI) and returns the paths. */
export function saveResults(results: BenchResults, dir: string): SavedFiles {
  mkdirSync(join(dir, 'results'), { recursive: true });
  const json = join(dir, 'results', `${results.startedAt.slice(0, 10)}.json`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  return { json, ...writeReport(results, dir) };
}

/** Writes BENCHMARK.md and benchmark.svg from `results` into `dir`. */
export function writeReport(results: BenchResults, dir: string): Omit<SavedFiles, 'json'> {
  const files = { markdown: join(dir, 'BENCHMARK.md'), chart: join(dir, 'benchmark.svg') };
  writeFileSync(files.markdown, renderMarkdown(results, 'benchmark.svg'));
  writeFileSync(files.chart, renderChart(results));
  return files;
}
