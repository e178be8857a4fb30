import { DIGIT_HOMOPHONES, DIGIT_WORDS, TEENS, TENS } from './spoken-numbers.js';
import { continues, type Token } from './tokenize.js';

/** One spoken or written piece of a number: "4539", "double five", "forty five", "oh". */
export interface DigitItem {
  digits: string;
  start: number;
  end: number;
  /** Token index of the item and the index after it. */
  first: number;
  next: number;
  /** A single digit said as a word, which "hundred"/"thousand" may follow. */
  singleSpoken: boolean;
}

/** A maximal run of digit items: the raw material of card, phone, SSN and ZIP detection. */
export interface DigitRun {
  items: DigitItem[];
  digits: string;
  start: number;
  end: number;
  first: number;
  next: number;
}

const REPEATS: Readonly<Record<string, number>> = { double: 2, triple: 3, treble: 3 };
const FILLERS = new Set(['uh', 'um', 'er', 'erm', 'ah', 'hmm']);
const WRITTEN_DIGITS = /^\d+(?:[-.]\d+)*$/;

export function findDigitRuns(text: string, tokens: readonly Token[]): DigitRun[] {
  const runs: DigitRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    const run = readRun(text, tokens, i);
    if (run === null) {
      i++;
      continue;
    }
    runs.push(run);
    i = run.next;
  }
  return runs;
}

function readRun(text: string, tokens: readonly Token[], i: number): DigitRun | null {
  const first = readItem(text, tokens, i, undefined) ?? readPlus(text, tokens, i);
  if (first === null) return null;
  const items = [first];
  let prev = first;
  for (;;) {
    const item = readItem(text, tokens, prev.next, prev) ?? readInterior(text, tokens, prev);
    if (item === null) break;
    if (item.digits !== '' || item.next > prev.next) items.push(item);
    prev = item;
  }
  const last = items[items.length - 1] ?? first;
  const digits = items.map((it) => it.digits).join('');
  if (digits === '') return null;
  return { items, digits, start: first.start, end: last.end, first: first.first, next: last.next };
}

/** "plus four four ..." opens an international number. */
function readPlus(text: string, tokens: readonly Token[], i: number): DigitItem | null {
  const t = tokens[i];
  if (t?.word !== 'plus' || t.marker) return null;
  const plus = {
    digits: '',
    start: t.start,
    end: t.end,
    first: i,
    next: i + 1,
    singleSpoken: false,
  };
  return readItem(text, tokens, i + 1, plus) === null ? null : plus;
}

/** Homophones and fillers count only between real digits: "five for six", "four uh two". */
function readInterior(text: string, tokens: readonly Token[], prev: DigitItem): DigitItem | null {
  const i = prev.next;
  const t = tokens[i];
  if (t === undefined || !continues(tokens, i)) return null;
  const homophone = DIGIT_HOMOPHONES[t.word];
  const isFiller = FILLERS.has(t.word);
  if (homophone === undefined && !isFiller) return null;
  const item = {
    digits: homophone ?? '',
    start: t.start,
    end: t.end,
    first: i,
    next: i + 1,
    singleSpoken: true,
  };
  return readItem(text, tokens, i + 1, item) === null ? null : item;
}

function readItem(
  text: string,
  tokens: readonly Token[],
  i: number,
  prev: DigitItem | undefined,
): DigitItem | null {
  const t = tokens[i];
  if (t === undefined || t.marker) return null;
  if (prev !== undefined && !continues(tokens, i)) return null;
  return readWritten(text, t, i) ?? readSpoken(tokens, i, prev);
}

/** "4539", "(555)", "+44", "555-123-4567", "555.123.4567"; not amounts like "$400" or "4.5". */
function readWritten(text: string, t: Token, i: number): DigitItem | null {
  const core = text.slice(t.start, t.end).replace(/[()]/g, '');
  if (!WRITTEN_DIGITS.test(core)) return null;
  if (core.includes('.') && core.split('.').some((g) => g.length < 3)) return null;
  const prefix = text.slice(t.chunkStart, t.start);
  const suffix = text.slice(t.end, t.chunkEnd);
  if (!/^[+(]*$/.test(prefix) || !/^\)?[,.;:?!]*$/.test(suffix)) return null;
  const end = suffix.startsWith(')') ? t.end + 1 : t.end;
  const digits = core.replace(/\D/g, '');
  return { digits, start: t.chunkStart, end, first: i, next: i + 1, singleSpoken: false };
}

function readSpoken(
  tokens: readonly Token[],
  i: number,
  prev: DigitItem | undefined,
): DigitItem | null {
  const t = tokens[i];
  if (t === undefined) return null;
  const w = t.word;
  const item = (digits: string, next: number, singleSpoken = false): DigitItem => ({
    digits,
    start: t.start,
    end: (tokens[next - 1] ?? t).end,
    first: i,
    next,
    singleSpoken,
  });
  const single = DIGIT_WORDS[w];
  if (single !== undefined) return item(single, i + 1, true);
  const teen = TEENS[w];
  if (teen !== undefined) return item(String(teen), i + 1);
  const tens = TENS[w];
  if (tens !== undefined) return readTens(tokens, i, tens, item);
  const times = REPEATS[w];
  if (times !== undefined) return readRepeat(tokens, i, times, item);
  if (prev?.singleSpoken && (w === 'hundred' || w === 'thousand'))
    return item(w === 'hundred' ? '00' : '000', i + 1);
  return null;
}

function readTens(
  tokens: readonly Token[],
  i: number,
  tens: number,
  item: (digits: string, next: number) => DigitItem,
): DigitItem {
  const unit = continues(tokens, i + 1) ? DIGIT_WORDS[tokens[i + 1]?.word ?? ''] : undefined;
  const spokenUnit = unit !== undefined && unit !== '0';
  return spokenUnit ? item(String(tens / 10) + unit, i + 2) : item(String(tens), i + 1);
}

/** "double five", "triple 0". */
function readRepeat(
  tokens: readonly Token[],
  i: number,
  times: number,
  item: (digits: string, next: number) => DigitItem,
): DigitItem | null {
  if (!continues(tokens, i + 1)) return null;
  const w = tokens[i + 1]?.word ?? '';
  const digit = DIGIT_WORDS[w] ?? (/^\d$/.test(w) ? w : undefined);
  return digit === undefined ? null : item(digit.repeat(times), i + 2);
}
