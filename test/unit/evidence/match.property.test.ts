import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPhrase } from '../../../src/core/evidence/find-phrase.js';
import { findQuote } from '../../../src/core/evidence/find-quote.js';
import { normalisedWords } from '../../../src/core/evidence/normalise.js';
import { buildTranscriptIndex } from '../../../src/core/evidence/transcript-index.js';
import { makeTranscript } from './transcript-builder.js';

// Two vocabularies with no word in common and no word within edit distance 2 of the other's.
const PHRASE_WORDS = [
  'account',
  'invoice',
  'payment',
  'balance',
  'delivery',
  'parcel',
  'engineer',
  'password',
  'contract',
  'discount',
  'monthly',
  'tariff',
  'router',
  'broadband',
  'mortgage',
  'pension',
];
const FILLER_WORDS = [
  'yesterday',
  'weather',
  'kitchen',
  'holiday',
  'garden',
  'sister',
  'football',
  'traffic',
  'morning',
  'coffee',
  'window',
  'birthday',
  'weekend',
  'station',
  'country',
  'music',
];

const phraseArb = fc.array(fc.constantFrom(...PHRASE_WORDS), { minLength: 1, maxLength: 6 });
const fillerArb = fc.array(fc.constantFrom(...FILLER_WORDS), { minLength: 0, maxLength: 12 });

/** Speech-to-text or human surface noise: case, punctuation between words. */
const styleArb = fc.record({
  upper: fc.boolean(),
  punct: fc.constantFrom('', ',', '.', ' -', '!'),
});

function render(words: readonly string[], style: { upper: boolean; punct: string }): string {
  return words
    .map(
      (w, i) =>
        (style.upper && i % 2 === 0 ? w.toUpperCase() : w) + (i % 3 === 2 ? style.punct : ''),
    )
    .join(' ');
}

function agentCall(text: string) {
  return makeTranscript([
    ['CUSTOMER', 0, FILLER_WORDS.slice(0, 5).join(' '), 4],
    ['AGENT', 4, text, 10],
  ]);
}

describe('evidence matching properties', () => {
  it('finds a phrase said verbatim, whatever the surrounding words, case and punctuation', () => {
    fc.assert(
      fc.property(phraseArb, fillerArb, fillerArb, styleArb, (phrase, before, after, style) => {
        const transcript = agentCall(render([...before, ...phrase, ...after], style));
        const match = findPhrase(buildTranscriptIndex(transcript), {
          phrases: [phrase.join(' ')],
          speaker: 'AGENT',
        });
        expect(match).toBeDefined();
        expect(normalisedWords(match!.quote)).toEqual(phrase);
        expect(match!.offsetMs).toBeGreaterThanOrEqual(4_000);
        expect(match!.endMs).toBeLessThanOrEqual(14_000);
        expect(match!.offsetMs).toBeLessThanOrEqual(match!.endMs);
      }),
    );
  });

  it('never finds a phrase whose words were not said', () => {
    fc.assert(
      fc.property(phraseArb, fillerArb, (phrase, filler) => {
        const transcript = agentCall(filler.join(' '));
        expect(
          findPhrase(buildTranscriptIndex(transcript), {
            phrases: [phrase.join(' ')],
            speaker: 'ANY',
          }),
        ).toBeUndefined();
      }),
    );
  });

  it('never finds a phrase when a negation was slipped inside it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PHRASE_WORDS), { minLength: 2, maxLength: 6 }),
        fc.nat(),
        fc.constantFrom('not', 'never'),
        fillerArb,
        (phrase, at, negation, filler) => {
          const cut = 1 + (at % (phrase.length - 1));
          const said = [...filler, ...phrase.slice(0, cut), negation, ...phrase.slice(cut)];
          const transcript = agentCall(said.join(' '));
          expect(
            findPhrase(buildTranscriptIndex(transcript), {
              phrases: [phrase.join(' ')],
              speaker: 'AGENT',
            }),
          ).toBeUndefined();
        },
      ),
    );
  });

  it('verifies any stretch of a segment as a quote, at or after the segment start', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PHRASE_WORDS, ...FILLER_WORDS), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.nat(),
        fc.nat(),
        (words, a, b) => {
          const start = a % words.length;
          const end = start + 1 + (b % (words.length - start));
          const transcript = agentCall(words.join(' '));
          const result = findQuote(transcript, words.slice(start, end).join(' '));
          expect(result.found).toBe(true);
          expect(result.offsetMs).not.toBeNull();
          expect(result.offsetMs!).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
