import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../src/local/dashboard/index.js';
import { validateQaTemplate } from '../../src/core/qa-template/validate.js';
import { workspacePaths, type WorkspacePaths } from '../../src/local/workspace-paths.js';
import { generateResults, type FixtureCall } from '../helpers/result-fixtures.js';

/**
 * The dashboard in headless Chromium (Debian's /usr/bin/chromium): it opens
 * from file:// with no network, logs no error, every chart holds data, and no
 * other tenant's call ids appear.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = '/tmp/cci-lite-dashboard.png';
const HOSTILE =
  'Said <img src=x onerror="window.__pwned=1"> and </script><script>window.__pwned=2</script>?';

let dir: string;
let paths: WorkspacePaths;
let browser: Browser;
let calls: FixtureCall[];

interface ChartState {
  name: string;
  series: Array<{ type: string; points: number }>;
}

interface OpenedPage {
  page: Page;
  problems: string[];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cci-browser-'));
  paths = workspacePaths(dir, '.cci-lite');
  ({ calls } = await generateResults({
    resultsDir: paths.buckets.results,
    tenants: ['acme', 'globex'],
    calls: 80,
    seed: 11,
    agents: 5,
    unassignedShare: 0.05,
  }));
  const template = validateQaTemplate({
    id: 'hostile',
    version: 'v1',
    criteria: [
      { id: 'greet_01', text: HOSTILE, weight: 1, required: false },
      { id: 'close_02', text: 'Closed the call?', weight: 1, required: false },
    ],
    scoring: { pass_threshold: 0.5 },
  });
  await generateResults({
    resultsDir: paths.buckets.results,
    tenants: ['evil'],
    calls: 6,
    template,
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Opens a file and records console errors, page errors, dialogs and any request off file://. */
async function open(file: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file://')) problems.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  return { page, problems };
}

function chartStates(page: Page): Promise<ChartState[]> {
  return page.evaluate<ChartState[]>(`(() => {
    return Array.from(document.querySelectorAll('[data-chart]')).map((el) => {
      const chart = echarts.getInstanceByDom(el);
      const option = chart ? chart.getOption() : { series: [] };
      return {
        name: el.getAttribute('data-chart'),
        series: option.series.map((s) => ({
          type: s.type,
          points: (s.data || []).filter((d) => d !== null && d !== undefined).length,
        })),
      };
    });
  })()`);
}

describe('the dashboard in Chromium', () => {
  it('opens offline with no errors, every chart holds data, and only its tenant shows', async () => {
    const built = await buildDashboard(paths, { tenant: 'acme' });
    const { page, problems } = await open(built.file);
    try {
      const charts = await chartStates(page);
      expect(charts.map((c) => c.name)).toEqual([
        'qa-trend',
        'top-failures',
        'agent-criterion-heatmap',
        'tone-sentiment',
      ]);
      for (const chart of charts) {
        expect(chart.series.length, chart.name).toBeGreaterThan(0);
        for (const s of chart.series)
          expect(s.points, `${chart.name} ${s.type}`).toBeGreaterThan(0);
      }
      const heatmap = charts.find((c) => c.name === 'agent-criterion-heatmap');
      // 5 agents (and a few unassigned calls) × 5 criteria
      expect(heatmap?.series[0]?.points).toBe(6 * 5);

      const kpiCalls = await page.textContent('#kpi-calls');
      expect(kpiCalls).toBe('80');
      const text = (await page.content()) + (await readFile(built.file, 'utf8'));
      const acmeIds = calls.filter((c) => c.tenantId === 'acme').map((c) => c.callId);
      const globexIds = calls.filter((c) => c.tenantId === 'globex').map((c) => c.callId);
      expect(acmeIds.some((id) => text.includes(id))).toBe(true);
      expect(globexIds.filter((id) => text.includes(id))).toEqual([]);
      expect(text).not.toContain('globex');

      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('shows hostile template text as text, in tables and tooltips alike', async () => {
    const built = await buildDashboard(paths, { tenant: 'evil', out: join(dir, 'evil.html') });
    const { page, problems } = await open(built.file);
    try {
      const cells = await page.$$eval('#failures-body td:nth-child(2)', (tds) =>
        tds.map((td) => td.textContent),
      );
      expect(cells).toContain(HOSTILE);
      // open the bar chart's tooltip, whose formatter builds HTML from the question
      await page.evaluate(`(() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart-top-failures'));
        const dataIndex = chart.getOption().yAxis[0].data.indexOf('greet_01');
        chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex });
      })()`);
      const state = await page.evaluate<{ pwned: unknown; images: number; tooltip: string }>(
        `({
          pwned: window.__pwned ?? null,
          images: document.querySelectorAll('img').length,
          tooltip: document.getElementById('chart-top-failures').innerText,
        })`,
      );
      expect(state).toMatchObject({ pwned: null, images: 0 });
      // the tooltip is open and shows the question as plain text
      expect(state.tooltip).toContain('<img src=x onerror=');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('opens cleanly for a tenant with no results yet', async () => {
    const built = await buildDashboard(paths, { tenant: 'newcomer', out: join(dir, 'empty.html') });
    const { page, problems } = await open(built.file);
    try {
      expect(await page.textContent('#kpi-calls')).toBe('0');
      const empty = await page.$$eval('.chart.empty', (els) => els.length);
      expect(empty).toBe(4);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
