import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/pii/index.js';

describe('US social security numbers', () => {
  it('redacts the written 123-45-6789 form without a cue', () => {
    expect(redactText('it is 123-45-6789.')).toEqual({
      text: 'it is [PII].',
      counts: { SSN: 1 },
      total: 1,
    });
  });

  it('redacts nine spoken digits after an SSN cue', () => {
    expect(
      redactText('my social security number is one two three four five six seven eight nine'),
    ).toEqual({
      text: 'my social security number is [PII]',
      counts: { SSN: 1 },
      total: 1,
    });
    expect(redactText('ssn 123 45 6789').counts).toEqual({ SSN: 1 });
  });

  it('does not call nine digits an SSN without a cue', () => {
    expect(
      redactText('we counted one two three four five six seven eight nine').counts.SSN,
    ).toBeUndefined();
  });
});

describe('postcodes', () => {
  it.each(['SW1A 1AA', 'M1 1AE', 'B33 8TH', 'cr2 6xh', 'EC1A1BB'])(
    'redacts written UK postcode %s anywhere',
    (pc) => {
      expect(redactText(`deliver it to ${pc} please`).counts.POSTCODE).toBe(1);
    },
  );

  it('leaves ordinals and paper sizes alone', () => {
    expect(redactText('on the a4 2nd floor and the b2 3rd desk').total).toBe(0);
  });

  it('redacts a UK postcode spelled out after a cue', () => {
    expect(redactText('my postcode is s w one a one a a thanks')).toEqual({
      text: 'my postcode is [PII] thanks',
      counts: { POSTCODE: 1 },
      total: 1,
    });
    expect(redactText('post code is n w double one six x e').text).toBe('post code is [PII]');
  });

  it('does not read spoken letters as a postcode without a cue', () => {
    expect(redactText('s w one a one a a').total).toBe(0);
  });

  it('redacts a US ZIP code after a cue, written or spoken', () => {
    expect(redactText('my zip code is 90210').text).toBe('my zip code is [PII]');
    expect(redactText('zip is nine oh two one oh').text).toBe('zip is [PII]');
    expect(redactText('zip 90210-1234').text).toBe('zip [PII]');
  });

  it('redacts a ZIP after a state or an address', () => {
    expect(redactText('Springfield, IL 62704').text).toBe('Springfield, IL [PII]');
    expect(redactText('123 Main Street Springfield six two seven oh four')).toEqual({
      text: '[PII] Springfield [PII]',
      counts: { ADDRESS: 1, POSTCODE: 1 },
      total: 2,
    });
  });

  it('leaves a bare five-digit number alone', () => {
    expect(redactText('the meter reads one two three four five').total).toBe(0);
  });
});
