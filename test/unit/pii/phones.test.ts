import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/pii/index.js';

describe('phone numbers', () => {
  it.each([
    ['+44 20 7946 0958'],
    ['(555) 123-4567'],
    ['07700 900123'],
    ['555-123-4567'],
    ['555.123.4567'],
  ])('redacts written %s', (phone) => {
    expect(redactText(`you can reach us at ${phone} any time`)).toEqual({
      text: 'you can reach us at [PII] any time',
      counts: { PHONE: 1 },
      total: 1,
    });
  });

  it('redacts a spoken national number with oh and double', () => {
    expect(redactText('it is oh seven seven double oh nine oh oh one two three thanks').text).toBe(
      'it is [PII] thanks',
    );
  });

  it('redacts a spoken international number starting with plus', () => {
    expect(redactText('plus four four two oh seven nine four six oh nine five eight').text).toBe(
      '[PII]',
    );
  });

  it('redacts a short spoken number only after a phone cue', () => {
    expect(redactText('my mobile is five five five one two three four').text).toBe(
      'my mobile is [PII]',
    );
    expect(redactText('call me on five five five one two three four').counts).toEqual({ PHONE: 1 });
    expect(redactText('we counted five five five one two three four').total).toBe(0);
  });

  it('redacts a written local number like 555-1234', () => {
    expect(redactText('dial 555-1234').text).toBe('dial [PII]');
  });

  it('leaves order and reference numbers of non-phone length alone', () => {
    expect(
      redactText('your reference number is seven eight nine four five six one two').total,
    ).toBe(0);
  });
});
