/**
 * The contract between `bench/run.ts` and a benchmark module: a module named
 * `*.bench.ts` in bench/ exports `name` and `run()`. Benchmarks are measurements,
 * never tests: they report numbers and assert nothing.
 */

/** One headline number of a benchmark: a row of the summary table. */
export interface BenchMetric {
  metric: string;
  value: number;
  unit: string;
}

/** A detail table printed under the summary (e.g. one row per call). */
export interface BenchTable {
  title: string;
  head: string[];
  rows: Array<Array<string | number>>;
}

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface BenchResult {
  metrics: BenchMetric[];
  tables?: BenchTable[];
  /** Raw measurements kept in bench/results.json for later comparison. */
  details?: JsonValue;
}

export interface BenchmarkModule {
  name: string;
  run(): Promise<BenchResult>;
}
