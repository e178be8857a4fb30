/** The report's stylesheet: a light, print-friendly card layout. */
export const DASHBOARD_STYLE = `
:root { color-scheme: light; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --card: #fff; --bg: #f1f5f9; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 20px 28px 8px; }
h1 { margin: 0; font-size: 22px; }
h2 { margin: 0 0 2px; font-size: 15px; }
.sub, .note, footer { color: var(--muted); }
.sub { margin: 4px 0 0; }
.note { margin: 0 0 8px; font-size: 12px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; padding: 12px 28px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
.kpi .label { display: block; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi .value { display: block; font-size: 26px; font-weight: 650; margin-top: 2px; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; padding: 4px 28px 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; min-width: 0; }
.wide { grid-column: 1 / -1; }
.chart { width: 100%; height: 320px; }
.chart.empty { display: flex; align-items: center; justify-content: center; color: var(--muted); border: 1px dashed var(--line); border-radius: 8px; }
table { width: 100%; border-collapse: collapse; margin-top: 10px; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.none { color: var(--muted); text-align: center; }
.scroll { max-height: 260px; overflow: auto; }
footer { padding: 8px 28px 24px; font-size: 12px; }
@media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
`;
