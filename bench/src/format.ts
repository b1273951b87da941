/** Number formats shared by the Markdown table and the chart. */

/** `61234.5` -> `61,235`. */
export function formatRps(rps: number): string {
  return Math.round(rps).toLocaleString('en-US');
}

/** Milliseconds with 2 significant decimals below 10 ms, 1 above. */
export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

/** `1.234` -> `1.23x`. */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}x`;
}
