import { performance } from 'node:perf_hooks';

export interface Sample {
  readonly median: number;
  readonly p95: number;
}

/** Runs `fn` a few times to warm up, then `iterations` times, and returns median and p95 in ms. */
export function measure(fn: () => unknown, iterations: number): Sample {
  for (let i = 0; i < Math.max(3, Math.floor(iterations / 10)); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] };
}

export function ratio(r: number): string {
  return r >= 1 ? `${r.toFixed(2)}x` : `1/${(1 / r).toFixed(1)} (${r.toFixed(3)})`;
}

/** PASS or MISS, for a goal's row. */
export function verdict(met: boolean): string {
  return met ? 'PASS' : 'MISS';
}

export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]): string => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r) => console.log(line(r)));
}
