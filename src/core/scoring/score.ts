import type { QaTemplate } from '../qa-template/schema.js';
import { userError } from '../errors.js';

/**
 * The one scoring rule (DESIGN.md, README "Scoring"):
 * - each evaluated criterion scores its weight when passed and 0 otherwise;
 * - max_score sums the weights of evaluated criteria only (not applicable and
 *   not evaluated criteria are left out);
 * - percentage = round(100 * total / max);
 * - the call passes when total / max >= pass_threshold and no required
 *   criterion failed. With nothing evaluated there is no verdict (null).
 */

export type CriterionStatus = 'passed' | 'failed' | 'not_applicable' | 'not_evaluated';

export interface CriterionVerdict {
  id: string;
  status: CriterionStatus;
  reason: string;
}

export interface ScoredCriterion {
  id: string;
  question: string;
  weight: number;
  required: boolean;
  status: CriterionStatus;
  /** null when the criterion was not evaluated or not applicable. */
  passed: boolean | null;
  score: number;
  reason: string;
}

export interface FailedCriterion {
  id: string;
  reason: string;
  required: boolean;
}

export interface ScoreSummary {
  criteria: ScoredCriterion[];
  total_score: number;
  max_score: number;
  /** null when no criterion was evaluated. */
  percentage: number | null;
  pass_threshold: number;
  /** The call's verdict; null when no criterion was evaluated. */
  passed: boolean | null;
  failed: FailedCriterion[];
  /** Why the call failed (threshold, required criteria); empty when it passed. */
  fail_reasons: string[];
}

// Weights such as 0.1 + 0.2 are not exact in binary; compare with a tolerance so
// a call exactly on the threshold passes.
const EPSILON = 1e-9;

export function scoreEvaluation(
  template: Pick<QaTemplate, 'criteria' | 'scoring'>,
  verdicts: readonly CriterionVerdict[],
): ScoreSummary {
  const byId = indexVerdicts(template, verdicts);
  const criteria = template.criteria.map((c): ScoredCriterion => {
    const v = byId.get(c.id);
    const status: CriterionStatus = v?.status ?? 'not_evaluated';
    const evaluated = status === 'passed' || status === 'failed';
    return {
      id: c.id,
      question: c.text,
      weight: c.weight,
      required: c.required,
      status,
      passed: evaluated ? status === 'passed' : null,
      score: status === 'passed' ? c.weight : 0,
      reason: v?.reason ?? 'No answer was produced for this criterion.',
    };
  });

  const evaluated = criteria.filter((c) => c.passed !== null);
  const total = roundScore(evaluated.reduce((sum, c) => sum + c.score, 0));
  const max = roundScore(evaluated.reduce((sum, c) => sum + c.weight, 0));
  const failed = evaluated
    .filter((c) => c.passed === false)
    .map((c) => ({ id: c.id, reason: c.reason, required: c.required }));
  const threshold = template.scoring.pass_threshold;

  if (max === 0) {
    return {
      criteria,
      total_score: 0,
      max_score: 0,
      percentage: null,
      pass_threshold: threshold,
      passed: null,
      failed,
      fail_reasons: [],
    };
  }

  const ratio = total / max;
  const failReasons: string[] = [];
  if (ratio + EPSILON < threshold) {
    failReasons.push(
      `score ${formatRatio(ratio)} is below the pass threshold ${formatRatio(threshold)}`,
    );
  }
  for (const f of failed.filter((x) => x.required)) {
    failReasons.push(`required criterion ${f.id} failed`);
  }
  return {
    criteria,
    total_score: total,
    max_score: max,
    percentage: Math.round((100 * total) / max),
    pass_threshold: threshold,
    passed: failReasons.length === 0,
    failed,
    fail_reasons: failReasons,
  };
}

function indexVerdicts(
  template: Pick<QaTemplate, 'criteria'>,
  verdicts: readonly CriterionVerdict[],
): Map<string, CriterionVerdict> {
  const known = new Set(template.criteria.map((c) => c.id));
  const byId = new Map<string, CriterionVerdict>();
  for (const v of verdicts) {
    if (!known.has(v.id)) {
      throw userError('UNKNOWN_CRITERION', `Verdict for unknown criterion "${v.id}".`, {
        hint: `The template defines: ${[...known].join(', ')}.`,
      });
    }
    if (byId.has(v.id)) {
      throw userError('DUPLICATE_VERDICT', `Criterion "${v.id}" was answered twice.`);
    }
    byId.set(v.id, v);
  }
  return byId;
}

/** Keeps scores free of float noise such as 2.5000000000000004. */
function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function formatRatio(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}
