import { COMMITMENT_CUES, IN_CALL_ACTION } from './cues.js';
import type { Turn } from './turns.js';

/**
 * Action items: the agent's commitments ("i will send you ...", "you will
 * receive ..."), each cut from the commitment to the end of its clause, in the
 * transcript's own words.
 */

const MAX_ITEMS = 5;
const MAX_CLAUSE_WORDS = 25;
const MIN_CLAUSE_WORDS = 3;

/** Words that only join the clause to the next one. */
const TRAILING_JOINER = new Set(['and', 'but', 'so', 'then', 'or', 'also']);

/** Where a new clause starts in unpunctuated speech. */
const CLAUSE_BREAK =
  /^(?:is there anything|anything else|thank you|thanks|okay|alright|all right|does that|is that|have a|bye)\b/;

export function actionItems(agentTurns: readonly Turn[]): string[] {
  const items: string[] = [];
  const seen = new Set<string>();
  for (const turn of agentTurns) {
    const starts = commitmentStarts(turn);
    for (const [i, start] of starts.entries()) {
      // The next commitment starts a new item: "i will reissue it and you will receive ...".
      const clause = clauseFrom(turn, start, starts[i + 1] ?? turn.norm.tokens.length);
      if (!clause || seen.has(clause.plain)) continue;
      seen.add(clause.plain);
      items.push(clause.text);
      if (items.length >= MAX_ITEMS) return items;
    }
  }
  return items;
}

/** Token indexes where a commitment starts. */
function commitmentStarts(turn: Turn): number[] {
  const starts = new Set<number>();
  for (const cue of COMMITMENT_CUES) {
    const global = new RegExp(cue.source, 'g');
    for (const m of turn.plain.matchAll(global)) {
      starts.add(tokenAt(turn.plain, m.index));
    }
  }
  return [...starts].sort((a, b) => a - b);
}

/** Token index of a character position in the space-joined normal form. */
function tokenAt(plain: string, charIndex: number): number {
  let count = 0;
  for (let i = 0; i < charIndex; i += 1) if (plain[i] === ' ') count += 1;
  return count;
}

interface Clause {
  text: string;
  plain: string;
}

function clauseFrom(turn: Turn, start: number, nextStart: number): Clause | undefined {
  const tokens = turn.norm.tokens;
  const rest = tokens
    .slice(start)
    .map((t) => t.text)
    .join(' ');
  if (IN_CALL_ACTION.test(rest)) return undefined;
  let end = start;
  const limit = Math.min(nextStart, start + MAX_CLAUSE_WORDS);
  for (let k = start + 1; k < limit; k += 1) {
    if (sentenceEndsBetween(turn, tokens[k - 1]!.word, tokens[k]!.word)) break;
    const from = tokens
      .slice(k)
      .map((t) => t.text)
      .join(' ');
    if (k > start + MIN_CLAUSE_WORDS && CLAUSE_BREAK.test(from)) break;
    end = k;
  }
  const words = turn.norm.words;
  const wordCount = tokens[end]!.word - tokens[start]!.word + 1;
  if (end - start + 1 < MIN_CLAUSE_WORDS && wordCount < MIN_CLAUSE_WORDS) return undefined;
  while (end > start && TRAILING_JOINER.has(tokens[end]!.text)) end -= 1;
  const text = turn.text
    .slice(words[tokens[start]!.word]!.start, words[tokens[end]!.word]!.end)
    .replace(/[\s,;:–—-]+$/, '');
  const plain = tokens
    .slice(start, end + 1)
    .map((t) => t.text)
    .join(' ');
  return { text, plain };
}

function sentenceEndsBetween(turn: Turn, wordA: number, wordB: number): boolean {
  if (wordA === wordB) return false;
  const a = turn.norm.words[wordA];
  const b = turn.norm.words[wordB];
  if (!a || !b) return false;
  return /[.!?]/.test(turn.text.slice(a.end, b.start));
}
