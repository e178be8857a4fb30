import type { Transcript } from '../transcript/model.js';
import { findPhrase, firstInRun, type PhraseMatch } from './find-phrase.js';
import { normalisedWords } from './normalise.js';
import { buildTranscriptIndex, type TranscriptIndex } from './transcript-index.js';

/**
 * Checks that a quote an LLM gave as evidence is really in the transcript, with
 * the same tolerance as the evidence rules (case, punctuation, contractions,
 * numbers, small recognition errors). A quote the model copied with its line
 * prefix ("[00:12] AGENT: ...") or shortened with an ellipsis is still found.
 */

export interface QuoteMatch {
  found: boolean;
  /** Estimated offset of the quote from the start of the call; null when not found. */
  offsetMs: number | null;
  /** The transcript's own words for the quote; null when not found. */
  matchedText: string | null;
}

const NOT_FOUND: QuoteMatch = { found: false, offsetMs: null, matchedText: null };

const LINE_PREFIX =
  /^\s*(?:\[\d{1,3}:\d{2}(?::\d{2})?\]\s*)?(?:(?:AGENT|CUSTOMER|UNKNOWN)\s*:\s*)?/i;
const ELLIPSIS = /\s*(?:\.{3,}|…|\[\s*(?:\.{3}|…)\s*\])\s*/u;

export function findQuote(source: Transcript | TranscriptIndex, quote: string): QuoteMatch {
  const index = 'runs' in source ? source : buildTranscriptIndex(source);
  const parts = quote
    .replace(LINE_PREFIX, '')
    .split(ELLIPSIS)
    .filter((p) => normalisedWords(p).length > 0);
  if (parts.length === 0) return NOT_FOUND;
  const matches: PhraseMatch[] = [];
  for (const part of parts) {
    const match = findPart(index, part);
    if (!match) return NOT_FOUND;
    matches.push(match);
  }
  const first = matches.reduce((a, b) => (b.offsetMs < a.offsetMs ? b : a));
  return {
    found: true,
    offsetMs: first.offsetMs,
    matchedText: matches.map((m) => m.quote).join(' … '),
  };
}

function findPart(index: TranscriptIndex, part: string): PhraseMatch | undefined {
  const within = findPhrase(index, { phrases: [part], speaker: 'ANY' });
  if (within) return within;
  // Models sometimes quote across two turns; accept it when the words are there in order.
  return firstInRun(index, index.whole, normalisedWords(part), part);
}
