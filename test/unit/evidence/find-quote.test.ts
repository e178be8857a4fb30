import { describe, expect, it } from 'vitest';
import { findQuote } from '../../../src/core/evidence/find-quote.js';
import { makeTranscript } from './transcript-builder.js';

const transcript = makeTranscript([
  ['AGENT', 0, 'good morning thank you for calling acme energy my name is [PII] how can i help', 6],
  ['CUSTOMER', 6, 'hi my invoice is almost double what i usually pay', 5],
  ['AGENT', 12, 'im sorry to hear that i will reissue the invoice within two days', 6],
]);

describe('findQuote', () => {
  it('finds an LLM quote written with capitals, punctuation and contractions', () => {
    const result = findQuote(
      transcript,
      "I'm sorry to hear that, I will reissue the invoice within 2 days.",
    );
    expect(result.found).toBe(true);
    expect(result.matchedText).toBe(
      'im sorry to hear that i will reissue the invoice within two days',
    );
    expect(result.offsetMs).toBe(12_000);
  });

  it('finds a quote holding the redaction marker', () => {
    const result = findQuote(transcript, 'My name is [PII], how can I help?');
    expect(result).toMatchObject({ found: true, matchedText: 'my name is [PII] how can i help' });
  });

  it('ignores a copied line prefix and surrounding quotes', () => {
    expect(findQuote(transcript, '[00:06] CUSTOMER: "my invoice is almost double"').found).toBe(
      true,
    );
  });

  it('accepts a quote shortened with an ellipsis when every part is there', () => {
    const result = findQuote(transcript, 'good morning … how can I help');
    expect(result.found).toBe(true);
    expect(result.matchedText).toBe('good morning … how can i help');
  });

  it('accepts a quote that runs over two turns', () => {
    expect(findQuote(transcript, 'what i usually pay. Im sorry to hear that').found).toBe(true);
  });

  it('rejects quotes that are not in the transcript', () => {
    for (const quote of [
      'I will issue a full refund today',
      'I will not reissue the invoice',
      'my invoice is almost triple what i usually pay',
      'within twenty days',
      '',
      '...',
    ]) {
      expect(findQuote(transcript, quote), quote).toEqual({
        found: false,
        offsetMs: null,
        matchedText: null,
      });
    }
  });

  it('rejects an ellipsis quote when one part is invented', () => {
    expect(findQuote(transcript, 'good morning … we value your business').found).toBe(false);
  });
});
