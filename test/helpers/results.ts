import { scoreEvaluation } from '../../src/core/scoring/score.js';
import type { ResultParts } from '../../src/core/result/build.js';
import { loadDefaultTemplate } from './templates.js';

/** Parts of a plausible result for the default template (all criteria passed). */
export function sampleResultParts(overrides: Partial<ResultParts> = {}): ResultParts {
  const template = loadDefaultTemplate();
  const score = scoreEvaluation(
    template,
    template.criteria.map((c) => ({ id: c.id, status: 'passed' as const, reason: 'Heard it.' })),
  );
  return {
    tenantId: 'demo-tenant',
    callId: 'cci_demo-tenant_test_wav_0123456789',
    callDate: '2025-11-05',
    processedAt: new Date('2025-11-05T10:00:00Z'),
    template,
    score,
    evidence: {
      greet_01: { quote: 'thank you for calling', offset_ms: 1200, verified: true },
    },
    sentiment: {
      ResultList: [{ Index: 0, Sentiment: 'NEUTRAL' }],
      overall: 'NEUTRAL',
      by_role: { AGENT: 'POSITIVE', CUSTOMER: 'NEUTRAL' },
    },
    keyPhrases: { ResultList: [{ Index: 0, KeyPhrases: [{ Text: 'order number' }] }] },
    entities: { ResultList: [{ Index: 0, Entities: [{ Text: 'Acme', Type: 'ORGANIZATION' }] }] },
    summary: {
      issue: 'Billing query',
      resolution: 'Explained invoice line items',
      outcome: 'Resolved',
      action_items: ['Email revised invoice'],
      tone_score: 73,
      sentiment_summary: 'Mostly neutral',
      generated_by: 'llm',
      model: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
    },
    source: {
      transcribe_job: 'cci_demo-tenant_test_wav_0123456789',
      pii_redacted: true,
      engine: 'aws-transcribe-call-analytics',
      object_key: 'demo-tenant/calls/test.wav',
      diarized: true,
      duration_ms: 61000,
    },
    evaluator: { kind: 'bedrock', model: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0' },
    metadata: { agent_id: 'agent-7', queue: 'billing' },
    timingsMs: { nlp: 120, qa: 900, total: 1100 },
    ...overrides,
  };
}
