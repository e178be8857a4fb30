import { continues, type Token } from './tokenize.js';

/** Speech-to-text writes numbers as words; these tables read them back. */
export const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

export const TEENS: Readonly<Record<string, number>> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

export const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const ORDINAL_UNITS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
};

const ORDINALS: Readonly<Record<string, number>> = {
  ...ORDINAL_UNITS,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};

/** Words a recogniser writes for a digit it misheard; trusted only between real digits. */
export const DIGIT_HOMOPHONES: Readonly<Record<string, string>> = {
  to: '2',
  too: '2',
  for: '4',
  won: '1',
  ate: '8',
};

/** A parsed number phrase: its value and the index of the token after it. */
export interface Parsed<T> {
  value: T;
  next: number;
}

/** The word at j when it belongs to the same phrase as the token at `from`. */
export function wordAt(tokens: readonly Token[], from: number, j: number): string | undefined {
  const t = tokens[j];
  if (t === undefined || t.marker) return undefined;
  if (j > from && !continues(tokens, j)) return undefined;
  return t.word;
}

export function isNumberWord(word: string): boolean {
  return (
    word in DIGIT_WORDS ||
    word in TEENS ||
    word in TENS ||
    word === 'hundred' ||
    word === 'thousand' ||
    word === 'double' ||
    word === 'triple' ||
    /^\d/.test(word)
  );
}

function unitAt(tokens: readonly Token[], from: number, j: number): number | undefined {
  const w = wordAt(tokens, from, j);
  if (w === undefined || w === 'oh' || w === 'o' || w === 'nought') return undefined;
  const d = DIGIT_WORDS[w];
  return d === undefined ? undefined : Number(d);
}

/** 0–99 in words: "seven", "twelve", "forty five". */
export function parseBelowHundred(
  tokens: readonly Token[],
  i: number,
  from = i,
): Parsed<number> | null {
  const w = wordAt(tokens, from, i);
  if (w === undefined) return null;
  const teen = TEENS[w];
  if (teen !== undefined) return { value: teen, next: i + 1 };
  const tens = TENS[w];
  if (tens !== undefined) {
    const unit = unitAt(tokens, from, i + 1);
    return unit !== undefined && unit > 0
      ? { value: tens + unit, next: i + 2 }
      : { value: tens, next: i + 1 };
  }
  const unit = unitAt(tokens, from, i);
  return unit === undefined ? null : { value: unit, next: i + 1 };
}

function parseBelowThousand(
  tokens: readonly Token[],
  i: number,
  from: number,
): Parsed<number> | null {
  const head = parseBelowHundred(tokens, i, from);
  if (head === null) return null;
  if (head.value >= 10 || wordAt(tokens, from, head.next) !== 'hundred') return head;
  const hundreds = { value: head.value * 100, next: head.next + 1 };
  return addRest(tokens, hundreds, from, parseBelowHundred);
}

/** Adds "[and] <rest>" after a hundred or thousand, when a rest follows. */
function addRest(
  tokens: readonly Token[],
  base: Parsed<number>,
  from: number,
  parseRest: (tokens: readonly Token[], i: number, from: number) => Parsed<number> | null,
): Parsed<number> {
  const afterAnd = wordAt(tokens, from, base.next) === 'and' ? base.next + 1 : base.next;
  const rest = parseRest(tokens, afterAnd, from);
  return rest === null ? base : { value: base.value + rest.value, next: rest.next };
}

/** A cardinal in words or digits: "twenty two", "one hundred and five", "2 thousand", "221". */
export function parseCardinal(tokens: readonly Token[], i: number): Parsed<number> | null {
  const w = wordAt(tokens, i, i);
  if (w !== undefined && /^\d+$/.test(w)) return { value: Number(w), next: i + 1 };
  const head = parseBelowThousand(tokens, i, i);
  if (head === null) return null;
  if (wordAt(tokens, i, head.next) !== 'thousand') return head;
  return addRest(tokens, { value: head.value * 1000, next: head.next + 1 }, i, parseBelowThousand);
}

/** A day of the month: "twelfth", "twenty first", "12th", "12", "twelve". */
export function parseDay(tokens: readonly Token[], i: number): Parsed<number> | null {
  const w = wordAt(tokens, i, i);
  if (w === undefined) return null;
  const written = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(w);
  if (written) return dayOrNull(Number(written[1]), i + 1);
  const ordinal = ORDINALS[w];
  if (ordinal !== undefined) return { value: ordinal, next: i + 1 };
  const tens = TENS[w];
  const unitOrdinal = ORDINAL_UNITS[wordAt(tokens, i, i + 1) ?? ''];
  if (tens !== undefined && unitOrdinal !== undefined) return dayOrNull(tens + unitOrdinal, i + 2);
  const cardinal = parseBelowHundred(tokens, i);
  return cardinal === null ? null : dayOrNull(cardinal.value, cardinal.next);
}

function dayOrNull(value: number, next: number): Parsed<number> | null {
  return value >= 1 && value <= 31 ? { value, next } : null;
}

/**
 * A year: "1985", "nineteen eighty five", "nineteen oh three", "two thousand and
 * three", "twenty twenty"; with `allowShort`, also "85" and "eighty five".
 */
export function parseYear(
  tokens: readonly Token[],
  i: number,
  allowShort: boolean,
): Parsed<number> | null {
  const w = wordAt(tokens, i, i);
  if (w === undefined) return null;
  if (/^\d{4}$/.test(w)) return { value: Number(w), next: i + 1 };
  if (/^\d{2}$/.test(w)) return allowShort ? { value: Number(w), next: i + 1 } : null;
  if (w === 'two' && wordAt(tokens, i, i + 1) === 'thousand') {
    return addRest(tokens, { value: 2000, next: i + 2 }, i, parseBelowHundred);
  }
  const century = TEENS[w] ?? (w === 'twenty' ? 20 : undefined);
  const tail = century === undefined ? null : parseYearTail(tokens, i + 1, i);
  if (century !== undefined && tail !== null)
    return { value: century * 100 + tail.value, next: tail.next };
  if (!allowShort) return null;
  return parseYearTail(tokens, i, i);
}

/** The last two digits of a spoken year: "eighty five", "oh three", "hundred". */
function parseYearTail(tokens: readonly Token[], i: number, from: number): Parsed<number> | null {
  const w = wordAt(tokens, from, i);
  if (w === undefined) return null;
  if (w === 'hundred') return { value: 0, next: i + 1 };
  if (w === 'oh' || w === 'o') {
    const unit = unitAt(tokens, from, i + 1);
    return unit === undefined ? null : { value: unit, next: i + 2 };
  }
  if (w in DIGIT_WORDS) return null;
  return parseBelowHundred(tokens, i, from);
}
