import { z } from 'zod';
import { SENTIMENTS } from '../transcript/model.js';
import { TENANT_ID_RE } from '../ids/tenant-id.js';
import { JOB_NAME_RE } from '../ids/call-id.js';
import { TEMPLATE_VERSION_RE } from '../qa-template/schema.js';

/**
 * The unified result: one JSON document per call (guide §18), written to
 * `results/<tenant>/YYYY/MM/DD/<call_id>.json` and validated before every write.
 * The guide's field names are kept; DESIGN.md's additions are schema_version,
 * qa_template_version, per-criterion evidence, the evaluator, agent/queue
 * metadata and processing timings. Comprehend-shaped parts keep AWS's PascalCase.
 */
export const RESULT_SCHEMA_VERSION = '1.0';

const SentimentLabel = z.enum(SENTIMENTS);
const SentimentScore = z.strictObject({
  Positive: z.number().min(0).max(1),
  Negative: z.number().min(0).max(1),
  Neutral: z.number().min(0).max(1),
  Mixed: z.number().min(0).max(1),
});

export const SentimentSchema = z.strictObject({
  ResultList: z.array(
    z.strictObject({
      Index: z.number().int().min(0),
      Sentiment: SentimentLabel,
      SentimentScore: SentimentScore.optional(),
    }),
  ),
  /** Whole-call sentiment, weighted towards the customer (politeness is not satisfaction). */
  overall: SentimentLabel,
  by_role: z.strictObject({
    AGENT: SentimentLabel.optional(),
    CUSTOMER: SentimentLabel.optional(),
  }),
});

export const KeyPhrasesSchema = z.strictObject({
  ResultList: z.array(
    z.strictObject({
      Index: z.number().int().min(0),
      KeyPhrases: z.array(
        z.strictObject({ Text: z.string().min(1), Score: z.number().min(0).max(1).optional() }),
      ),
    }),
  ),
});

export const EntitiesSchema = z.strictObject({
  ResultList: z.array(
    z.strictObject({
      Index: z.number().int().min(0),
      Entities: z.array(
        z.strictObject({
          Text: z.string().min(1),
          Type: z.string().min(1),
          Score: z.number().min(0).max(1).optional(),
        }),
      ),
    }),
  ),
});

export const AiSummarySchema = z.strictObject({
  issue: z.string(),
  resolution: z.string(),
  outcome: z.string(),
  action_items: z.array(z.string()),
  tone_score: z.number().int().min(0).max(100).nullable(),
  sentiment_summary: z.string(),
  /** llm: written by a model; extractive: sentences picked from the transcript; none: no summary. */
  generated_by: z.enum(['llm', 'extractive', 'none']),
  model: z.string().optional(),
  /** The model's raw answer, kept when it could not be repaired into the expected shape. */
  summary_raw: z.string().optional(),
});

export const EvidenceSchema = z.strictObject({
  quote: z.string(),
  /** Offset of the quote from the start of the call. */
  offset_ms: z.number().int().min(0).nullable(),
  /** False when the quote could not be found in the transcript. */
  verified: z.boolean(),
});

export const CRITERION_STATUSES = ['passed', 'failed', 'not_applicable', 'not_evaluated'] as const;

export const ResultCriterionSchema = z
  .strictObject({
    id: z.string().min(1),
    question: z.string().min(1),
    passed: z.boolean().nullable(),
    score: z.number().min(0),
    reason: z.string(),
    status: z.enum(CRITERION_STATUSES),
    weight: z.number().positive(),
    required: z.boolean(),
    evidence: EvidenceSchema.nullable(),
  })
  .refine((c) => (c.status === 'passed' || c.status === 'failed') === (c.passed !== null), {
    message: 'passed must be null exactly when the criterion was not evaluated',
    path: ['passed'],
  })
  .refine((c) => c.score === (c.status === 'passed' ? c.weight : 0), {
    message: 'score must equal the weight when passed and 0 otherwise',
    path: ['score'],
  });

export const QaEvaluationSchema = z
  .strictObject({
    template_id: z.string().min(1),
    criteria: z.array(ResultCriterionSchema),
    total_score: z.number().min(0),
    max_score: z.number().min(0),
    percentage: z.number().int().min(0).max(100).nullable(),
    pass_threshold: z.number().gt(0).lte(1),
    passed: z.boolean().nullable(),
    failed: z.array(
      z.strictObject({ id: z.string().min(1), reason: z.string(), required: z.boolean() }),
    ),
    fail_reasons: z.array(z.string()),
  })
  .refine((q) => q.total_score <= q.max_score + 1e-9, {
    message: 'total_score cannot exceed max_score',
    path: ['total_score'],
  });

export const SourceSchema = z.strictObject({
  transcribe_job: z.string().regex(JOB_NAME_RE),
  pii_redacted: z.boolean(),
  engine: z.enum(['aws-transcribe-call-analytics', 'aws-transcribe', 'local-pocketsphinx']),
  object_key: z.string().min(1),
  diarized: z.boolean(),
  language_code: z.string().optional(),
  duration_ms: z.number().int().min(0),
  /** Redactions per PII type, when the redactor that ran reports them. */
  pii_counts: z.record(z.string(), z.number().int().min(0)).optional(),
});

export const EvaluatorSchema = z.strictObject({
  kind: z.enum(['bedrock', 'llm-endpoint', 'rules', 'rules+llm']),
  model: z.string().optional(),
});

export const UnifiedResultSchema = z.strictObject({
  schema_version: z.literal(RESULT_SCHEMA_VERSION),
  tenant_id: z.string().regex(TENANT_ID_RE),
  call_id: z.string().regex(JOB_NAME_RE),
  call_date: z.iso.date(),
  processed_at: z.iso.datetime(),
  qa_template_version: z.string().regex(TEMPLATE_VERSION_RE),
  sentiment: SentimentSchema,
  key_phrases: KeyPhrasesSchema,
  entities: EntitiesSchema,
  ai_summary: AiSummarySchema,
  qa_evaluation: QaEvaluationSchema,
  source: SourceSchema,
  evaluator: EvaluatorSchema,
  metadata: z.strictObject({
    agent_id: z.string().min(1).optional(),
    queue: z.string().min(1).optional(),
  }),
  /** Wall-clock milliseconds per stage (e.g. transcribe, nlp, qa, write, total). */
  timings_ms: z.record(z.string(), z.number().min(0)),
});

export type UnifiedResult = z.output<typeof UnifiedResultSchema>;
export type ResultSentiment = z.output<typeof SentimentSchema>;
export type ResultKeyPhrases = z.output<typeof KeyPhrasesSchema>;
export type ResultEntities = z.output<typeof EntitiesSchema>;
export type AiSummary = z.output<typeof AiSummarySchema>;
export type Evidence = z.output<typeof EvidenceSchema>;
export type QaEvaluation = z.output<typeof QaEvaluationSchema>;
export type ResultSource = z.output<typeof SourceSchema>;
export type Evaluator = z.output<typeof EvaluatorSchema>;
