import type { DashboardData } from './dashboard-data.js';
import { DASHBOARD_CLIENT_SCRIPT } from './dashboard-client.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';
import { escapeHtml, jsonForScript, scriptHash, scriptSafe } from './embed.js';

/**
 * One self-contained HTML file: styles, the tenant's rows as JSON, ECharts and
 * the dashboard script, all inline. The Content-Security-Policy allows no
 * network at all and only the two scripts written here (by hash), so the file
 * behaves the same offline and nothing injected through the data could run.
 */
export function renderDashboardHtml(data: DashboardData, echartsSource: string): string {
  const echarts = scriptSafe(echartsSource);
  const client = scriptSafe(DASHBOARD_CLIENT_SCRIPT);
  const csp = [
    "default-src 'none'",
    `script-src ${scriptHash(echarts)} ${scriptHash(client)}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
  ].join('; ');
  const tenant = escapeHtml(data.tenant);
  const range =
    data.range.from === null && data.range.to === null
      ? 'all dates'
      : `${escapeHtml(data.range.from ?? 'start')} to ${escapeHtml(data.range.to ?? 'today')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="cci-lite">
<title>Call QA dashboard · ${tenant}</title>
<style>${DASHBOARD_STYLE}</style>
</head>
<body data-tenant="${tenant}">
<header>
  <h1>Call QA dashboard</h1>
  <p class="sub">Tenant <strong>${tenant}</strong> · calls <span id="period"></span> · range ${range} ·
  generated <time datetime="${escapeHtml(data.generatedAt)}">${escapeHtml(data.generatedAt.slice(0, 16).replace('T', ' '))} UTC</time></p>
</header>
<section class="kpis" aria-label="Key figures">
  ${kpi('kpi-qa', 'Average QA score')}
  ${kpi('kpi-pass', 'Calls passed')}
  ${kpi('kpi-calls', 'Calls')}
  ${kpi('kpi-tone', 'Average tone (0-100)')}
  ${kpi('kpi-agents', 'Agents')}
</section>
<main class="grid">
  <section class="card wide">
    <h2>Overall QA % by day</h2>
    <p class="note">Average QA score of the day's calls, and the share of calls that passed the tenant's QA form.</p>
    <div class="chart" id="chart-qa-trend" data-chart="qa-trend"></div>
  </section>
  <section class="card">
    <h2>Top failed criteria</h2>
    <p class="note">Fail rate over the calls each criterion was evaluated on.</p>
    <div class="chart" id="chart-top-failures" data-chart="top-failures"></div>
    <div class="scroll"><table>
      <thead><tr><th>criterion</th><th>question</th><th class="num">fail rate</th><th class="num">failed</th><th class="num">calls</th></tr></thead>
      <tbody id="failures-body"></tbody>
    </table></div>
  </section>
  <section class="card">
    <h2>Agent × criterion fail rate</h2>
    <p class="note">Share of each agent's evaluated calls that failed the criterion.</p>
    <div class="chart" id="chart-heatmap" data-chart="agent-criterion-heatmap"></div>
  </section>
  <section class="card wide">
    <h2>Tone score and sentiment over time</h2>
    <p class="note">Average tone score (line) and calls by overall sentiment (bars) per day.</p>
    <div class="chart" id="chart-tone-sentiment" data-chart="tone-sentiment"></div>
    <div class="scroll"><table>
      <thead><tr><th>day</th><th>dominant sentiment</th><th class="num">average tone</th><th class="num">calls</th></tr></thead>
      <tbody id="sentiment-body"></tbody>
    </table></div>
  </section>
  <section class="card wide">
    <h2>Calls needing attention</h2>
    <p class="note">The lowest-scoring calls of the period.</p>
    <div class="scroll"><table>
      <thead><tr><th>call</th><th>date</th><th>agent</th><th>failed criteria</th><th class="num">QA %</th><th class="num">verdict</th><th class="num">tone</th></tr></thead>
      <tbody id="lowest-body"></tbody>
    </table></div>
  </section>
</main>
<footer>cci-lite · one tenant's results, embedded in this file · opens offline</footer>
<script type="application/json" id="cci-data">${jsonForScript(data)}</script>
<script>${echarts}</script>
<script>${client}</script>
</body>
</html>
`;
}

function kpi(id: string, label: string): string {
  return `<div class="kpi"><span class="label">${label}</span><span class="value" id="${id}">–</span></div>`;
}
