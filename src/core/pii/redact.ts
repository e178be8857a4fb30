import { detectPii } from './detect.js';
import {
  PII_MARKER,
  type PiiSpan,
  type PiiType,
  type RedactOptions,
  type RedactionResult,
} from './types.js';

/** Replaces each span (sorted, non-overlapping) with the marker. */
export function applySpans(text: string, spans: readonly PiiSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + PII_MARKER;
    at = s.end;
  }
  return out + text.slice(at);
}

export function countByType(spans: readonly PiiSpan[]): Partial<Record<PiiType, number>> {
  const counts: Partial<Record<PiiType, number>> = {};
  for (const s of spans) counts[s.type] = (counts[s.type] ?? 0) + 1;
  return counts;
}

/** Redacts every detected entity to "[PII]", as Amazon Transcribe does, with counts per type. */
export function redactText(text: string, options: RedactOptions = {}): RedactionResult {
  const spans = detectPii(text, options);
  return { text: applySpans(text, spans), counts: countByType(spans), total: spans.length };
}
