import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/pii/index.js';

// 4539 1488 0343 6467 is a made-up, Luhn-valid test number; ...6468 fails Luhn.
describe('credit/debit card numbers', () => {
  it('redacts a written Luhn-valid number with spaces or dashes', () => {
    expect(redactText('my card is 4539 1488 0343 6467 thanks')).toEqual({
      text: 'my card is [PII] thanks',
      counts: { CREDIT_DEBIT_NUMBER: 1 },
      total: 1,
    });
    expect(redactText('use 4539-1488-0343-6467.').text).toBe('use [PII].');
    expect(redactText('Amex 378282246310005 ok').text).toBe('Amex [PII] ok');
  });

  it('redacts a spoken number with oh, zero, double and triple', () => {
    const spoken =
      'it is four five three nine one four double eight oh three four three six four six seven ok';
    expect(redactText(spoken)).toMatchObject({
      text: 'it is [PII] ok',
      counts: { CREDIT_DEBIT_NUMBER: 1 },
    });
    expect(
      redactText('triple five triple five triple five triple five four four four four').counts,
    ).toEqual({
      CREDIT_DEBIT_NUMBER: 1,
    });
  });

  it('redacts a number spoken in two-digit groups', () => {
    expect(
      redactText(
        'forty five thirty nine fourteen eighty eight oh three forty three sixty four sixty seven',
      ).text,
    ).toBe('[PII]');
  });

  it('does not count a Luhn-invalid 16-digit number as a card without a card cue', () => {
    const result = redactText('the value is 4539 1488 0343 6468');
    expect(result.counts.CREDIT_DEBIT_NUMBER).toBeUndefined();
    expect(result.text).toBe('the value is 4539 1488 0343 6468');
  });

  it('redacts a Luhn-invalid run after a card cue (a misheard digit must not leak the number)', () => {
    expect(
      redactText(
        'my card number is four five three nine one four eight eight oh three four three six four six eight',
      ),
    ).toEqual({
      text: 'my card number is [PII]',
      counts: { CREDIT_DEBIT_NUMBER: 1 },
      total: 1,
    });
  });

  it('finds a card inside a longer run (a leading "oh", a trailing expiry date)', () => {
    expect(
      redactText(
        'oh four five three nine one four eight eight oh three four three six four six seven one two two five',
      ).text,
    ).toBe('oh [PII] one two two five');
  });

  it('counts two cards read back to back as two', () => {
    const result = redactText('4539 1488 0343 6467 4539 1488 0343 6467');
    expect(result.counts).toEqual({ CREDIT_DEBIT_NUMBER: 2 });
    expect(result.text).toBe('[PII] [PII]');
  });
});
