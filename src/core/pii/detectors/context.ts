import { findDigitRuns, type DigitRun } from '../digit-runs.js';
import { tokenize, type Token } from '../tokenize.js';
import type { PiiSpan } from '../types.js';

/** What every detector reads: the text, its tokens and its digit runs, computed once. */
export interface DetectionContext {
  text: string;
  tokens: readonly Token[];
  runs: readonly DigitRun[];
}

export type Detector = (ctx: DetectionContext) => PiiSpan[];

export function buildContext(text: string): DetectionContext {
  const tokens = tokenize(text);
  return { text, tokens, runs: findDigitRuns(text, tokens) };
}
