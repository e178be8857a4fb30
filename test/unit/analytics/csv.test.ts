import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../src/analytics/csv.js';

describe('CSV', () => {
  it('writes a header and CRLF-terminated rows in column order', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { b: 2, a: 1 },
          { a: 'x', b: null },
        ],
      ),
    ).toBe('a,b\r\n1,2\r\nx,\r\n');
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
    [true, 'true'],
    [0.25, '0.25'],
    [['greet_01', 'empathy_02'], '"[""greet_01"",""empathy_02""]"'],
  ])('quotes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
