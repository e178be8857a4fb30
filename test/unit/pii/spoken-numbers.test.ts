import { describe, expect, it } from 'vitest';
import { findDigitRuns } from '../../../src/core/pii/digit-runs.js';
import { parseCardinal, parseDay, parseYear } from '../../../src/core/pii/spoken-numbers.js';
import { tokenize } from '../../../src/core/pii/tokenize.js';

const runDigits = (text: string): string[] =>
  findDigitRuns(text, tokenize(text)).map((r) => r.digits);
const tokens = (text: string) => tokenize(text);

describe('digit runs', () => {
  it('reads spoken digits, oh/o/zero and double/triple', () => {
    expect(runDigits('oh seven seven double oh nine triple five o one')).toEqual(['07700955501']);
  });

  it('reads grouped numbers and teens', () => {
    expect(runDigits('forty five thirty nine twelve')).toEqual(['453912']);
    expect(runDigits('one eight hundred five five five')).toEqual(['1800555']);
  });

  it('reads written digits with spaces, dashes, dots, brackets and a plus', () => {
    expect(runDigits('call +44 20 7946 0958 now')).toEqual(['442079460958']);
    expect(runDigits('(555) 123-4567')).toEqual(['5551234567']);
    expect(runDigits('555.123.4567')).toEqual(['5551234567']);
  });

  it('mixes written and spoken digits in one run', () => {
    expect(runDigits('four five three nine 1488')).toEqual(['45391488']);
  });

  it('keeps homophones and fillers only between digits', () => {
    expect(runDigits('five for six uh two')).toEqual(['5462']);
    expect(runDigits('two for the price of one')).toEqual(['2', '1']);
  });

  it('does not read amounts and decimals as digit groups', () => {
    expect(runDigits('$400 and 4.5 and 1,000')).toEqual([]);
  });

  it('includes a spoken "plus" only when digits follow', () => {
    const text = 'plus four four';
    const [run] = findDigitRuns(text, tokenize(text));
    expect(run?.start).toBe(0);
    expect(runDigits('plus tax')).toEqual([]);
  });

  it('stops at a line break', () => {
    expect(runDigits('one two\nthree four')).toEqual(['12', '34']);
  });
});

describe('number phrases', () => {
  it('parses cardinals', () => {
    expect(parseCardinal(tokens('one hundred and five'), 0)).toEqual({ value: 105, next: 4 });
    expect(parseCardinal(tokens('twenty two baker'), 0)).toEqual({ value: 22, next: 2 });
    expect(parseCardinal(tokens('two thousand and three'), 0)).toEqual({ value: 2003, next: 4 });
    expect(parseCardinal(tokens('baker'), 0)).toBeNull();
  });

  it('parses days', () => {
    expect(parseDay(tokens('twelfth'), 0)?.value).toBe(12);
    expect(parseDay(tokens('twenty first'), 0)?.value).toBe(21);
    expect(parseDay(tokens('3rd'), 0)?.value).toBe(3);
    expect(parseDay(tokens('forty'), 0)).toBeNull();
  });

  it('parses years', () => {
    expect(parseYear(tokens('nineteen eighty five'), 0, false)?.value).toBe(1985);
    expect(parseYear(tokens('nineteen oh three'), 0, false)?.value).toBe(1903);
    expect(parseYear(tokens('two thousand and three'), 0, false)?.value).toBe(2003);
    expect(parseYear(tokens('twenty twenty'), 0, false)?.value).toBe(2020);
    expect(parseYear(tokens('eighty five'), 0, false)).toBeNull();
    expect(parseYear(tokens('eighty five'), 0, true)?.value).toBe(85);
  });
});
