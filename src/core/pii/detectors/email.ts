import { DIGIT_WORDS, TEENS, TENS } from '../spoken-numbers.js';
import { continues, type Token } from '../tokenize.js';
import type { PiiSpan } from '../types.js';
import type { DetectionContext } from './context.js';

const WRITTEN_EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Top-level and common second-level domains a spoken address can end in. */
const TLDS = new Set(
  (
    'com net org edu gov mil int info biz io co uk us ca au nz ie de fr es it nl be ch at se no dk fi pl pt ' +
    'in jp cn br mx za sg hk eu me tv ai app dev xyz online tech email name pro mobi ac'
  ).split(' '),
);
const DOT = new Set(['dot', 'period']);
const LOCAL_CONNECTORS = new Set(['dot', 'underscore', 'dash', 'hyphen', 'period']);
const LABEL_CONNECTORS = new Set(['dash', 'hyphen']);
/** Words that introduce an address rather than belong to it. */
const LOCAL_STOP = new Set(
  (
    "is it's its was my the a an your email mail address e-mail it me to at and or on by so that's thats " +
    'use using send sent reach contact please yes yeah yep ok okay um uh er just try under as under'
  ).split(' '),
);
/** At most this many whole words before "at" (letters and digits do not count). */
const MAX_LOCAL_WORDS = 3;

/**
 * E-mail addresses, written ("john.smith@example.com") or spoken ("john dot
 * smith at example dot co dot uk"). A spoken "at" only counts when a
 * domain-like "<word> dot <tld>" follows, so "look at the bill" stays.
 */
export function detectEmails(ctx: DetectionContext): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of ctx.text.matchAll(WRITTEN_EMAIL)) {
    spans.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length });
  }
  ctx.tokens.forEach((t, i) => {
    if (t.word !== 'at' || t.marker) return;
    const span = spokenEmailAround(ctx.tokens, i);
    if (span) spans.push(span);
  });
  return spans;
}

function spokenEmailAround(tokens: readonly Token[], at: number): PiiSpan | null {
  const domainEnd = domainEndAfter(tokens, at);
  const localStart = domainEnd === null ? null : localStartBefore(tokens, at);
  const first = localStart === null ? undefined : tokens[localStart];
  const last = domainEnd === null ? undefined : tokens[domainEnd];
  return first && last ? { type: 'EMAIL', start: first.start, end: last.end } : null;
}

function isLabel(word: string): boolean {
  return /^[a-z0-9][a-z0-9-]*$/.test(word) && !DOT.has(word);
}

/** Written "example.com" inside speech. */
function isWrittenDomain(word: string): boolean {
  const parts = word.split('.');
  return (
    parts.length > 1 &&
    parts.every((p) => /^[a-z0-9-]+$/.test(p)) &&
    TLDS.has(parts[parts.length - 1] ?? '')
  );
}

/** Index of the last token of the domain after "at", or null when no "dot <tld>" follows. */
function domainEndAfter(tokens: readonly Token[], at: number): number | null {
  let i = at + 1;
  if (['sign', 'symbol'].includes(tokens[i]?.word ?? '') && continues(tokens, i)) i++;
  const word = (j: number): string => (continues(tokens, j) ? (tokens[j]?.word ?? '') : '');
  if (!isLabel(word(i)) && !isWrittenDomain(word(i))) return null;
  let end = isWrittenDomain(word(i)) ? i : null;
  for (;;) {
    const sep = word(i + 1);
    const next = word(i + 2);
    if (DOT.has(sep) && (isLabel(next) || isWrittenDomain(next))) {
      i += 2;
      if (TLDS.has(next) || isWrittenDomain(next)) end = i;
    } else if (LABEL_CONNECTORS.has(sep) && isLabel(next)) {
      i += 2;
    } else {
      return end;
    }
  }
}

/** Index of the first token of the local part before "at", or null when there is none. */
function localStartBefore(tokens: readonly Token[], at: number): number | null {
  let start: number | null = null;
  let words = 0;
  for (let j = at - 1; j >= 0 && continues(tokens, j + 1); j--) {
    const w = tokens[j]?.word ?? '';
    if (LOCAL_CONNECTORS.has(w)) {
      if (start === null) return null;
      continue;
    }
    const kind = localPieceKind(w);
    if (kind === null) break;
    if (kind === 'word' && ++words > MAX_LOCAL_WORDS) break;
    start = j;
  }
  return start;
}

/**
 * Letters and digits are unlimited (addresses are often spelled out); whole
 * words are capped, and stop words end the local part.
 */
function localPieceKind(w: string): 'word' | 'spelled' | null {
  if (w === '' || LOCAL_STOP.has(w)) return null;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(w)) return null;
  if (w.length === 1 || /^\d+$/.test(w) || w in DIGIT_WORDS || w in TEENS || w in TENS)
    return 'spelled';
  return 'word';
}
