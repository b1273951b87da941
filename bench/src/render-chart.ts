/**
 * The chart beside BENCHMARK.md, as plain SVG text (no external tool): one panel per endpoint, one
 * horizontal bar per contender, each panel on its own scale, median requests/s written on the bar.
 */
import { formatRps } from './format.js';
import type { BenchResults } from './results.js';

const PALETTE = [
  '#e4572e',
  '#f3a712',
  '#a8c686',
  '#29335c',
  '#669bbc',
  '#6c757d',
  '#8e5572',
  '#2a9d8f',
  '#b5838d',
];
const PANEL_W = 470;
const LABEL_W = 150;
const BAR_H = 16;
const GAP = 4;
const COLUMNS = 2;

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** SVG of median requests/s per endpoint and contender; rows not measured are drawn as a note. */
export function renderChart(results: BenchResults): string {
  const colour = new Map(results.contenders.map((c, i) => [c.id, PALETTE[i % PALETTE.length]!]));
  const panels = results.endpoints.map((endpoint) => {
    const bars = results.contenders.flatMap((c) => {
      const row = results.rows.find((r) => r.endpoint === endpoint.id && r.contender === c.id);
      if (!row) return [];
      return [
        {
          id: c.id,
          label: c.label,
          rps: row.status === 'ok' ? row.summary?.rps.median : undefined,
          status: row.status,
        },
      ];
    });
    return { endpoint, bars };
  });
  const panelHeight = (n: number) => 28 + n * (BAR_H + GAP) + 10;
  const rows: (typeof panels)[] = [];
  for (let i = 0; i < panels.length; i += COLUMNS) rows.push(panels.slice(i, i + COLUMNS));
  const width = COLUMNS * PANEL_W + (COLUMNS + 1) * 20;
  const out: string[] = [];
  let y = 50;
  for (const row of rows) {
    const h = Math.max(...row.map((p) => panelHeight(p.bars.length)));
    row.forEach((panel, col) => {
      const x = 20 + col * (PANEL_W + 20);
      const max = Math.max(1, ...panel.bars.map((b) => b.rps ?? 0));
      const barSpace = PANEL_W - LABEL_W - 10;
      out.push(`<text x="${x}" y="${y + 14}" class="title">${escapeXml(panel.endpoint.title)}</text>`);
      panel.bars.forEach((bar, i) => {
        const by = y + 26 + i * (BAR_H + GAP);
        out.push(
          `<text x="${x + LABEL_W - 6}" y="${by + 12}" class="label" text-anchor="end">${escapeXml(bar.label)}</text>`,
        );
        if (bar.rps === undefined) {
          out.push(`<text x="${x + LABEL_W + 4}" y="${by + 12}" class="note">${bar.status}</text>`);
          return;
        }
        const w = Math.max(1, (bar.rps / max) * barSpace);
        const text = formatRps(bar.rps);
        const inside = w > 70;
        out.push(
          `<rect x="${x + LABEL_W}" y="${by}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${colour.get(bar.id)}" rx="2"/>`,
          `<text x="${inside ? x + LABEL_W + w - 4 : x + LABEL_W + w + 4}" y="${by + 12}" class="${inside ? 'value in' : 'value'}"` +
            `${inside ? ' text-anchor="end"' : ''}>${text}</text>`,
        );
      });
    });
    y += h;
  }
  const s = results.settings;
  const subtitle =
    `median requests/s of ${s.runs} runs x ${s.durationS} s, wrk -t${s.threads} C=${s.connections}; ` +
    `${results.machine.cores} cores, Node ${results.machine.node}; each panel on its own scale`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" viewBox="0 0 ${width} ${y + 10}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>.title{font-size:13px;font-weight:bold;fill:#222}.label{font-size:11px;fill:#333}' +
      '.value{font-size:10px;fill:#222}.in{fill:#fff}.note{font-size:10px;fill:#999;font-style:italic}' +
      '.head{font-size:16px;font-weight:bold;fill:#111}.sub{font-size:11px;fill:#555}</style>',
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="20" y="22" class="head">Bolt and its peers: requests/s (higher is better)</text>`,
    `<text x="20" y="38" class="sub">${escapeXml(subtitle)}</text>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
