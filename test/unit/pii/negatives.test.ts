import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/pii/index.js';

/** Ordinary contact-centre speech, lowercase as pocketsphinx writes it: nothing to redact. */
const ORDINARY = [
  'i will look at that for you',
  'it costs twenty five pounds',
  'thank you for calling',
  "i'm sorry to hear that",
  'the order number is in the email',
  'can you call me back tomorrow',
  'four hundred dollars',
  'the total is twelve thousand four hundred and thirty two pounds',
  'press one for billing or two for meter readings',
  "we're open monday to friday nine to five",
  'it should arrive within five to seven working days',
  'is there anything else i can help you with today',
  'your reference number is seven eight nine four five six one two',
  'i paid two hundred and forty pounds on the third of may',
  'have a lovely day bye',
  'the new bill will be one hundred and ten pounds',
  "i'm just going to put you on hold for two minutes",
  'we will e mail it to you at the end of the week',
  'my account is in my wife name',
  'can i take the first line of your address',
];

describe('ordinary speech is not redacted', () => {
  it.each(ORDINARY)('"%s"', (text) => {
    const result = redactText(text);
    expect(result).toEqual({ text, counts: {}, total: 0 });
  });
});
