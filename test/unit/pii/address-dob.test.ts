import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/pii/index.js';

describe('street addresses', () => {
  it.each([
    ['221B Baker Street', 'I live at [PII], London'],
    ['22 Acacia Ave', 'I live at [PII], London'],
    ['1600 Pennsylvania Avenue', 'I live at [PII], London'],
    ['12-14 High Rd', 'I live at [PII], London'],
  ])('redacts written %s as one span', (address, expected) => {
    expect(redactText(`I live at ${address}, London`)).toEqual({
      text: expected,
      counts: { ADDRESS: 1 },
      total: 1,
    });
  });

  it.each([
    'twenty two baker street',
    'one hundred and five north king road',
    'two two one baker street',
    'forty two acacia avenue',
    'seven old mill lane',
  ])('redacts spoken "%s"', (address) => {
    expect(redactText(`it's ${address} in town`)).toEqual({
      text: "it's [PII] in town",
      counts: { ADDRESS: 1 },
      total: 1,
    });
  });

  it('redacts ambiguous suffixes (close, way, drive) only with an address cue or digits', () => {
    expect(redactText('my address is fourteen willow close').text).toBe('my address is [PII]');
    expect(redactText('14 Willow Close').text).toBe('[PII]');
    expect(redactText('there is one more way to pay').total).toBe(0);
    expect(redactText('that is a five star place').total).toBe(0);
  });

  it('does not read everyday phrases as addresses', () => {
    for (const text of [
      "it's a one way street",
      "it's a two hour drive",
      'about a ten minute walk',
      'a two lane',
    ] as const) {
      expect(redactText(text).counts.ADDRESS).toBeUndefined();
    }
  });
});

describe('dates of birth', () => {
  it.each([
    ['date of birth 12/03/1985', 'date of birth [PII]'],
    ['DOB: 1985-03-12.', 'DOB: [PII].'],
    ['my birthday is March 12, 1985', 'my birthday is [PII]'],
    ['born on 12th March 1985', 'born on [PII]'],
  ])('redacts written "%s"', (text, expected) => {
    expect(redactText(text)).toEqual({ text: expected, counts: { DATE_OF_BIRTH: 1 }, total: 1 });
  });

  it.each([
    ['my date of birth is twelfth of march nineteen eighty five', 'my date of birth is [PII]'],
    ['date of birth the twenty first of june two thousand and three', 'date of birth the [PII]'],
    ['i was born on march twelfth nineteen eighty five', 'i was born on [PII]'],
    ['born in nineteen ninety', 'born in [PII]'],
    ['date of birth one two oh three eighty five', 'date of birth [PII]'],
  ])('redacts spoken "%s"', (text, expected) => {
    expect(redactText(text)).toEqual({ text: expected, counts: { DATE_OF_BIRTH: 1 }, total: 1 });
  });

  it('follows a cue from the previous turn', () => {
    expect(
      redactText('and your date of birth please\nfourteenth of july nineteen ninety').text,
    ).toBe('and your date of birth please\n[PII]');
  });

  it('leaves dates without a birth cue alone', () => {
    expect(redactText('your payment of twelfth of march nineteen eighty five is due').total).toBe(
      0,
    );
    expect(redactText('the appointment is on 12/03/2025').total).toBe(0);
  });
});
