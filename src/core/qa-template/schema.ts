import { z } from 'zod';

/**
 * QA template (guide §4, versioned per §17). A template is a tenant's weighted QA
 * form; each criterion may carry deterministic evidence rules that the local
 * evaluator checks against the transcript and that the LLM evaluator is asked to
 * respect.
 */

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

export const SPEAKERS = ['AGENT', 'CUSTOMER', 'ANY'] as const;

/** Where in the call a phrase has to occur: the first or last N seconds. */
export const WindowSchema = z.strictObject({
  position: z.enum(['first', 'last']),
  seconds: z.number().positive('must be > 0'),
});

export const PhraseRuleSchema = z.strictObject({
  /** Alternatives: the rule matches when any one of them is said. */
  phrases: z.array(nonEmptyText).min(1, 'must list at least one phrase'),
  speaker: z.enum(SPEAKERS).default('AGENT'),
  window: WindowSchema.optional(),
});

export const EvidenceRuleSchema = PhraseRuleSchema.extend({
  kind: z.enum(['must_say', 'must_not_say']),
});

export const CriterionSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
  text: nonEmptyText,
  weight: z.number().positive('must be > 0'),
  required: z.boolean().default(false),
  /** All rules must hold for the criterion to pass. Absent: the LLM decides. */
  evidence: z.array(EvidenceRuleSchema).min(1, 'must hold at least one rule').optional(),
  /** When given and not matched, the criterion is not applicable and left out of max_score. */
  applies_if: PhraseRuleSchema.optional(),
});

export const TEMPLATE_VERSION_RE = /^v[1-9][0-9]*$/;

export const QaTemplateSchema = z
  .strictObject({
    /** Lets editors find the JSON Schema; ignored otherwise. */
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lowercase slug'),
    version: z.string().regex(TEMPLATE_VERSION_RE, 'must look like v1, v2, ...'),
    name: nonEmptyText.optional(),
    description: z.string().optional(),
    language: z.string().default('en-US'),
    criteria: z.array(CriterionSchema).min(1, 'must hold at least one criterion'),
    scoring: z.strictObject({
      pass_threshold: z.number().gt(0, 'must be in (0, 1]').lte(1, 'must be in (0, 1]'),
      notes: z.string().optional(),
    }),
  })
  .superRefine((tpl, ctx) => {
    const seen = new Map<string, number>();
    tpl.criteria.forEach((c, i) => {
      const first = seen.get(c.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', i, 'id'],
          message: `duplicate id (also criteria[${first}])`,
        });
      } else {
        seen.set(c.id, i);
      }
    });
  });

export type QaTemplate = z.output<typeof QaTemplateSchema>;
export type QaTemplateInput = z.input<typeof QaTemplateSchema>;
export type Criterion = QaTemplate['criteria'][number];
export type EvidenceRule = z.output<typeof EvidenceRuleSchema>;
export type PhraseRule = z.output<typeof PhraseRuleSchema>;
