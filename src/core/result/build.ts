import type { QaTemplate } from '../qa-template/schema.js';
import type { ScoreSummary } from '../scoring/score.js';
import {
  RESULT_SCHEMA_VERSION,
  type AiSummary,
  type Evaluator,
  type Evidence,
  type ResultEntities,
  type ResultKeyPhrases,
  type ResultSentiment,
  type ResultSource,
  type UnifiedResult,
} from './schema.js';
import { validateUnifiedResult } from './validate.js';

export interface ResultParts {
  tenantId: string;
  callId: string;
  /** `YYYY-MM-DD`, from the object's time. */
  callDate: string;
  processedAt?: Date;
  template: Pick<QaTemplate, 'id' | 'version'>;
  score: ScoreSummary;
  /** Evidence per criterion id; criteria without an entry get null. */
  evidence?: Readonly<Record<string, Evidence | null>>;
  sentiment: ResultSentiment;
  keyPhrases: ResultKeyPhrases;
  entities: ResultEntities;
  summary: AiSummary;
  source: ResultSource;
  evaluator: Evaluator;
  metadata?: { agent_id?: string; queue?: string };
  timingsMs?: Readonly<Record<string, number>>;
}

/** Assembles the unified result from the stages' outputs and validates it. */
export function buildUnifiedResult(parts: ResultParts): UnifiedResult {
  const { score } = parts;
  const draft: UnifiedResult = {
    schema_version: RESULT_SCHEMA_VERSION,
    tenant_id: parts.tenantId,
    call_id: parts.callId,
    call_date: parts.callDate,
    processed_at: (parts.processedAt ?? new Date()).toISOString(),
    qa_template_version: parts.template.version,
    sentiment: parts.sentiment,
    key_phrases: parts.keyPhrases,
    entities: parts.entities,
    ai_summary: parts.summary,
    qa_evaluation: {
      template_id: parts.template.id,
      criteria: score.criteria.map((c) => ({
        id: c.id,
        question: c.question,
        passed: c.passed,
        score: c.score,
        reason: c.reason,
        status: c.status,
        weight: c.weight,
        required: c.required,
        evidence: parts.evidence?.[c.id] ?? null,
      })),
      total_score: score.total_score,
      max_score: score.max_score,
      percentage: score.percentage,
      pass_threshold: score.pass_threshold,
      passed: score.passed,
      failed: score.failed,
      fail_reasons: score.fail_reasons,
    },
    source: parts.source,
    evaluator: parts.evaluator,
    metadata: dropUndefined(parts.metadata ?? {}),
    timings_ms: { ...(parts.timingsMs ?? {}) },
  };
  return validateUnifiedResult(draft);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
