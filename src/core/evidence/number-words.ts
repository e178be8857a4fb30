/**
 * Digits written out as the words speech-to-text produces ("3" → "three",
 * "24" → "twenty four", "2nd" → "second"), so a template phrase written with
 * digits matches a transcript that spells numbers out, and the other way round.
 */

const UNITS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const;

const TENS = [
  '',
  '',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
] as const;

const SCALES: ReadonlyArray<[number, string]> = [
  [1_000_000_000, 'billion'],
  [1_000_000, 'million'],
  [1_000, 'thousand'],
];

/** Cardinal word → ordinal word, for the last word of an ordinal number. */
const ORDINAL_OF: Readonly<Record<string, string>> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

/** Every word that can be part of a spoken number (used to keep numbers exact). */
export const NUMBER_WORDS: ReadonlySet<string> = new Set<string>([
  ...UNITS,
  ...TENS.filter(Boolean),
  'hundred',
  'thousand',
  'million',
  'billion',
  'point',
  ...Object.values(ORDINAL_OF),
  ...UNITS.slice(4).map((w) => `${w}th`),
  ...TENS.filter(Boolean).map((w) => `${w.slice(0, -1)}ieth`),
  'hundredth',
  'thousandth',
]);

/** Largest value spelt as a number; longer digit runs (account numbers) go digit by digit. */
const MAX_CARDINAL = 999_999_999_999;

function belowThousand(n: number): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) words.push(UNITS[hundreds] ?? '', 'hundred');
  if (rest >= 20) {
    words.push(TENS[Math.floor(rest / 10)] ?? '');
    if (rest % 10 > 0) words.push(UNITS[rest % 10] ?? '');
  } else if (rest > 0 || hundreds === 0) {
    words.push(UNITS[rest] ?? '');
  }
  return words;
}

export function cardinalWords(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_CARDINAL) return digitWords(String(n));
  if (n === 0) return ['zero'];
  const words: string[] = [];
  let rest = n;
  for (const [scale, name] of SCALES) {
    if (rest >= scale) {
      words.push(...belowThousand(Math.floor(rest / scale)), name);
      rest %= scale;
    }
  }
  if (rest > 0) words.push(...belowThousand(rest));
  return words;
}

export function ordinalWords(n: number): string[] {
  const words = cardinalWords(n);
  const last = words.pop() ?? '';
  const ordinal =
    ORDINAL_OF[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return [...words, ordinal];
}

/** "0044" → zero zero four four: codes and account numbers are read digit by digit. */
export function digitWords(digits: string): string[] {
  return [...digits].filter((d) => /\d/.test(d)).map((d) => UNITS[Number(d)] ?? d);
}

/**
 * Words for a numeric token such as "3", "1,500", "2.5", "21st" or "90s".
 * Numbers with a leading zero or more than twelve digits are read digit by digit.
 */
export function numberTokenWords(token: string): string[] {
  const m = /^(\d[\d,]*)(?:\.(\d+))?(st|nd|rd|th|s)?$/i.exec(token);
  if (!m) return digitWords(token);
  const integer = (m[1] ?? '').replace(/,/g, '');
  const suffix = (m[3] ?? '').toLowerCase();
  if ((integer.length > 1 && integer.startsWith('0')) || integer.length > 12) {
    return digitWords(integer);
  }
  const value = Number(integer);
  if (m[2] !== undefined) return [...cardinalWords(value), 'point', ...digitWords(m[2])];
  if (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th') {
    return ordinalWords(value);
  }
  const words = cardinalWords(value);
  if (suffix === 's') {
    // "90s" → "nineties"; a plural of the last word reads naturally enough.
    const last = words.pop() ?? '';
    words.push(last.endsWith('y') ? `${last.slice(0, -1)}ies` : `${last}s`);
  }
  return words;
}
