import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPii, redactText } from '../../../src/core/pii/index.js';

/** Words that exercise every detector, so random sentences often hold (parts of) entities. */
const VOCAB = [
  'my',
  'name',
  'is',
  'card',
  'number',
  'phone',
  'email',
  'at',
  'dot',
  'com',
  'co',
  'uk',
  'underscore',
  'dash',
  'oh',
  'o',
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
  'double',
  'triple',
  'twenty',
  'forty',
  'hundred',
  'and',
  'plus',
  'street',
  'road',
  'close',
  'baker',
  'date',
  'of',
  'birth',
  'march',
  'twelfth',
  'nineteen',
  'eighty',
  'postcode',
  's',
  'w',
  'a',
  'social',
  'security',
  "i'm",
  'sarah',
  'smith',
  'spelled',
  'mr',
  'the',
  'bill',
  'look',
  '4539',
  '1488',
  '0343',
  '6467',
  '555-123-4567',
  'john.smith@example.com',
  'SW1A',
  '1AA',
  '123-45-6789',
  '90210',
  '[PII]',
  ',',
  '.',
  '\n',
  'example',
  'zip',
  'for',
  'to',
  'uh',
];

const sentence = fc
  .array(fc.constantFrom(...VOCAB), { maxLength: 40 })
  .map((words) => words.join(' '));
const anyText = fc.oneof(
  sentence,
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);

describe('redactText properties', () => {
  it('never throws and returns consistent counts', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = redactText(text);
        const sum = Object.values(result.counts).reduce((a, b) => a + b, 0);
        expect(sum).toBe(result.total);
        expect(result.text.split('[PII]').length - 1).toBeGreaterThanOrEqual(result.total);
      }),
      { numRuns: 300 },
    );
  });

  it('finds no new card number or e-mail in its own output', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = redactText(text).text;
        expect(detectPii(once, { types: ['CREDIT_DEBIT_NUMBER', 'EMAIL'] })).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('grows the text by at most the inserted markers', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = redactText(text);
        // Each entity is at least one character and becomes the five-character marker.
        expect(result.text.length).toBeLessThanOrEqual(text.length + 4 * result.total);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the text outside the spans unchanged', () => {
    fc.assert(
      fc.property(sentence, (text) => {
        const spans = detectPii(text);
        const outside = spans.reduceRight(
          (acc, s) => acc.slice(0, s.start) + acc.slice(s.end),
          text,
        );
        const redactedOutside = redactText(text).text.split('[PII]').join('');
        expect(redactedOutside).toBe(outside.split('[PII]').join(''));
      }),
      { numRuns: 200 },
    );
  });
});
