import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportParquet, runNamedQuery } from '../src/local/query/index.js';
import { workspacePaths } from '../src/local/workspace-paths.js';
import { generateResults } from '../test/helpers/result-fixtures.js';
import type { BenchResult } from './bench-types.js';
import { envCount, round } from './format.js';

/**
 * The failure-rate query (guide §10) over many results of one tenant, on the
 * JSON layout (one file per call, as the pipeline writes them) and on the
 * Parquet layout (`etl parquet`), plus the Parquet export itself. The results
 * are generated valid unified results (BENCH_RESULTS, default 100 000) written
 * in the results bucket layout of a temporary workspace.
 */
export const name = 'analytics';

const TENANT = 'bench-tenant';
const QUERY = 'failure-rate';

export async function run(): Promise<BenchResult> {
  const count = envCount('BENCH_RESULTS', 100_000);
  const dir = await mkdtemp(join(tmpdir(), 'cci-bench-analytics-'));
  try {
    const paths = workspacePaths(dir, 'ws');
    const writeMs = await timed(() =>
      generateResults({
        resultsDir: paths.buckets.results,
        tenants: [TENANT],
        calls: count,
        seed: 11,
        days: 30,
        keepCalls: false,
      }),
    );
    const json = await timedQuery(() => runNamedQuery(paths, QUERY, { tenant: TENANT }));
    const exportMs = await timed(() => exportParquet(paths, { tenant: TENANT }));
    const parquet = await timedQuery(() =>
      runNamedQuery(paths, QUERY, { tenant: TENANT, layout: 'parquet' }),
    );
    const same = JSON.stringify(json.rows) === JSON.stringify(parquet.rows);
    return {
      metrics: [
        { metric: 'results generated', value: count, unit: 'files' },
        { metric: 'writing the results', value: round(writeMs / 1000), unit: 's' },
        { metric: 'write rate', value: Math.round(count / (writeMs / 1000)), unit: 'files/s' },
        { metric: `${QUERY}, JSON layout`, value: round(json.ms / 1000, 3), unit: 's' },
        {
          metric: `${QUERY}, JSON layout read rate`,
          value: Math.round(count / (json.ms / 1000)),
          unit: 'files/s',
        },
        { metric: 'Parquet compaction (etl parquet)', value: round(exportMs / 1000, 3), unit: 's' },
        { metric: `${QUERY}, Parquet layout`, value: round(parquet.ms / 1000, 3), unit: 's' },
        {
          metric: 'Parquet speed-up over JSON',
          value: round(parquet.ms === 0 ? 0 : json.ms / parquet.ms, 1),
          unit: '×',
        },
        { metric: 'same rows on both layouts', value: same ? 1 : 0, unit: same ? 'yes' : 'NO' },
      ],
      details: {
        results: count,
        writeMs: Math.round(writeMs),
        jsonQueryMs: Math.round(json.ms),
        parquetExportMs: Math.round(exportMs),
        parquetQueryMs: Math.round(parquet.ms),
        rows: json.rows.length,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function timedQuery(
  work: () => Promise<{ rows: unknown[] }>,
): Promise<{ ms: number; rows: unknown[] }> {
  const started = performance.now();
  const { rows } = await work();
  return { ms: performance.now() - started, rows };
}
