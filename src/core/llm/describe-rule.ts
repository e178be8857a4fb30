import type { Criterion, EvidenceRule, PhraseRule } from '../qa-template/schema.js';

/**
 * Evidence rules in plain language, so the model applies the same checks the
 * local evaluator runs (who must say what, and where in the call).
 */

const SPEAKER_NAMES: Record<PhraseRule['speaker'], string> = {
  AGENT: 'the agent',
  CUSTOMER: 'the customer',
  ANY: 'either speaker',
};

function quoteList(phrases: readonly string[]): string {
  return phrases.map((p) => JSON.stringify(p.trim())).join(', ');
}

function describeWindow(rule: PhraseRule): string {
  if (!rule.window) return 'at any point in the call';
  return `within the ${rule.window.position} ${rule.window.seconds} s of the call`;
}

function describeSaying(rule: PhraseRule, negated: boolean): string {
  const single = rule.phrases.length === 1;
  const verb = negated
    ? single
      ? 'must not say'
      : 'must not say any of:'
    : single
      ? 'must say'
      : 'must say one of:';
  return `${SPEAKER_NAMES[rule.speaker]} ${verb} ${quoteList(rule.phrases)} ${describeWindow(rule)}`;
}

export function describeEvidenceRule(rule: EvidenceRule): string {
  return describeSaying(rule, rule.kind === 'must_not_say');
}

export function describeAppliesIf(rule: PhraseRule): string {
  const single = rule.phrases.length === 1;
  const verb = single ? 'says' : 'says one of:';
  return (
    `only if ${SPEAKER_NAMES[rule.speaker]} ${verb} ${quoteList(rule.phrases)} ` +
    `${describeWindow(rule)}; otherwise mark it not applicable`
  );
}

/** Whitespace (including line breaks) collapsed, so each field stays on its line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The criterion block of the user prompt. */
export function describeCriterion(criterion: Criterion, index: number): string {
  const lines = [
    `${index + 1}. id: ${criterion.id}`,
    `   question: ${oneLine(criterion.text)}`,
    `   weight: ${criterion.weight}; required: ${criterion.required ? 'yes (failing it fails the call)' : 'no'}`,
  ];
  if (criterion.applies_if) lines.push(`   applies ${describeAppliesIf(criterion.applies_if)}`);
  if (criterion.evidence) {
    lines.push('   evidence rules (all must hold for a pass):');
    for (const rule of criterion.evidence) lines.push(`   - ${describeEvidenceRule(rule)}`);
  }
  return lines.join('\n');
}
