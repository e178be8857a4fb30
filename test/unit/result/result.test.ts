import { describe, expect, it } from 'vitest';
import { buildUnifiedResult } from '../../../src/core/result/build.js';
import { validateUnifiedResult } from '../../../src/core/result/validate.js';
import { scoreEvaluation } from '../../../src/core/scoring/score.js';
import { CciError } from '../../../src/core/errors.js';
import { loadDefaultTemplate } from '../../helpers/templates.js';
import { sampleResultParts } from '../../helpers/results.js';

describe('buildUnifiedResult', () => {
  it('assembles the guide §18 fields plus the DESIGN additions', () => {
    const r = buildUnifiedResult(sampleResultParts());
    expect(r).toMatchObject({
      schema_version: '1.0',
      tenant_id: 'demo-tenant',
      call_id: 'cci_demo-tenant_test_wav_0123456789',
      call_date: '2025-11-05',
      processed_at: '2025-11-05T10:00:00.000Z',
      qa_template_version: 'v1',
      source: { transcribe_job: 'cci_demo-tenant_test_wav_0123456789', pii_redacted: true },
      metadata: { agent_id: 'agent-7', queue: 'billing' },
      timings_ms: { nlp: 120, qa: 900, total: 1100 },
    });
    expect(r.qa_evaluation).toMatchObject({
      template_id: 'default',
      total_score: 4.5,
      max_score: 4.5,
      percentage: 100,
      passed: true,
      failed: [],
    });
    expect(r.qa_evaluation.criteria).toHaveLength(5);
    expect(r.qa_evaluation.criteria[0]).toEqual({
      id: 'greet_01',
      question: 'Did the agent greet the customer politely at the start?',
      passed: true,
      score: 1,
      reason: 'Heard it.',
      status: 'passed',
      weight: 1,
      required: true,
      evidence: { quote: 'thank you for calling', offset_ms: 1200, verified: true },
    });
    expect(r.qa_evaluation.criteria[1]!.evidence).toBeNull();
  });

  it('drops undefined metadata fields rather than writing them', () => {
    const r = buildUnifiedResult(sampleResultParts({ metadata: { agent_id: undefined } }));
    expect(r.metadata).toEqual({});
    expect(JSON.stringify(r)).not.toContain('agent_id');
  });

  it('keeps not-evaluated criteria with a null verdict', () => {
    const template = loadDefaultTemplate();
    const score = scoreEvaluation(template, [{ id: 'greet_01', status: 'failed', reason: 'none' }]);
    const r = buildUnifiedResult(sampleResultParts({ score }));
    expect(r.qa_evaluation).toMatchObject({
      total_score: 0,
      max_score: 1,
      percentage: 0,
      passed: false,
    });
    expect(r.qa_evaluation.criteria.filter((c) => c.passed === null)).toHaveLength(4);
  });

  it('refuses to build an invalid result, as a system fault naming the path', () => {
    try {
      buildUnifiedResult(sampleResultParts({ tenantId: 'Not Valid' }));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CciError);
      expect((err as CciError).code).toBe('INVALID_RESULT');
      expect((err as CciError).fault).toBe('system');
      expect((err as CciError).message).toContain('tenant_id');
    }
  });
});

/** Sets a nested value by a dotted path (numeric parts index arrays). */
function setPath(doc: unknown, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = doc as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
}

describe('validateUnifiedResult', () => {
  const valid = (): unknown => JSON.parse(JSON.stringify(buildUnifiedResult(sampleResultParts())));

  it('accepts a round-tripped result', () => {
    expect(validateUnifiedResult(valid()).call_id).toBe('cci_demo-tenant_test_wav_0123456789');
  });

  it.each([
    [
      'a score that does not match its status',
      'qa_evaluation.criteria.0.score',
      0.5,
      'qa_evaluation.criteria[0].score',
    ],
    [
      'passed set on a not-applicable criterion',
      'qa_evaluation.criteria.0.status',
      'not_applicable',
      'qa_evaluation.criteria[0].passed',
    ],
    ['total above max', 'qa_evaluation.total_score', 9, 'qa_evaluation.total_score'],
    ['a bad date', 'call_date', '2025-13-40', 'call_date'],
    ['an unknown top-level key', 'transcript', 'raw text', 'transcript'],
    ['a tone score above 100', 'ai_summary.tone_score', 101, 'ai_summary.tone_score'],
    ['a call id that is not a job name', 'call_id', 'a/b', 'call_id'],
    ['a bad sentiment label', 'sentiment.overall', 'HAPPY', 'sentiment.overall'],
  ])('rejects %s', (_name, field, value, reportedPath) => {
    const r = valid();
    setPath(r, field, value);
    try {
      validateUnifiedResult(r);
      expect.unreachable();
    } catch (err) {
      const details = (err as CciError).details as Array<{ path: string }>;
      expect(details.map((d) => d.path)).toContain(reportedPath);
    }
  });
});
