import type {
  CriterionRuleCheck,
  PhraseSearch,
  RuleCheck,
} from '../../core/evidence/check-rules.js';
import type { PhraseMatch } from '../../core/evidence/find-phrase.js';
import type { Criterion } from '../../core/qa-template/schema.js';
import type { Evidence } from '../../core/result/schema.js';
import type { CriterionVerdict } from '../../core/scoring/score.js';
import { capitalise, heard, phraseList, speakerName, windowText } from './reason-text.js';

/**
 * A criterion decided by the template's evidence rules: the verdict, a reason
 * that says which phrase was or was not found and where, and the quote.
 */

export interface DecidedCriterion {
  verdict: CriterionVerdict;
  evidence: Evidence | null;
}

export function notApplicableVerdict(
  criterion: Criterion,
  appliesIf: PhraseSearch | undefined,
): DecidedCriterion {
  const rule = criterion.applies_if;
  const condition = rule
    ? `${speakerName(rule.speaker)} did not say ${phraseList(rule.phrases)}${windowText(rule)}`
    : 'its condition was not met';
  const elsewhere = appliesIf?.outsideWindow
    ? ` (said ${heard(appliesIf.outsideWindow)}, outside that window)`
    : '';
  return {
    verdict: {
      id: criterion.id,
      status: 'not_applicable',
      reason: `Not applicable: ${condition}${elsewhere}.`,
    },
    evidence: null,
  };
}

export function ruleVerdict(criterion: Criterion, check: CriterionRuleCheck): DecidedCriterion {
  const passed = check.passed === true;
  const sentences = check.rules.map(describeCheck);
  const reason = `${passed ? 'Passed' : 'Failed'}: ${sentences.join(' ')}`;
  return {
    verdict: { id: criterion.id, status: passed ? 'passed' : 'failed', reason },
    evidence: evidenceOf(check.rules, passed),
  };
}

function describeCheck(check: RuleCheck): string {
  const { rule } = check;
  const who = speakerName(rule.speaker);
  if (rule.kind === 'must_say') {
    if (check.match) return `${capitalise(who)} said ${heard(check.match)}.`;
    return `${capitalise(who)} never said ${phraseList(rule.phrases)}${windowText(rule)}${outside(check.outsideWindow)}.`;
  }
  if (check.match) return `${capitalise(who)} said ${heard(check.match)}, which the form forbids.`;
  return `${capitalise(who)} never said ${phraseList(rule.phrases)}${windowText(rule)}.`;
}

function outside(match: PhraseMatch | undefined): string {
  return match ? ` (heard ${heard(match)}, outside that window)` : '';
}

/**
 * The quote that decided the criterion: for a pass, the first phrase that was
 * said; for a failure, the forbidden phrase that was said (a phrase never said
 * has nothing to quote).
 */
function evidenceOf(checks: readonly RuleCheck[], passed: boolean): Evidence | null {
  const decisive = passed
    ? checks.find((c) => c.rule.kind === 'must_say' && c.match)
    : checks.find((c) => c.rule.kind === 'must_not_say' && c.match);
  const match = decisive?.match;
  return match ? { quote: match.quote, offset_ms: match.offsetMs, verified: true } : null;
}
