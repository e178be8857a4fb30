import { describe, expect, it } from 'vitest';
import { redactTranscript } from '../../../src/core/pii/index.js';
import type { Transcript, TranscriptSegment } from '../../../src/core/transcript/model.js';

function transcript(
  segments: Array<Pick<TranscriptSegment, 'role' | 'text'> & { speakerLabel?: string }>,
): Transcript {
  return {
    source: 'standard',
    diarized: true,
    redacted: false,
    durationMs: segments.length * 1000,
    segments: segments.map((s, i) => ({ ...s, beginMs: i * 1000, endMs: i * 1000 + 900 })),
    overallSentiment: { AGENT: 1, CUSTOMER: -1 },
  };
}

describe('redactTranscript', () => {
  it('redacts a card number split across consecutive segments of the same speaker, counted once', () => {
    const input = transcript([
      { role: 'AGENT', text: 'can i take the long number on the card please' },
      { role: 'CUSTOMER', text: 'yes it is four five three nine one four eight eight' },
      { role: 'CUSTOMER', text: 'oh three four three six four six seven' },
      { role: 'AGENT', text: 'thank you' },
    ]);
    const { transcript: out, counts, total } = redactTranscript(input);
    expect(out.segments.map((s) => s.text)).toEqual([
      'can i take the long number on the card please',
      'yes it is [PII]',
      '[PII]',
      'thank you',
    ]);
    expect(counts).toEqual({ CREDIT_DEBIT_NUMBER: 1 });
    expect(total).toBe(1);
  });

  it('redacts a spoken e-mail split across segments', () => {
    const input = transcript([
      { role: 'CUSTOMER', text: 'my email is john dot smith at' },
      { role: 'CUSTOMER', text: 'example dot com thanks' },
    ]);
    expect(redactTranscript(input).transcript.segments.map((s) => s.text)).toEqual([
      'my email is [PII]',
      '[PII] thanks',
    ]);
  });

  it('does not join entities across a change of speaker', () => {
    const input = transcript([
      { role: 'AGENT', text: 'is it four five three nine one four eight eight' },
      { role: 'CUSTOMER', text: 'oh three four three six four six seven' },
    ]);
    expect(redactTranscript(input).counts.CREDIT_DEBIT_NUMBER).toBeUndefined();
  });

  it('treats different speaker labels with the same role as different speakers', () => {
    const input = transcript([
      { role: 'UNKNOWN', speakerLabel: 'spk_0', text: 'john dot smith at' },
      { role: 'UNKNOWN', speakerLabel: 'spk_1', text: 'example dot com' },
    ]);
    expect(redactTranscript(input, { types: ['EMAIL'] }).total).toBe(0);
    const sameLabel = transcript([
      { role: 'UNKNOWN', speakerLabel: 'spk_0', text: 'john dot smith at' },
      { role: 'UNKNOWN', speakerLabel: 'spk_0', text: 'example dot com' },
    ]);
    expect(redactTranscript(sameLabel, { types: ['EMAIL'] }).total).toBe(1);
  });

  it('uses a cue from the other speaker', () => {
    const input = transcript([
      { role: 'AGENT', text: 'and what is your date of birth' },
      { role: 'CUSTOMER', text: 'twelfth of march nineteen eighty five' },
    ]);
    const { transcript: out, counts } = redactTranscript(input);
    expect(out.segments[1]?.text).toBe('[PII]');
    expect(counts).toEqual({ DATE_OF_BIRTH: 1 });
  });

  it('marks the result redacted and does not mutate the input', () => {
    const input = transcript([{ role: 'CUSTOMER', text: 'my number is 07700 900123' }]);
    const before = structuredClone(input);
    const { transcript: out } = redactTranscript(input);
    expect(input).toEqual(before);
    expect(out.redacted).toBe(true);
    expect(out.segments[0]).toEqual({ ...input.segments[0], text: 'my number is [PII]' });
    expect(out.segments[0]).not.toBe(input.segments[0]);
    expect(out.overallSentiment).toEqual(input.overallSentiment);
    expect(out.overallSentiment).not.toBe(input.overallSentiment);
  });

  it('honours the types option', () => {
    const input = transcript([
      { role: 'CUSTOMER', text: 'my name is sarah and my number is 07700 900123' },
    ]);
    const { transcript: out, counts } = redactTranscript(input, { types: ['PHONE'] });
    expect(out.segments[0]?.text).toBe('my name is sarah and my number is [PII]');
    expect(counts).toEqual({ PHONE: 1 });
  });
});
