import nlp from 'compromise';
import { z } from 'zod';
import { cueEndsAt, type Cue } from '../cues.js';
import { classifyNameWord, isHonorific, type NameWordKind } from '../name-words.js';
import { MASK_CHAR, continues, type Token, type TokenRange } from '../tokenize.js';
import { PII_MARKER, type PiiSpan } from '../types.js';
import type { DetectionContext } from './context.js';
import { spelledNames } from './spelled-name.js';

/** Cues after which nearly any non-common word is a name. */
const STRONG_CUES: readonly Cue[] = [
  ['name', 'is'],
  ["name's"],
  ['my', 'names'],
  ['name', 'was'],
  ['surname'],
  ['surname', 'is'],
  ['speaking', 'with'],
  ['speaking', 'to'],
  ['talking', 'to'],
  ['talking', 'with'],
  ["i'm", 'called'],
  ['i', 'am', 'called'],
];
/** Cues that also introduce ordinary words ("i'm sorry", "this is great"): need a known or confirmed name. */
const WEAK_CUES: readonly Cue[] = [
  ["i'm"],
  ['im'],
  ['i', 'am'],
  ['this', 'is'],
  ["it's"],
  ['it', 'is'],
];
/** Greetings and thanks: only a name compromise knows ("thanks john", not "thanks anyway"). */
const GREETING_CUES: readonly Cue[] = [
  ['thanks'],
  ['thank', 'you'],
  ['hi'],
  ['hello'],
  ['hey'],
  ['bye'],
  ['dear'],
];
/** What follows a self-introduction: "this is priya speaking", "i'm olumide from ...". */
const CONFIRMING_WORDS = new Set(['speaking', 'from', 'here', 'calling', 'and', 'with']);
type Strength = 'strong' | 'weak' | 'greeting';

/**
 * Person names: compromise's people() (good on written, capitalised text) plus
 * cue patterns that work on lowercase speech, plus spelled-out names. A name
 * word found once is then redacted wherever else it appears ("thanks priya").
 */
export function detectNames(ctx: DetectionContext): PiiSpan[] {
  const { tokens, text } = ctx;
  const cued = [...cuedNames(tokens), ...spelledNames(tokens)].map((r) => rangeSpan(tokens, r));
  const people = compromisePeople(text);
  const learned = learnedNameWords(tokens, [...cued, ...people]);
  const echoes = tokens
    .filter((t) => !t.marker && learned.has(t.word))
    .map((t): PiiSpan => ({ type: 'NAME', start: t.start, end: t.end }));
  return [...cued, ...people, ...echoes];
}

function rangeSpan(tokens: readonly Token[], r: TokenRange): PiiSpan {
  return { type: 'NAME', start: tokens[r.first]?.start ?? 0, end: tokens[r.last]?.end ?? 0 };
}

function cuedNames(tokens: readonly Token[]): TokenRange[] {
  const names: TokenRange[] = [];
  for (let j = 0; j < tokens.length; j++) {
    const strength = cueStrengthAt(tokens, j);
    if (strength === null || !continues(tokens, j + 1)) continue;
    const name = nameAt(tokens, j + 1, strength);
    if (name) names.push(name);
  }
  return names;
}

function cueStrengthAt(tokens: readonly Token[], j: number): Strength | null {
  if (isHonorific(tokens[j]?.word ?? '')) return 'strong';
  if (STRONG_CUES.some((c) => cueEndsAt(tokens, j, c))) return 'strong';
  if (WEAK_CUES.some((c) => cueEndsAt(tokens, j, c))) return 'weak';
  return GREETING_CUES.some((c) => cueEndsAt(tokens, j, c)) ? 'greeting' : null;
}

/** One or two name words starting at s, when the cue's strength lets them through. */
function nameAt(tokens: readonly Token[], s: number, strength: Strength): TokenRange | null {
  const kind = classifyNameWord(tokens[s]?.word ?? '');
  const secondKind = sameChunkRun(tokens, s)
    ? classifyNameWord(tokens[s + 1]?.word ?? '')
    : 'other';
  const last = secondKind === 'other' ? s : s + 1;
  if (!acceptsFirst(kind, strength, () => confirmedAfter(tokens, last))) return null;
  return { first: s, last };
}

function acceptsFirst(kind: NameWordKind, strength: Strength, confirmed: () => boolean): boolean {
  if (kind === 'known-name') return true;
  if (strength === 'strong') return kind !== 'other';
  return strength === 'weak' && kind === 'unknown' && confirmed();
}

/** The next token follows with nothing but a space in between ("john smith", not "john. smith"). */
function sameChunkRun(tokens: readonly Token[], s: number): boolean {
  const a = tokens[s];
  const b = tokens[s + 1];
  return (
    a !== undefined &&
    b !== undefined &&
    continues(tokens, s + 1) &&
    a.chunkEnd === a.end &&
    b.chunkStart === b.start
  );
}

/** A self-introduction ends at a pause, at the end, or with "speaking"/"from"/... */
function confirmedAfter(tokens: readonly Token[], last: number): boolean {
  const t = tokens[last];
  if (t && t.chunkEnd > t.end) return true;
  const next = tokens[last + 1];
  return next === undefined || !continues(tokens, last + 1) || CONFIRMING_WORDS.has(next.word);
}

const PeopleJson = z.array(
  z.object({ offset: z.object({ start: z.number(), length: z.number() }) }),
);

/** compromise's people(), trimmed to the name itself (no honorific, no punctuation, one line). */
function compromisePeople(text: string): PiiSpan[] {
  const parsed = PeopleJson.safeParse(nlp(text).people().json({ offset: true }));
  if (!parsed.success) return [];
  return parsed.data.flatMap(({ offset }) => {
    const raw = text.slice(offset.start, offset.start + offset.length);
    if (raw.includes(PII_MARKER) || raw.includes(MASK_CHAR)) return [];
    return linesOf(raw, offset.start).flatMap((line) => trimName(text, line.start, line.end));
  });
}

function linesOf(raw: string, base: number): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  let start = 0;
  for (const part of raw.split('\n')) {
    lines.push({ start: base + start, end: base + start + part.length });
    start += part.length + 1;
  }
  return lines;
}

function trimName(text: string, start: number, end: number): PiiSpan[] {
  const slice = text.slice(start, end);
  const words = [...slice.matchAll(/\p{L}[\p{L}'\u2019-]*/gu)].filter(
    (m) => !isHonorific(m[0].toLowerCase()),
  );
  // compromise sometimes runs a name into the next word ("david i'm"); lowercase non-name words come off.
  const isName = (w: string): boolean =>
    /^\p{Lu}/u.test(w) || classifyNameWord(w.toLowerCase()) !== 'other';
  while (words.length > 0 && !isName(words[0]?.[0] ?? '')) words.shift();
  while (words.length > 0 && !isName(words[words.length - 1]?.[0] ?? '')) words.pop();
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return [];
  return [{ type: 'NAME', start: start + first.index, end: start + last.index + last[0].length }];
}

/** Name words worth redacting wherever they recur: known names and words the lexicon does not know. */
function learnedNameWords(tokens: readonly Token[], spans: readonly PiiSpan[]): Set<string> {
  const learned = new Set<string>();
  for (const t of tokens) {
    if (t.marker || t.word.length < 3) continue;
    if (!spans.some((s) => t.start >= s.start && t.end <= s.end)) continue;
    const kind = classifyNameWord(t.word);
    if (kind === 'known-name' || kind === 'unknown') learned.add(t.word);
  }
  return learned;
}
