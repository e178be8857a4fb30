import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkTexts,
  chunkTranscript,
  chunkTranscriptPieces,
  comprehendUnits,
  toBatches,
  utf8Bytes,
} from '../../../src/core/nlp/chunk-transcript.js';
import { makeTranscript, type Turn } from '../evidence/transcript-builder.js';

const turns = (texts: readonly string[]): Turn[] =>
  texts.map((text, i) => [i % 2 === 0 ? 'AGENT' : 'CUSTOMER', i * 5, text, 5]);

describe('chunkTranscript', () => {
  it('puts a short call in one document, one line per segment', () => {
    const docs = chunkTranscript(
      makeTranscript(turns(['good morning', 'hi there', 'how can i help'])),
    );
    expect(docs).toEqual(['good morning\nhi there\nhow can i help']);
  });

  it('breaks on segment boundaries when a document is full', () => {
    const segment = 'a'.repeat(40);
    const docs = chunkTranscript(makeTranscript(turns([segment, segment, segment])), 90);
    expect(docs).toEqual([`${segment}\n${segment}`, segment]);
  });

  it('splits a segment longer than a document on sentences, then words', () => {
    const long = 'First sentence here. Second sentence is a bit longer. Third one.';
    const docs = chunkTranscript(makeTranscript(turns([long])), 30);
    expect(docs.every((d) => utf8Bytes(d) <= 30)).toBe(true);
    expect(docs.join(' ').replace(/\n/g, ' ')).toBe(long);
    expect(docs[0]).toBe('First sentence here.');
  });

  it('counts bytes, not characters, and never cuts inside a character', () => {
    const text = 'é'.repeat(30); // 60 bytes, one "word"
    const docs = chunkTranscript(makeTranscript(turns([text])), 25);
    expect(docs.every((d) => utf8Bytes(d) <= 25)).toBe(true);
    expect(docs.join('')).toBe(text);
  });

  it('skips empty segments and maps pieces to chunks and segments', () => {
    const { documents, pieces } = chunkTranscriptPieces(
      makeTranscript(turns(['hello', '   ', 'how are you'])),
    );
    expect(documents).toHaveLength(1);
    expect(pieces.map((p) => [p.chunk, p.segment, p.role])).toEqual([
      [0, 0, 'AGENT'],
      [0, 2, 'AGENT'],
    ]);
  });

  it('keeps every document within the limit, the text in order, and the count minimal', () => {
    const segmentArb = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', '.', 'é', '€'),
      maxLength: 120,
    });
    fc.assert(
      fc.property(
        fc.array(segmentArb, { maxLength: 30 }),
        fc.integer({ min: 8, max: 300 }),
        (texts, max) => {
          const transcript = makeTranscript(turns(texts));
          const docs = chunkTranscript(transcript, max);
          for (const doc of docs) expect(utf8Bytes(doc)).toBeLessThanOrEqual(max);
          const letters = (s: string) => s.replace(/\s+/g, '');
          expect(letters(docs.join(''))).toBe(letters(texts.join('')));
          // Greedy packing: no two neighbouring documents would have fitted in one.
          for (let i = 1; i < docs.length; i += 1) {
            expect(utf8Bytes(docs[i - 1]!) + 1 + utf8Bytes(docs[i]!)).toBeGreaterThan(max);
          }
        },
      ),
    );
  });
});

describe('comprehendUnits and batches', () => {
  it('bills 100-character units with a 3-unit minimum per document', () => {
    expect(comprehendUnits([])).toBe(0);
    expect(comprehendUnits(['short'])).toBe(3);
    expect(comprehendUnits(['x'.repeat(301)])).toBe(4);
    expect(comprehendUnits(['x'.repeat(5000), 'hi'])).toBe(53);
  });

  it('groups documents in batches of at most 25', () => {
    const docs = Array.from({ length: 60 }, (_, i) => `doc ${i}`);
    expect(toBatches(docs).map((b) => b.length)).toEqual([25, 25, 10]);
  });

  it('chunks plain texts the same way', () => {
    expect(chunkTexts(['one', 'two'], 5)).toEqual(['one', 'two']);
    expect(chunkTexts(['one', 'two'], 7)).toEqual(['one\ntwo']);
  });
});
