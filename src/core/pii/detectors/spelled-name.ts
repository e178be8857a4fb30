import { cueEndsAt, type Cue } from '../cues.js';
import { continues, type Token, type TokenRange } from '../tokenize.js';

const SPELL_CUES: readonly Cue[] = [['spelled'], ['spelt'], ['spelling'], ['spell']];
const SPELL_LEAD_INS = new Set([
  'is',
  "it's",
  'its',
  'it',
  'as',
  "that's",
  'thats',
  'that',
  'like',
]);
const LETTER_NAMES: Readonly<Record<string, string>> = {
  bee: 'b',
  cee: 'c',
  dee: 'd',
  gee: 'g',
  aitch: 'h',
  jay: 'j',
  kay: 'k',
  el: 'l',
  em: 'm',
  en: 'n',
  pee: 'p',
  cue: 'q',
  queue: 'q',
  ar: 'r',
  ess: 's',
  tee: 't',
  vee: 'v',
  ex: 'x',
  wye: 'y',
  zed: 'z',
  zee: 'z',
};

/** "spelled s m i t h", "that's spelt j o double n e". */
export function spelledNames(tokens: readonly Token[]): TokenRange[] {
  const names: TokenRange[] = [];
  for (let j = 0; j < tokens.length; j++) {
    if (!SPELL_CUES.some((c) => cueEndsAt(tokens, j, c))) continue;
    let s = j + 1;
    while (s < j + 4 && continues(tokens, s) && SPELL_LEAD_INS.has(tokens[s]?.word ?? '')) s++;
    const letters = spelledLettersFrom(tokens, s);
    if (letters) names.push(letters);
  }
  return names;
}

function spelledLettersFrom(tokens: readonly Token[], s: number): TokenRange | null {
  let count = 0;
  let last = -1;
  for (let i = s; i === s || continues(tokens, i);) {
    const w = tokens[i]?.word ?? '';
    const isLetter = (x: string): boolean => /^[a-z]$/.test(x) || x in LETTER_NAMES;
    if (isLetter(w)) {
      count++;
      last = i++;
    } else if (
      (w === 'double' || w === 'triple') &&
      isLetter(tokens[i + 1]?.word ?? '') &&
      continues(tokens, i + 1)
    ) {
      count += 2;
      last = i + 1;
      i += 2;
    } else if ((w === 'dash' || w === 'hyphen' || w === 'apostrophe') && count > 0) {
      i++;
    } else {
      break;
    }
  }
  return count >= 2 ? { first: s, last } : null;
}
