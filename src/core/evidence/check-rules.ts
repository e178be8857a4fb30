import type { Criterion, EvidenceRule, PhraseRule } from '../qa-template/schema.js';
import { findPhrase, type PhraseMatch } from './find-phrase.js';
import type { TranscriptIndex } from './transcript-index.js';

/**
 * The template's deterministic evidence rules checked against a transcript:
 * `must_say` holds when any phrase is said, `must_not_say` when none is, and a
 * criterion passes when all its rules hold. `applies_if` decides first whether
 * the criterion applies to this call at all.
 */

export interface PhraseSearch {
  /** The match inside the rule's window, if any. */
  match?: PhraseMatch;
  /** When nothing matched inside the window: a match elsewhere in the call, for the reason. */
  outsideWindow?: PhraseMatch;
}

export interface RuleCheck extends PhraseSearch {
  rule: EvidenceRule;
  held: boolean;
}

export interface CriterionRuleCheck {
  /** False when `applies_if` was given and not matched. */
  applicable: boolean;
  appliesIf?: PhraseSearch;
  /** One per evidence rule; empty when the criterion has none or does not apply. */
  rules: RuleCheck[];
  /** Whether all rules held; undefined without rules or when not applicable. */
  passed?: boolean;
}

export function searchPhrase(index: TranscriptIndex, rule: PhraseRule): PhraseSearch {
  const match = findPhrase(index, rule);
  if (match) return { match };
  if (!rule.window) return {};
  const outsideWindow = findPhrase(index, { ...rule, window: undefined });
  return outsideWindow ? { outsideWindow } : {};
}

export function checkEvidenceRule(index: TranscriptIndex, rule: EvidenceRule): RuleCheck {
  const search = searchPhrase(index, rule);
  const said = search.match !== undefined;
  return { rule, held: rule.kind === 'must_say' ? said : !said, ...search };
}

export function checkCriterionRules(
  index: TranscriptIndex,
  criterion: Pick<Criterion, 'evidence' | 'applies_if'>,
): CriterionRuleCheck {
  let appliesIf: PhraseSearch | undefined;
  if (criterion.applies_if) {
    appliesIf = searchPhrase(index, criterion.applies_if);
    if (!appliesIf.match) return { applicable: false, appliesIf, rules: [] };
  }
  const base = appliesIf ? { applicable: true, appliesIf } : { applicable: true };
  if (!criterion.evidence) return { ...base, rules: [] };
  const rules = criterion.evidence.map((rule) => checkEvidenceRule(index, rule));
  return { ...base, rules, passed: rules.every((r) => r.held) };
}
