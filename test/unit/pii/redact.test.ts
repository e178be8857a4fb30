import { describe, expect, it } from 'vitest';
import { PII_TYPES, detectPii, redactText } from '../../../src/core/pii/index.js';

const CALL =
  'my name is olumide okonkwo my card is 4539 1488 0343 6467 and my email is o dot okonkwo at example dot com ' +
  'my mobile is oh seven seven double oh nine oh oh one two three ' +
  'i live at twenty two baker street postcode s w one a one a a ' +
  'date of birth twelfth of march nineteen eighty five and my ssn is 123-45-6789';

describe('redactText', () => {
  it('redacts every entity of a call and counts each type', () => {
    const result = redactText(CALL);
    expect(result.counts).toEqual({
      NAME: 1,
      CREDIT_DEBIT_NUMBER: 1,
      EMAIL: 1,
      PHONE: 1,
      ADDRESS: 1,
      POSTCODE: 1,
      DATE_OF_BIRTH: 1,
      SSN: 1,
    });
    expect(result.total).toBe(8);
    expect(result.text).toBe(
      'my name is [PII] my card is [PII] and my email is [PII] my mobile is [PII] i live at [PII] postcode [PII] ' +
        'date of birth [PII] and my ssn is [PII]',
    );
  });

  it('only detects the requested types', () => {
    const result = redactText(CALL, { types: ['EMAIL', 'SSN'] });
    expect(result.counts).toEqual({ EMAIL: 1, SSN: 1 });
    expect(result.text).toContain('4539 1488 0343 6467');
    expect(redactText(CALL, { types: [] })).toEqual({ text: CALL, counts: {}, total: 0 });
  });

  it('returns sorted, non-overlapping spans with offsets into the input', () => {
    const spans = detectPii(CALL);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
    const card = spans.find((s) => s.type === 'CREDIT_DEBIT_NUMBER');
    expect(card && CALL.slice(card.start, card.end)).toBe('4539 1488 0343 6467');
    const email = spans.find((s) => s.type === 'EMAIL');
    expect(email && CALL.slice(email.start, email.end)).toBe('o dot okonkwo at example dot com');
  });

  it('keeps the longer entity when two overlap (an e-mail that contains a name)', () => {
    expect(redactText('john dot smith at example dot com').counts).toEqual({ EMAIL: 1 });
  });

  it('keeps the card type when a card number is also phone-cued', () => {
    expect(redactText('the number on my card is 4539 1488 0343 6467').counts).toEqual({
      CREDIT_DEBIT_NUMBER: 1,
    });
  });

  it('finds nothing new in its own output', () => {
    const once = redactText(CALL).text;
    expect(redactText(once)).toEqual({ text: once, counts: {}, total: 0 });
  });

  it('lists the documented types', () => {
    expect(PII_TYPES).toEqual([
      'CREDIT_DEBIT_NUMBER',
      'PHONE',
      'EMAIL',
      'SSN',
      'POSTCODE',
      'ADDRESS',
      'DATE_OF_BIRTH',
      'NAME',
    ]);
  });
});
