import { PerformanceObserver } from 'node:perf_hooks';

/** [from, to] in milliseconds since the epoch, so spans taken in different processes line up. */
export type Span = [number, number];
export type Collection = { start: number; end: number; kind: string };
export type PauseReport = { perWindow: number[]; byKind: Array<{ kind: string; count: number; inWindows: number; ms: number }> };

/** perf_hooks' `detail.kind` of a 'gc' entry. */
const GC_KINDS: Record<number, string> = { 1: 'young', 2: 'full', 4: 'incremental marking', 8: 'weak callbacks' };
/** Overlaps shorter than this are clock noise between processes, not a pause. */
const NOISE_MS = 0.05;

/** Records this process's garbage-collection pauses until `stop()`. */
export function watchCollections(): { stop: () => Collection[] } {
  const collections: Collection[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const start = performance.timeOrigin + entry.startTime;
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
      collections.push({ start, end: start + entry.duration, kind: GC_KINDS[kind] ?? `kind ${kind}` });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      observer.disconnect();
      return collections;
    },
  };
}

const length = (from: number, to: number) => Math.max(0, to - from);

/**
 * How long the collections paused each window, leaving out the parts that fell while the process
 * only waited (`idle`: a pause there held nothing up).
 */
export function pausesInside(collections: Collection[], windows: Span[], idle: Span[]): PauseReport {
  const inside = (c: Collection, [from, to]: Span) => {
    const start = Math.max(from, c.start);
    const end = Math.min(to, c.end);
    return length(start, end) - idle.reduce((sum, [a, b]) => sum + length(Math.max(start, a), Math.min(end, b)), 0);
  };
  const perWindow = windows.map((w) => collections.reduce((sum, c) => sum + inside(c, w), 0));
  const byKind = new Map<string, { kind: string; count: number; inWindows: number; ms: number }>();
  for (const c of collections) {
    const entry = byKind.get(c.kind) ?? byKind.set(c.kind, { kind: c.kind, count: 0, inWindows: 0, ms: 0 }).get(c.kind)!;
    const paused = windows.reduce((sum, w) => sum + inside(c, w), 0);
    entry.count += 1;
    if (paused > NOISE_MS) entry.inWindows += 1;
    entry.ms += paused;
  }
  return { perWindow: perWindow.map((p) => (p > NOISE_MS ? p : 0)), byKind: [...byKind.values()] };
}
