import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { WorkspacePaths } from '../workspace-paths.js';
import { assertQueryTenant } from '../../analytics/query-params.js';
import { collectDashboardData } from './dashboard-data.js';
import { loadEchartsSource } from './echarts-source.js';
import { renderDashboardHtml } from './render-html.js';

export interface BuildDashboardOptions {
  tenant: string;
  /** Output file; default `<workspace>/reports/<tenant>-dashboard.html`. */
  out?: string;
  /** Inclusive call-date range (YYYY-MM-DD); open when absent. */
  from?: string;
  to?: string;
  now?: Date;
}

export interface BuiltDashboard {
  file: string;
  tenant: string;
  /** The tenant's calls in the report. */
  rows: number;
}

/** Guide §11 on the local target: one tenant's HTML dashboard, written to one file. */
export async function buildDashboard(
  paths: WorkspacePaths,
  options: BuildDashboardOptions,
): Promise<BuiltDashboard> {
  const tenant = assertQueryTenant(options.tenant);
  const data = await collectDashboardData(paths, { ...options, tenant });
  const html = renderDashboardHtml(data, await loadEchartsSource());
  const file =
    options.out === undefined
      ? join(paths.reports, `${tenant}-dashboard.html`)
      : resolve(options.out);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, html, 'utf8');
  return { file, tenant, rows: Number(data.kpi.calls ?? 0) };
}
