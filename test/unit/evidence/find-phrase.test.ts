import { describe, expect, it } from 'vitest';
import { findPhrase } from '../../../src/core/evidence/find-phrase.js';
import { buildTranscriptIndex } from '../../../src/core/evidence/transcript-index.js';
import type { PhraseRule } from '../../../src/core/qa-template/schema.js';
import { makeTranscript, type Turn } from './transcript-builder.js';

function find(turns: Turn[], phrase: string | string[], rule: Partial<PhraseRule> = {}) {
  const index = buildTranscriptIndex(makeTranscript(turns));
  const phrases = Array.isArray(phrase) ? phrase : [phrase];
  return findPhrase(index, { speaker: 'AGENT', ...rule, phrases });
}

const agent = (text: string, at = 0): Turn[] => [['AGENT', at, text, 6]];

describe('findPhrase: tolerant positives', () => {
  it.each([
    ['thank you for calling', 'good morning thank you for calling acme'],
    ['Thank you for calling!', 'good morning thank you for calling acme'],
    ["I'm sorry", 'oh i am so sorry to hear that'],
    ['i am sorry', "I'm sorry about that."],
    ['i will', "I'll send it over now."],
    ['within 3 business days', 'you should see it within three business days'],
    ['i apologise', 'i apologize for the wait'],
    ['anything else', 'is there any thing else i can do'],
    ['e-mail confirmation', 'i will send an email confirmation'],
    ['this call may be recorded', 'this call may be recordid for training'],
    ['this call may be recorded', 'this call may also be recorded'],
    ['thank you for calling', 'thanks you for calling'],
    ['how may i help', 'how can i help you today'],
    ['recorded for quality', 'calls are recorded for quality and training purposes'],
  ])('%j is found in %j', (phrase, text) => {
    expect(find(agent(text), phrase)).toBeDefined();
  });

  it('reports the transcript’s own words, not the phrase', () => {
    const match = find(agent('Oh, I’m SO sorry to hear that.'), 'i am sorry');
    expect(match?.quote).toBe('I’m SO sorry');
    expect(match?.phrase).toBe('i am sorry');
  });

  it('matches across two consecutive segments of the same speaker', () => {
    const match = find(
      [
        ['AGENT', 0, 'just so you know this call', 2],
        ['AGENT', 2, 'may be recorded for training', 3],
      ],
      'this call may be recorded',
    );
    expect(match?.quote).toBe('this call may be recorded');
    expect(match?.segmentIndex).toBe(0);
  });

  it('estimates the offset from the word position within the segment', () => {
    const match = find(
      [['AGENT', 10, 'one two three four five six seven eight i will call you', 12]],
      'i will call you',
    );
    // word 9 of 12 in a segment from 10 s to 22 s
    expect(match?.offsetMs).toBe(18_000);
    expect(match?.endMs).toBe(22_000);
  });

  it('returns the earliest of several alternatives', () => {
    const match = find(
      [
        ['AGENT', 0, 'hello there', 2],
        ['AGENT', 20, 'good morning', 2],
      ],
      ['good morning', 'hello'],
    );
    expect(match?.quote).toBe('hello');
  });
});

describe('findPhrase: near misses that must not match', () => {
  it.each([
    ['i will', 'i will not be able to do that'],
    ['i will send you', 'i will not send you anything'],
    ['i am sorry', 'i am not sorry'],
    ['sorry to hear', "well i'm not sorry to hear that"],
    ['i understand', "i don't understand what you mean"],
    ['this call is recorded', 'this call is not recorded'],
    ['has been resolved', 'has not been resolved'],
    ['i can help', "i can't help with that"],
    ['within 15 days', 'within fifty days'],
    ['within 3 business days', 'within five business days'],
    ['thank you for calling', 'thank you for holding'],
    ['this call may be recorded', 'this call will not be recorded'],
    ['i have processed your refund', 'have you processed my refund'],
    ['good morning', 'good evening'],
    ['recorded', 'recording'],
  ])('%j is not found in %j', (phrase, text) => {
    expect(find(agent(text), phrase)).toBeUndefined();
  });

  it('does not join words of different speakers', () => {
    const match = find(
      [
        ['AGENT', 0, 'thank you', 2],
        ['CUSTOMER', 2, 'for calling me back', 2],
      ],
      'thank you for calling',
      { speaker: 'ANY' },
    );
    expect(match).toBeUndefined();
  });
});

describe('findPhrase: speakers', () => {
  const turns: Turn[] = [
    ['AGENT', 0, 'good morning how can i help', 3],
    ['CUSTOMER', 3, 'i want to speak to a supervisor', 3],
  ];

  it('only looks at the rule’s speaker', () => {
    expect(find(turns, 'supervisor', { speaker: 'AGENT' })).toBeUndefined();
    expect(find(turns, 'supervisor', { speaker: 'CUSTOMER' })?.role).toBe('CUSTOMER');
    expect(find(turns, 'good morning', { speaker: 'CUSTOMER' })).toBeUndefined();
    expect(find(turns, 'supervisor', { speaker: 'ANY' })).toBeDefined();
  });

  it('lets UNKNOWN segments (no diarization) count as either speaker', () => {
    const mono: Turn[] = [['UNKNOWN', 0, 'good morning i want to speak to a supervisor', 5]];
    expect(find(mono, 'good morning', { speaker: 'AGENT' })?.role).toBe('UNKNOWN');
    expect(find(mono, 'supervisor', { speaker: 'CUSTOMER' })?.role).toBe('UNKNOWN');
  });
});

describe('findPhrase: windows', () => {
  const turns: Turn[] = [
    ['AGENT', 1, 'hello', 2],
    ['AGENT', 40, 'good morning', 2],
    ['AGENT', 100, 'is there anything else', 4],
    ['CUSTOMER', 105, 'no thanks', 2],
  ];

  it('first N seconds: the phrase must start within them', () => {
    expect(
      find(turns, 'good morning', { window: { position: 'first', seconds: 30 } }),
    ).toBeUndefined();
    expect(
      find(turns, 'good morning', { window: { position: 'first', seconds: 45 } }),
    ).toBeDefined();
    expect(find(turns, 'hello', { window: { position: 'first', seconds: 30 } })).toBeDefined();
  });

  it('last N seconds: measured back from the end of the call', () => {
    const last = { position: 'last' as const, seconds: 20 };
    expect(find(turns, 'anything else', { window: last })).toBeDefined();
    expect(find(turns, 'good morning', { window: last })).toBeUndefined();
  });

  it('uses the call duration when it is longer than the last segment', () => {
    const index = buildTranscriptIndex(makeTranscript(turns, 200_000));
    const match = findPhrase(index, {
      phrases: ['anything else'],
      speaker: 'AGENT',
      window: { position: 'last', seconds: 60 },
    });
    expect(match).toBeUndefined();
  });
});
