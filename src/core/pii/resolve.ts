import type { PiiSpan, PiiType } from './types.js';

/** On equal length, the more specific (cue-driven or checksummed) type wins. */
const PRIORITY: Readonly<Record<PiiType, number>> = {
  CREDIT_DEBIT_NUMBER: 0,
  SSN: 1,
  DATE_OF_BIRTH: 2,
  POSTCODE: 3,
  EMAIL: 4,
  PHONE: 5,
  ADDRESS: 6,
  NAME: 7,
};

const byStart = (a: PiiSpan, b: PiiSpan): number => a.start - b.start || a.end - b.end;

/** Keeps the longest (then highest-priority) of overlapping spans; returns them sorted. */
export function resolveOverlaps(spans: readonly PiiSpan[]): PiiSpan[] {
  const ranked = spans
    .filter((s) => s.end > s.start)
    .sort(
      (a, b) =>
        b.end - b.start - (a.end - a.start) ||
        PRIORITY[a.type] - PRIORITY[b.type] ||
        a.start - b.start,
    );
  const kept: PiiSpan[] = [];
  for (const span of ranked) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept.sort(byStart);
}

/**
 * Joins name spans separated only by spaces, so a name found word by word reads
 * "[PII]" once, not "[PII] [PII]". Other types are whole entities already (two
 * card numbers read back to back are two cards). Line breaks (speaker changes) are kept.
 */
export function mergeAdjacent(text: string, sorted: readonly PiiSpan[]): PiiSpan[] {
  const merged: PiiSpan[] = [];
  for (const span of sorted) {
    const prev = merged[merged.length - 1];
    if (
      prev &&
      prev.type === 'NAME' &&
      span.type === 'NAME' &&
      /^[ \t]*$/.test(text.slice(prev.end, span.start))
    ) {
      merged[merged.length - 1] = { ...prev, end: Math.max(prev.end, span.end) };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

/** Adds spans that do not overlap any existing one, keeping the result sorted. */
export function addDisjoint(base: readonly PiiSpan[], extra: readonly PiiSpan[]): PiiSpan[] {
  const added = extra.filter((e) => !base.some((b) => e.start < b.end && b.start < e.end));
  return [...base, ...added].sort(byStart);
}
