// Timing helpers for the benchmarks: medians and 99th percentiles over repeated
// runs, after a warm-up, on the monotonic clock.
import { performance } from "node:perf_hooks";

export interface Timing {
  median: number;
  p99: number;
  runs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

/** Milliseconds per run of `body`, over `runs` runs after `warmUp` unmeasured ones. */
export function time(body: () => unknown, runs: number, warmUp = Math.min(3, runs)): Timing {
  for (let i = 0; i < warmUp; i++) body();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    body();
    samples.push(performance.now() - start);
  }
  return percentileTiming(samples);
}

/** The median and 99th percentile of samples in milliseconds. */
export function percentileTiming(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), runs: samples.length };
}

export const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
