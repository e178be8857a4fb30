/**
 * The dashboard's own script (plain ES2017, runs in the browser). It reads the
 * embedded JSON, fills the KPI tiles and tables with textContent (never HTML),
 * and draws guide §11's four visuals with ECharts. Tooltip formatters return
 * HTML, so every text field passes through esc() there.
 */
export const DASHBOARD_CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('cci-data').textContent);
  var charts = [];
  var COLORS = {
    qa: '#2563eb', pass: '#16a34a', tone: '#7c3aed', fail: '#dc2626',
    POSITIVE: '#16a34a', NEUTRAL: '#94a3b8', MIXED: '#f59e0b', NEGATIVE: '#dc2626'
  };
  var SENTIMENTS = [
    ['POSITIVE', 'positive_calls', 'Positive'],
    ['NEUTRAL', 'neutral_calls', 'Neutral'],
    ['MIXED', 'mixed_calls', 'Mixed'],
    ['NEGATIVE', 'negative_calls', 'Negative']
  ];

  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }
  function round1(v) { return v === null ? null : Math.round(v * 10) / 10; }
  function asPct(rate) { var r = num(rate); return r === null ? null : round1(r * 100); }
  function show(v, suffix) { return v === null || v === undefined ? '–' : String(v) + (suffix || ''); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }
  function setText(id, value) { document.getElementById(id).textContent = value; }
  /** Room for the longest axis label (canvas text is about 7px a character at 12px). */
  function labelRoom(labels) {
    var longest = labels.reduce(function (n, l) { return Math.max(n, String(l).length); }, 0);
    return Math.min(240, 16 + 7 * longest);
  }
  function unique(values) {
    var seen = {}; var out = [];
    values.forEach(function (v) { if (!Object.prototype.hasOwnProperty.call(seen, v)) { seen[v] = true; out.push(v); } });
    return out;
  }
  function fillTable(bodyId, rows, cells, numericFrom) {
    var body = document.getElementById(bodyId);
    if (rows.length === 0) {
      var tr = document.createElement('tr'); var td = document.createElement('td');
      td.colSpan = 99; td.className = 'none'; td.textContent = 'No rows in this period.';
      tr.appendChild(td); body.appendChild(tr); return;
    }
    rows.forEach(function (row) {
      var tr = document.createElement('tr');
      cells(row).forEach(function (value, i) {
        var td = document.createElement('td');
        td.textContent = show(value);
        if (i >= numericFrom) td.className = 'num';
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  function chart(id, hasData, option) {
    var el = document.getElementById(id);
    if (!hasData) {
      el.className += ' empty';
      el.textContent = 'No evaluated calls in this period.';
      return;
    }
    var instance = echarts.init(el, null, { renderer: 'canvas' });
    option.animation = false;
    option.textStyle = { fontFamily: 'system-ui, -apple-system, Segoe UI, sans-serif' };
    instance.setOption(option);
    charts.push(instance);
  }

  function renderKpis() {
    var k = data.kpi || {};
    setText('kpi-qa', show(round1(num(k.avg_qa_pct)), '%'));
    setText('kpi-pass', show(asPct(k.pass_rate), '%'));
    setText('kpi-calls', show(num(k.calls)));
    setText('kpi-tone', show(round1(num(k.avg_tone))));
    setText('kpi-agents', show(num(k.agents)));
    setText('period', k.first_date ? k.first_date + ' to ' + k.last_date : 'no calls yet');
  }

  function renderQaTrend() {
    var rows = data.trend;
    chart('chart-qa-trend', rows.length > 0, {
      color: [COLORS.qa, COLORS.pass],
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null || v === undefined ? '–' : v + '%'; } },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', boundaryGap: false, data: rows.map(function (r) { return r.call_date; }) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: 'Average QA %', type: 'line', connectNulls: true, symbolSize: 7,
          areaStyle: { opacity: 0.08 },
          data: rows.map(function (r) { return round1(num(r.avg_qa_pct)); }) },
        { name: 'Calls passed', type: 'line', connectNulls: true, symbolSize: 7,
          data: rows.map(function (r) { return asPct(r.pass_rate); }) }
      ]
    });
  }

  function renderFailures() {
    var top = data.failures.slice(0, 10);
    var ordered = top.slice().reverse();
    chart('chart-top-failures', top.length > 0, {
      color: [COLORS.fail],
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: function (items) {
          var r = ordered[items[0].dataIndex];
          return '<b>' + esc(r.criterion_id) + '</b><br>' + esc(r.question) + '<br>fail rate ' +
            asPct(r.fail_rate) + '% (' + r.fails + ' of ' + r.calls + ' calls)';
        }
      },
      grid: { left: labelRoom(ordered.map(function (r) { return r.criterion_id; })), right: 120, top: 8, bottom: 24 },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: ordered.map(function (r) { return r.criterion_id; }) },
      series: [{
        name: 'Fail rate', type: 'bar', barMaxWidth: 28,
        data: ordered.map(function (r) { return asPct(r.fail_rate); }),
        label: {
          show: true, position: 'right',
          formatter: function (p) { return p.value + '% of ' + ordered[p.dataIndex].calls + ' calls'; }
        }
      }]
    });
    fillTable('failures-body', data.failures, function (r) {
      return [r.criterion_id, r.question, show(asPct(r.fail_rate), '%'), r.fails, r.calls];
    }, 2);
  }

  function renderHeatmap() {
    var rows = data.heatmap;
    var agents = unique(rows.map(function (r) { return r.agent_id; })).sort().reverse();
    var criteria = unique(data.failures.map(function (r) { return r.criterion_id; })
      .concat(rows.map(function (r) { return r.criterion_id; })));
    var points = rows.map(function (r) {
      return [criteria.indexOf(r.criterion_id), agents.indexOf(r.agent_id), asPct(r.fail_rate), r.fails, r.calls];
    });
    chart('chart-heatmap', rows.length > 0, {
      tooltip: {
        formatter: function (p) {
          var v = p.value;
          return '<b>' + esc(agents[v[1]]) + '</b> × ' + esc(criteria[v[0]]) + '<br>fail rate ' +
            v[2] + '% (' + v[3] + ' of ' + v[4] + ' calls)';
        }
      },
      grid: { left: labelRoom(agents), right: 16, top: 8, bottom: 96 },
      xAxis: { type: 'category', data: criteria, splitArea: { show: true }, axisLabel: { rotate: 20 } },
      yAxis: { type: 'category', data: agents, splitArea: { show: true } },
      visualMap: {
        min: 0, max: 100, dimension: 2, orient: 'horizontal',
        left: 'center', bottom: 0, itemHeight: 160, text: ['100% failed', '0%'],
        inRange: { color: ['#ecfdf5', '#fde68a', '#f97316', '#b91c1c'] }
      },
      series: [{
        name: 'Fail rate', type: 'heatmap', data: points,
        label: { show: true, formatter: function (p) { return p.value[2] + '%'; } },
        emphasis: { itemStyle: { borderColor: '#111827', borderWidth: 1 } }
      }]
    });
  }

  function renderToneSentiment() {
    var rows = data.trend;
    var series = SENTIMENTS.map(function (s) {
      return {
        name: s[2], type: 'bar', stack: 'sentiment', yAxisIndex: 1, barMaxWidth: 26,
        itemStyle: { color: COLORS[s[0]], opacity: 0.8 },
        data: rows.map(function (r) { return num(r[s[1]]); })
      };
    });
    series.push({
      name: 'Average tone', type: 'line', yAxisIndex: 0, connectNulls: true,
      symbolSize: 7, itemStyle: { color: COLORS.tone }, lineStyle: { width: 3 },
      data: rows.map(function (r) { return round1(num(r.avg_tone)); })
    });
    chart('chart-tone-sentiment', rows.length > 0, {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: rows.map(function (r) { return r.call_date; }) },
      yAxis: [
        { type: 'value', name: 'tone', min: 0, max: 100 },
        { type: 'value', name: 'calls', minInterval: 1, splitLine: { show: false } }
      ],
      series: series
    });
    fillTable('sentiment-body', rows.slice().reverse(), function (r) {
      return [r.call_date, r.dominant_sentiment, round1(num(r.avg_tone)), r.calls];
    }, 2);
  }

  function renderLowest() {
    fillTable('lowest-body', data.lowest, function (r) {
      return [r.call_id, r.call_date, r.agent_id, r.failed_criteria, show(num(r.percentage), '%'),
        r.passed === true ? 'pass' : r.passed === false ? 'fail' : '–', r.tone_score];
    }, 4);
  }

  renderKpis();
  renderQaTrend();
  renderFailures();
  renderHeatmap();
  renderToneSentiment();
  renderLowest();
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  document.body.setAttribute('data-ready', 'true');
})();
`;
