import v8 from 'node:v8';

/**
 * V8 lets its old generation grow up to 4× what survived the last full collection when the
 * program keeps it busy — exactly when a server is past its capacity. Turns waiting in line live
 * through young collections and are promoted, so under overload the JavaScript heap reached
 * 200–250 MB of garbage and RSS went past 1 GB with 100k products (docs/benchmarks.md, "Load and
 * memory"). Capping the growth at 1.5× keeps it near 100 MB at no measurable cost in turns per
 * second. An operator's own `--heap-growing-percent` wins.
 */
export const HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(): void {
  const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (!/heap[-_]growing[-_]percent/.test(flags)) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
