import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeWordsIntoTurns, type TimedWord } from '../../../src/core/transcript/index.js';

/** Words of one channel, spoken back to back from `startMs`, 300 ms each with 100 ms gaps. */
function channel(
  role: TimedWord['role'],
  label: string,
  startMs: number,
  text: string,
): TimedWord[] {
  return text.split(' ').map((word, i) => ({
    role,
    speakerLabel: label,
    text: word,
    beginMs: startMs + i * 400,
    endMs: startMs + i * 400 + 300,
  }));
}

describe('mergeWordsIntoTurns', () => {
  it('interleaves two channels into turns by time', () => {
    const agent = [
      ...channel('AGENT', 'ch_0', 0, 'Hello, how can I help?'),
      ...channel('AGENT', 'ch_0', 5000, 'Let me check that.'),
    ];
    const customer = [
      ...channel('CUSTOMER', 'ch_1', 2200, 'My order is late.'),
      ...channel('CUSTOMER', 'ch_1', 6800, 'Thanks.'),
    ];
    // Channels arrive one after the other, as one recogniser per channel produces them.
    const turns = mergeWordsIntoTurns([...customer, ...agent]);
    expect(turns).toEqual([
      {
        role: 'AGENT',
        speakerLabel: 'ch_0',
        text: 'Hello, how can I help?',
        beginMs: 0,
        endMs: 1900,
      },
      {
        role: 'CUSTOMER',
        speakerLabel: 'ch_1',
        text: 'My order is late.',
        beginMs: 2200,
        endMs: 3700,
      },
      {
        role: 'AGENT',
        speakerLabel: 'ch_0',
        text: 'Let me check that.',
        beginMs: 5000,
        endMs: 6500,
      },
      { role: 'CUSTOMER', speakerLabel: 'ch_1', text: 'Thanks.', beginMs: 6800, endMs: 7100 },
    ]);
  });

  it('splits a back-channel that overlaps the other speaker into its own turn', () => {
    const agent = channel('AGENT', 'ch_0', 0, 'Your refund was issued today');
    const customer = channel('CUSTOMER', 'ch_1', 900, 'okay');
    const turns = mergeWordsIntoTurns([...agent, ...customer]);
    expect(turns.map((t) => [t.role, t.text])).toEqual([
      ['AGENT', 'Your refund was'],
      ['CUSTOMER', 'okay'],
      ['AGENT', 'issued today'],
    ]);
  });

  it('starts a new turn after a pause longer than maxGapMs, but not after one equal to it', () => {
    const words: TimedWord[] = [
      { role: 'AGENT', text: 'one', beginMs: 0, endMs: 500 },
      { role: 'AGENT', text: 'two', beginMs: 2000, endMs: 2500 },
      { role: 'AGENT', text: 'three', beginMs: 4001, endMs: 4500 },
    ];
    expect(mergeWordsIntoTurns(words).map((t) => t.text)).toEqual(['one two', 'three']);
    expect(mergeWordsIntoTurns(words, { maxGapMs: 5000 }).map((t) => t.text)).toEqual([
      'one two three',
    ]);
    expect(mergeWordsIntoTurns(words, { maxGapMs: 100 }).map((t) => t.text)).toEqual([
      'one',
      'two',
      'three',
    ]);
  });

  it('separates speakers that share a role but not a label', () => {
    const words: TimedWord[] = [
      { role: 'UNKNOWN', speakerLabel: 'spk_0', text: 'hi', beginMs: 0, endMs: 200 },
      { role: 'UNKNOWN', speakerLabel: 'spk_1', text: 'hello', beginMs: 300, endMs: 500 },
    ];
    expect(mergeWordsIntoTurns(words).map((t) => t.speakerLabel)).toEqual(['spk_0', 'spk_1']);
  });

  it('glues punctuation tokens to the word before, drops empty tokens and keeps input order on ties', () => {
    const words: TimedWord[] = [
      { role: 'AGENT', text: 'Hello', beginMs: 100, endMs: 300 },
      { role: 'AGENT', text: ',', beginMs: 300, endMs: 300 },
      { role: 'AGENT', text: '  ', beginMs: 310, endMs: 320 },
      { role: 'AGENT', text: 'there', beginMs: 400, endMs: 600 },
      { role: 'AGENT', text: '.', beginMs: 600, endMs: 600 },
    ];
    expect(mergeWordsIntoTurns(words)).toEqual([
      { role: 'AGENT', text: 'Hello, there.', beginMs: 100, endMs: 600 },
    ]);
    expect(mergeWordsIntoTurns([])).toEqual([]);
  });

  it('keeps every word, in time order, whatever the input order (property)', () => {
    const word = fc.record({
      role: fc.constantFrom('AGENT' as const, 'CUSTOMER' as const),
      text: fc.stringMatching(/^[a-z]{1,8}$/),
      beginMs: fc.integer({ min: 0, max: 60_000 }),
      durationMs: fc.integer({ min: 0, max: 2_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 60 }),
        fc.integer({ min: 0, max: 3000 }),
        (raw, maxGapMs) => {
          const words = raw.map(({ durationMs, ...w }) => ({
            ...w,
            endMs: w.beginMs + durationMs,
          }));
          const turns = mergeWordsIntoTurns(words, { maxGapMs });
          const out = turns.flatMap((t) => t.text.split(' '));
          expect(out.sort()).toEqual(words.map((w) => w.text).sort());
          for (let i = 1; i < turns.length; i++) {
            const [prev, next] = [turns[i - 1], turns[i]];
            expect(next?.beginMs).toBeGreaterThanOrEqual(prev?.beginMs ?? 0);
          }
          for (const t of turns) expect(t.endMs).toBeGreaterThanOrEqual(t.beginMs);
        },
      ),
    );
  });
});
