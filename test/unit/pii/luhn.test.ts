import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../../src/core/pii/index.js';

describe('luhnValid', () => {
  it('accepts known-valid test card numbers', () => {
    expect(luhnValid('4539148803436467')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true); // Amex test number
    expect(luhnValid('5555555555554444')).toBe(true);
  });

  it('rejects a number with one digit changed', () => {
    expect(luhnValid('4539148803436468')).toBe(false);
    expect(luhnValid('4539148803436476')).toBe(false);
  });

  it('rejects non-digit input', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4539 1488')).toBe(false);
  });
});
