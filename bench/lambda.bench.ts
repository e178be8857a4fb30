import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { buildLambdaZips, type BuiltLambdaZip } from '../src/aws/lambda/bundle.js';
import { HANDLER_IDS, type HandlerId } from '../src/aws/lambda/lambda-specs.js';
import type { BenchMetric, BenchResult, BenchTable } from './bench-types.js';
import { round } from './format.js';

/**
 * The two Lambda bundles as deploy-lambdas builds them: build time, zip and
 * bundle sizes, and the cold import of `index.mjs` in a fresh Node process
 * from a directory holding only the unzipped files (what a Lambda cold start
 * pays before the first invocation, minus the runtime's own start-up). The
 * import is timed inside the child, so process start-up is not counted.
 */
export const name = 'lambda-bundles';

const IMPORT_LAUNCHES = 5;
const KIB = 1024;
const IMPORT_SCRIPT = [
  'const started = performance.now();',
  "const mod = await import('./index.mjs');",
  'const ms = performance.now() - started;',
  "if (typeof mod.handler !== 'function') throw new Error('no handler export');",
  'console.log(JSON.stringify({ ms }));',
].join('\n');

const run$ = promisify(execFile);

interface Measured {
  zip: BuiltLambdaZip;
  buildMs: number;
  mapBytes: number;
  importMs: number[];
}

export async function run(): Promise<BenchResult> {
  const measured: Measured[] = [];
  // One after the other: two builds at once would each be timed slower.
  for (const id of HANDLER_IDS) measured.push(await measure(id));
  return report(measured);
}

async function measure(id: HandlerId): Promise<Measured> {
  const started = performance.now();
  const [zip] = await buildLambdaZips({ ids: [id] });
  const buildMs = performance.now() - started;
  if (zip === undefined) throw new Error(`no zip built for ${id}`);
  const files = unzipSync(zip.zip);
  const dir = await mkdtemp(join(tmpdir(), `cci-bench-lambda-${id}-`));
  try {
    for (const [path, data] of Object.entries(files)) await writeFile(join(dir, path), data);
    const importMs: number[] = [];
    for (let i = 0; i < IMPORT_LAUNCHES; i += 1) importMs.push(await coldImportMs(dir));
    return { zip, buildMs, mapBytes: files['index.mjs.map']?.byteLength ?? 0, importMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function coldImportMs(dir: string): Promise<number> {
  const env = { ...process.env };
  delete env['NODE_PATH'];
  delete env['NODE_OPTIONS'];
  const { stdout } = await run$(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT], {
    cwd: dir,
    env,
  });
  return (JSON.parse(stdout.trim()) as { ms: number }).ms;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

function report(measured: readonly Measured[]): BenchResult {
  const metrics: BenchMetric[] = measured.flatMap((m) => [
    { metric: `${m.zip.id}: zip`, value: round(m.zip.bytes / KIB, 1), unit: 'KiB' },
    { metric: `${m.zip.id}: index.mjs`, value: round(m.zip.bundleBytes / KIB, 1), unit: 'KiB' },
    {
      metric: `${m.zip.id}: cold import (median of ${IMPORT_LAUNCHES})`,
      value: round(median(m.importMs), 0),
      unit: 'ms',
    },
    { metric: `${m.zip.id}: build`, value: round(m.buildMs, 0), unit: 'ms' },
  ]);
  return {
    metrics,
    tables: measured.map(largestInputsTable),
    details: measured.map((m) => ({
      id: m.zip.id,
      sha256: m.zip.sha256,
      zipBytes: m.zip.bytes,
      bundleBytes: m.zip.bundleBytes,
      mapBytes: m.mapBytes,
      buildMs: Math.round(m.buildMs),
      importMs: m.importMs.map((ms) => round(ms, 1)),
      largestInputs: m.zip.largestInputs.map((i) => ({ name: i.name, bytes: i.bytes })),
    })),
  };
}

function largestInputsTable(m: Measured): BenchTable {
  return {
    title: `${m.zip.id}: largest inputs (bytes in the minified index.mjs)`,
    head: ['package or folder', 'KiB', '% of index.mjs'],
    rows: m.zip.largestInputs.map((i) => [
      i.name,
      round(i.bytes / KIB, 1),
      round((100 * i.bytes) / Math.max(1, m.zip.bundleBytes), 1),
    ]),
  };
}
