import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/pii/index.js';

const names = (text: string) => redactText(text, { types: ['NAME'] });

describe('person names', () => {
  it('finds capitalised names in written text with compromise', () => {
    expect(names('Hello, I spoke to Mary Jones yesterday.').text).toBe(
      'Hello, I spoke to [PII] yesterday.',
    );
    expect(names('Is that Dr. Alice Brown?').text).toBe('Is that Dr. [PII]?');
  });

  it.each([
    [
      'my name is john smith and i am calling about my bill',
      'my name is [PII] and i am calling about my bill',
    ],
    ['my name is olumide okonkwo', 'my name is [PII]'],
    ['hi this is priya speaking how can i help', 'hi this is [PII] speaking how can i help'],
    ["you're speaking with sarah today", "you're speaking with [PII] today"],
    ["hello i'm olumide from the billing team", "hello i'm [PII] from the billing team"],
    ["i'm sarah", "i'm [PII]"],
    ['thank you mr jones', 'thank you mr [PII]'],
    ['can i speak to mrs okafor please', 'can i speak to mrs [PII] please'],
    ['and your surname is nakamura', 'and your surname is [PII]'],
  ])('redacts spoken "%s"', (text, expected) => {
    const result = names(text);
    expect(result.text).toBe(expected);
    expect(result.counts).toEqual({ NAME: 1 });
  });

  it('redacts a spelled-out name as one entity', () => {
    expect(names('that is spelled o k a f o r').text).toBe('that is spelled [PII]');
    expect(names("it's spelt j o double n e s thanks").text).toBe("it's spelt [PII] thanks");
  });

  it('redacts a learned name where it recurs', () => {
    expect(names('my name is priyanka\nthank you priyanka').text).toBe(
      'my name is [PII]\nthank you [PII]',
    );
  });

  it('does not take ordinary words after a name cue', () => {
    for (const text of [
      "i'm sorry to hear that",
      "i'm happy to help",
      "i'm calling about my order",
      "i'm just going to put you on hold",
      "i'm afraid not",
      'my name is fine thanks',
      'my name is on the account',
      'this is great thank you',
      'thanks for holding',
      'i miss the old tariff',
    ]) {
      expect(names(text).total, text).toBe(0);
    }
  });

  it('does not run a name into the next word', () => {
    expect(names('my name is john and my wife is on the account').text).toBe(
      'my name is [PII] and my wife is on the account',
    );
    expect(names('my name is john. thanks').text).toBe('my name is [PII]. thanks');
  });
});
