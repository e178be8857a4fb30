import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { CciError } from '../../core/errors.js';

let cached: Promise<string> | undefined;

/** The minified ECharts build from node_modules, inlined so the report opens offline. */
export function loadEchartsSource(): Promise<string> {
  cached ??= readEcharts().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function readEcharts(): Promise<string> {
  try {
    const require = createRequire(import.meta.url);
    return await readFile(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  } catch (err) {
    throw new CciError('ECHARTS_MISSING', 'Cannot read the ECharts library for the dashboard.', {
      cause: err,
      hint: 'Reinstall the dependencies (npm ci): the echarts package is part of cci-lite.',
    });
  }
}
