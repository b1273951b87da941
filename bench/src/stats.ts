/** Median, min and max of repeated runs. */

/** The spread of one figure over the runs. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median (mean of the two middle values for an even count), min and max. Throws on no values. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread() of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}
