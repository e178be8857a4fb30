import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, scriptSafe } from '../../../src/local/dashboard/embed.js';
import { renderDashboardHtml } from '../../../src/local/dashboard/render-html.js';
import type { DashboardData } from '../../../src/local/dashboard/dashboard-data.js';

const HOSTILE = '</script><script>alert(1)</script><!-- & \u2028';

function data(question: string): DashboardData {
  return {
    tenant: 'acme',
    generatedAt: '2025-11-20T08:00:00.000Z',
    range: { from: null, to: null },
    kpi: { calls: 1, avg_qa_pct: 50, pass_rate: 0, avg_tone: 60, agents: 1 },
    trend: [{ call_date: '2025-11-05', calls: 1, avg_qa_pct: 50 }],
    failures: [{ criterion_id: 'greet_01', question, fail_rate: 1, calls: 1, fails: 1 }],
    heatmap: [{ agent_id: HOSTILE, criterion_id: 'greet_01', fail_rate: 1, calls: 1, fails: 1 }],
    lowest: [],
  };
}

describe('dashboard HTML embedding', () => {
  it('embeds JSON that cannot close its script element and reads back unchanged', () => {
    const text = jsonForScript({ q: HOSTILE });
    expect(text).not.toMatch(/<|>|&|\u2028/);
    expect(JSON.parse(text)).toEqual({ q: HOSTILE });
  });

  it('makes inlined code unable to end its script element', () => {
    expect(scriptSafe('var s = "</script>"; var t = "<!--";')).toBe(
      'var s = "<\\/script>"; var t = "<\\!--";',
    );
    expect(scriptSafe('x = "</SCRIPT"')).toBe('x = "<\\/SCRIPT"');
  });

  it('escapes HTML text', () => {
    expect(escapeHtml(`<b a="1">'&'</b>`)).toBe(
      '&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;',
    );
  });

  it('renders hostile text fields only inside the JSON, escaped', () => {
    const html = renderDashboardHtml(data(HOSTILE), 'window.echarts = {};');
    expect(html.match(/<script[\s>]/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('alert(1)</script>');
  });

  it('allows only its own scripts by hash and no network at all', () => {
    const html = renderDashboardHtml(data('Greeted?'), 'window.echarts = {};');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:|unsafe-eval/);
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(inline).toHaveLength(2);
    for (const code of inline) {
      const hash = createHash('sha256').update(code, 'utf8').digest('base64');
      expect(csp).toContain(`'sha256-${hash}'`);
    }
  });
});
