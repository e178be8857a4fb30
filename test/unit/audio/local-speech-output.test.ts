import { describe, expect, it } from 'vitest';
import { redactTranscript } from '../../../src/core/pii/index.js';
import { parseTranscribeOutput } from '../../../src/core/transcript/index.js';
import { alignRedacted } from '../../../src/local/speech/align-redacted.js';
import {
  buildTranscript,
  channelWords,
  type TranscriptInput,
} from '../../../src/local/speech/build-transcript.js';
import {
  parsePocketsphinxWords,
  type RecognisedWord,
} from '../../../src/local/speech/parse-words.js';
import {
  callAnalyticsOutput,
  standardOutput,
} from '../../../src/local/speech/transcribe-output.js';

/** Words spoken one after another from `startMs`, 300 ms each with 50 ms between. */
function say(text: string, startMs: number, utterance = 0): RecognisedWord[] {
  return text.split(' ').map((w, i) => ({
    text: w,
    beginMs: startMs + i * 350,
    endMs: startMs + i * 350 + 300,
    confidence: 0.9,
    utterance,
  }));
}

const CARD_WORDS =
  'four five three nine one four eight eight zero three four three six four six seven';

describe('parsePocketsphinxWords', () => {
  it('reads timed words, drops fillers and pronunciation variants, and numbers utterances', () => {
    const stdout = [
      'thank you for calling',
      '<s> 0.000 0.150 0.999600',
      'thank 0.160 0.510 0.779791',
      'you 0.520 0.620 0.946953',
      'for(2) 0.630 0.800 0.349860',
      '<sil> 0.810 0.900 0.5',
      '[NOISE] 0.900 0.950 0.5',
      '++BREATH++ 0.950 0.990 0.5',
      'calling 1.000 1.200 0.958098',
      '</s> 1.280 1.440 1.000000',
      'hello',
      '<s> 9.370 9.500 1.000300',
      'hello 9.510 9.730 1.000300',
      '</s> 9.740 9.900 1.000000',
    ].join('\n');
    expect(parsePocketsphinxWords(stdout)).toEqual([
      { text: 'thank', beginMs: 160, endMs: 510, confidence: 0.779791, utterance: 0 },
      { text: 'you', beginMs: 520, endMs: 620, confidence: 0.946953, utterance: 0 },
      { text: 'for', beginMs: 630, endMs: 800, confidence: 0.34986, utterance: 0 },
      { text: 'calling', beginMs: 1000, endMs: 1200, confidence: 0.958098, utterance: 0 },
      { text: 'hello', beginMs: 9510, endMs: 9730, confidence: 1, utterance: 1 },
    ]);
  });

  it('reads nothing from an empty run', () => {
    expect(parsePocketsphinxWords('')).toEqual([]);
  });
});

describe('alignRedacted', () => {
  it('gives a [PII] token the time of all the words it replaced', () => {
    const words = say('my card is four five three nine thanks', 1000);
    const tokens = alignRedacted(words, 'my card is [PII] thanks');
    expect(tokens.map((t) => t.content)).toEqual(['my', 'card', 'is', '[PII]', 'thanks']);
    expect(tokens[3]).toMatchObject({ beginMs: words[3]?.beginMs, endMs: words[6]?.endMs });
    expect(tokens[4]).toMatchObject({ beginMs: words[7]?.beginMs, endMs: words[7]?.endMs });
  });

  it('keeps a suffix glued to a marker in the same token', () => {
    const words = say("it is bennett's account", 0);
    const tokens = alignRedacted(words, "it is [PII]'s account");
    expect(tokens[2]).toMatchObject({ content: "[PII]'s", beginMs: words[2]?.beginMs });
    expect(tokens[3]).toMatchObject({ content: 'account', beginMs: words[3]?.beginMs });
  });

  it('a repeated word after a marker does not throw the alignment off', () => {
    const words = say('call four four four four five five five five one two four four', 0);
    const tokens = alignRedacted(words, 'call [PII] four four');
    expect(tokens.map((t) => t.beginMs)).toEqual([
      0,
      words[1]?.beginMs,
      words[11]?.beginMs,
      words[12]?.beginMs,
    ]);
  });
});

describe('local transcriber output parses back to the same turns', () => {
  const stereo: TranscriptInput = {
    jobName: 'cci_demo-tenant_call_0123456789',
    kind: 'call-analytics',
    languageCode: 'en-US',
    durationMs: 30_000,
    channels: [
      [
        ...say('thank you for calling how can i help', 500),
        ...say('can i take the card number please', 9_000),
        ...say('thank you i will refund it today', 20_000),
      ],
      [
        ...say('hi my name is michael bennett', 3_500),
        ...say(`my card number is ${CARD_WORDS}`, 12_000),
      ],
    ],
  };

  it('stereo: Call Analytics shape, roles by channel, redacted before writing', () => {
    const words = channelWords(stereo);
    const { transcript } = redactTranscript(buildTranscript(stereo, words));
    const json = callAnalyticsOutput(transcript, stereo.jobName);
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/bennett|four five three nine/);
    const parsed = parseTranscribeOutput(JSON.parse(text));
    expect(parsed).toMatchObject({
      source: 'call-analytics',
      jobName: stereo.jobName,
      diarized: true,
      redacted: true,
      durationMs: 30_000,
    });
    const strip = ({ role, text, beginMs, endMs }: (typeof parsed.segments)[number]) => ({
      role,
      text,
      beginMs,
      endMs,
    });
    expect(parsed.segments.map(strip)).toEqual(transcript.segments.map(strip));
    expect(parsed.segments.map((s) => s.role)).toEqual([
      'AGENT',
      'CUSTOMER',
      'AGENT',
      'CUSTOMER',
      'AGENT',
    ]);
    expect(parsed.segments[3]?.text).toBe('my card number is [PII]');
  });

  it('stereo with the agent on channel 1', () => {
    const words = channelWords({ ...stereo, channelRoles: ['CUSTOMER', 'AGENT'] });
    const segments = buildTranscript(stereo, words).segments;
    expect(segments[0]).toMatchObject({
      role: 'CUSTOMER',
      text: 'thank you for calling how can i help',
    });
  });

  it('mono: standard shape, one UNKNOWN speaker cut at utterances, no diarization', () => {
    const mono: TranscriptInput = {
      ...stereo,
      kind: 'standard',
      channels: [
        [
          ...say('thank you for calling how can i help', 500, 0),
          ...say('hi my name is michael bennett', 3_500, 1),
          ...say(`my card number is ${CARD_WORDS}`, 12_000, 2),
        ],
      ],
    };
    const words = channelWords(mono);
    const { transcript } = redactTranscript(buildTranscript(mono, words));
    const json = standardOutput(transcript, mono.jobName, words);
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/bennett|four five three nine/);
    const parsed = parseTranscribeOutput(JSON.parse(text));
    expect(parsed).toMatchObject({ source: 'standard', diarized: false, redacted: true });
    expect(parsed.segments).toEqual(transcript.segments);
    expect(parsed.segments.map((s) => s.role)).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
    const items = (json['results'] as { items: Array<Record<string, unknown>> }).items;
    const pii = items.filter((i) => JSON.stringify(i).includes('[PII]'));
    // The card's [PII] item spans the whole number's time.
    expect(pii.at(-1)).toMatchObject({ start_time: '13.400', end_time: '18.950' });
  });
});
