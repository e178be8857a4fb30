import { readFile, readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { renderTable } from '../src/ui/table.js';
import type { BenchmarkModule, BenchResult } from './bench-types.js';

/**
 * `npm run bench [-- <name filter>...]`: imports every `*.bench.ts` module in
 * bench/ (or those whose name contains a filter), runs them one after another
 * (they would disturb each other's timings if run together), prints one summary
 * table plus each benchmark's detail tables, and writes bench/results.json.
 * A subset run replaces only its own entries there: the others are kept, by
 * benchmark name, with the date and load average of the run that made them.
 */
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_FILE = join(BENCH_DIR, 'results.json');
const BENCH_SUFFIX = /\.bench\.(ts|js)$/;

interface RanBenchmark extends BenchResult {
  name: string;
  durationMs: number;
  ranAt: string;
  loadAverage1m: { before: number; after: number };
}

async function discover(filters: readonly string[]): Promise<BenchmarkModule[]> {
  const files = (await readdir(BENCH_DIR)).filter((f) => BENCH_SUFFIX.test(f)).sort();
  const modules: BenchmarkModule[] = [];
  for (const file of files) {
    const mod: unknown = await import(pathToFileURL(join(BENCH_DIR, file)).href);
    if (!isBenchmarkModule(mod)) {
      throw new Error(`bench/${file} must export "name" (string) and "run()" (async function).`);
    }
    if (filters.length === 0 || filters.some((f) => mod.name.includes(f))) modules.push(mod);
  }
  return modules;
}

function isBenchmarkModule(mod: unknown): mod is BenchmarkModule {
  if (typeof mod !== 'object' || mod === null) return false;
  const { name, run } = mod as Record<string, unknown>;
  return typeof name === 'string' && typeof run === 'function';
}

function printResults(ran: readonly RanBenchmark[]): void {
  const rows = ran.flatMap((b) => b.metrics.map((m) => [b.name, m.metric, m.value, m.unit]));
  console.log(renderTable(['benchmark', 'metric', 'value', 'unit'], rows));
  for (const b of ran) {
    for (const t of b.tables ?? []) {
      console.log(`\n${b.name}: ${t.title}`);
      console.log(renderTable(t.head, t.rows));
    }
  }
}

/** A benchmark that throws is reported as failed; the others still run. */
async function runOne(b: BenchmarkModule): Promise<BenchResult & { error?: string }> {
  try {
    return await b.run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`${b.name} failed: ${message}`);
    process.exitCode = 1;
    return { metrics: [{ metric: `FAILED: ${message}`, value: 0, unit: 'error' }], error: message };
  }
}

/** The benchmarks of the last results.json, or none when it is missing or unreadable. */
async function previousBenchmarks(): Promise<Array<{ name: string }>> {
  try {
    const data = JSON.parse(await readFile(RESULTS_FILE, 'utf8')) as { benchmarks?: unknown };
    return Array.isArray(data.benchmarks)
      ? data.benchmarks.filter(
          (b): b is { name: string } =>
            typeof b === 'object' &&
            b !== null &&
            typeof (b as { name?: unknown }).name === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

/** This run's results replace earlier ones of the same name; the rest stay, sorted by name. */
function mergeByName(
  previous: ReadonlyArray<{ name: string }>,
  ran: readonly RanBenchmark[],
): Array<{ name: string }> {
  const byName = new Map(previous.map((b) => [b.name, b]));
  for (const b of ran) byName.set(b.name, b);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function main(): Promise<void> {
  const benchmarks = await discover(process.argv.slice(2));
  if (benchmarks.length === 0) {
    console.error('No benchmark matched.');
    process.exitCode = 1;
    return;
  }
  // The 1-minute load average before and after: timings on a busy machine are not comparable.
  const ran: RanBenchmark[] = [];
  for (const b of benchmarks) {
    console.error(`running ${b.name} ...`);
    const loadBefore = loadavg()[0] ?? 0;
    const started = performance.now();
    const result = await runOne(b);
    ran.push({
      name: b.name,
      durationMs: Math.round(performance.now() - started),
      ranAt: new Date().toISOString(),
      loadAverage1m: { before: loadBefore, after: loadavg()[0] ?? 0 },
      ...result,
    });
  }
  printResults(ran);
  const report = {
    generatedAt: new Date().toISOString(),
    host: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
    },
    benchmarks: mergeByName(await previousBenchmarks(), ran),
  };
  // Written as the repo's formatter would, so `prettier --check .` stays clean.
  const options = (await resolveConfig(RESULTS_FILE)) ?? {};
  const text = await format(JSON.stringify(report), { ...options, filepath: RESULTS_FILE });
  await writeFile(RESULTS_FILE, text);
  console.error(`wrote ${RESULTS_FILE}`);
}

await main();
