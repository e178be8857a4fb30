import { describe, expect, it } from 'vitest';
import {
  EntitiesSchema,
  KeyPhrasesSchema,
  SentimentSchema,
} from '../../../src/core/result/schema.js';
import { chunkTranscript } from '../../../src/core/nlp/chunk-transcript.js';
import { WinkTextAnalyzer } from '../../../src/local/nlp/wink-text-analyzer.js';
import type { TextAnalysis } from '../../../src/pipeline/ports.js';
import { makeTranscript, type Turn } from '../evidence/transcript-builder.js';

const angryCall: Turn[] = [
  [
    'AGENT',
    0,
    'good morning thank you for calling acme energy my name is [PII] how can i help you today',
  ],
  ['CUSTOMER', 5, 'yes hi i am really angry you have charged me twice for my bill this month'],
  ['AGENT', 10, 'i am so sorry to hear that i completely understand let me have a look'],
  ['CUSTOMER', 15, 'this is ridiculous it is the second time and i want to cancel my account'],
  [
    'AGENT',
    20,
    'i have refunded the duplicate payment of forty two pounds you will receive it within three business days',
  ],
  ['CUSTOMER', 25, 'fine'],
  ['AGENT', 30, 'perfect is there anything else great thank you so much have a lovely day'],
];

const happyCall: Turn[] = [
  ['AGENT', 0, 'good morning thank you for calling how can i help'],
  [
    'CUSTOMER',
    5,
    'hi there i just moved house and i would like to update my address on my account',
  ],
  ['AGENT', 10, 'of course i can do that for you what is the new address'],
  ['CUSTOMER', 15, 'it is [PII]'],
  ['AGENT', 20, 'i have updated that and you will receive a confirmation email shortly'],
  [
    'CUSTOMER',
    25,
    'that is brilliant you have been really helpful i am very happy with the service',
  ],
  ['AGENT', 30, 'you are welcome have a great day'],
];

/** Nothing happened but courtesy: "thank you", "perfect", "great" on both sides. */
const politeRoutineCall: Turn[] = [
  ['AGENT', 0, 'good morning thank you for calling how can i help'],
  ['CUSTOMER', 5, 'hi i would like to know the balance on my account please'],
  ['AGENT', 10, 'of course can i take your account number please'],
  ['CUSTOMER', 15, 'yes it is [PII]'],
  ['AGENT', 20, 'thank you your balance is one hundred and twenty pounds due on the fifth of june'],
  ['CUSTOMER', 25, 'okay perfect thanks'],
  ['AGENT', 30, 'great is there anything else perfect thank you have a nice day'],
  ['CUSTOMER', 35, 'no that is all thank you bye'],
];

const analyzer = new WinkTextAnalyzer();
const analyze = (turns: Turn[]): Promise<TextAnalysis> => analyzer.analyze(makeTranscript(turns));

function expectValidShapes(result: TextAnalysis): void {
  expect(SentimentSchema.safeParse(result.sentiment).success).toBe(true);
  expect(KeyPhrasesSchema.safeParse(result.keyPhrases).success).toBe(true);
  expect(EntitiesSchema.safeParse(result.entities).success).toBe(true);
}

describe('WinkTextAnalyzer sentiment', () => {
  it('does not call an angry customer with a polite agent POSITIVE', async () => {
    const result = await analyze(angryCall);
    expect(['NEGATIVE', 'MIXED']).toContain(result.sentiment.overall);
    expect(result.sentiment.by_role.CUSTOMER).toBe('NEGATIVE');
    expect(result.sentiment.ResultList[0]?.Sentiment).not.toBe('POSITIVE');
  });

  it('calls a happy call POSITIVE', async () => {
    const result = await analyze(happyCall);
    expect(result.sentiment.overall).toBe('POSITIVE');
    expect(result.sentiment.by_role.CUSTOMER).toBe('POSITIVE');
  });

  it('does not let courtesy formulas alone make a routine call positive', async () => {
    const result = await analyze(politeRoutineCall);
    expect(result.sentiment.overall).toBe('NEUTRAL');
  });

  it('calls a complaint the customer came round from MIXED, not POSITIVE', async () => {
    const result = await analyze([
      ['AGENT', 0, 'thank you for calling how can i help'],
      ['CUSTOMER', 5, 'the app charged me the wrong amount'],
      ['AGENT', 10, 'i have corrected that for you now'],
      ['CUSTOMER', 15, 'oh that is wonderful you have been so helpful i really love this service'],
    ]);
    expect(result.sentiment.overall).toBe('MIXED');
  });

  it('gives scores that sum to one with the label as the largest', async () => {
    const result = await analyze(angryCall);
    for (const entry of result.sentiment.ResultList) {
      const s = entry.SentimentScore!;
      expect(s.Positive + s.Negative + s.Neutral + s.Mixed).toBeCloseTo(1, 3);
      const best = Object.entries(s)
        .reduce((a, b) => (b[1] > a[1] ? b : a))[0]
        .toUpperCase();
      expect(best).toBe(entry.Sentiment);
    }
  });

  it('reports no roles for a mono call, and still judges the complaint', async () => {
    const mono: Turn[] = angryCall.map(([, start, text]) => ['UNKNOWN', start, text]);
    const result = await analyze(mono);
    expect(result.sentiment.by_role).toEqual({});
    expect(result.sentiment.overall).not.toBe('POSITIVE');
  });

  it('handles an empty transcript', async () => {
    const result = await analyze([]);
    expect(result.sentiment).toEqual({ ResultList: [], overall: 'NEUTRAL', by_role: {} });
    expect(result.keyPhrases.ResultList).toEqual([]);
    expectValidShapes(result);
  });
});

describe('WinkTextAnalyzer key phrases and entities', () => {
  it('finds the call’s topics and quantities, in the result schema’s shapes', async () => {
    const result = await analyze(angryCall);
    expectValidShapes(result);
    const phrases = result.keyPhrases.ResultList.flatMap((r) => r.KeyPhrases.map((k) => k.Text));
    expect(phrases).toEqual(expect.arrayContaining(['duplicate payment', 'business days']));
    expect(phrases).not.toContain('lovely day');
    const entities = result.entities.ResultList.flatMap((r) => r.Entities);
    expect(entities).toContainEqual(
      expect.objectContaining({ Text: 'forty two pounds', Type: 'QUANTITY' }),
    );
    expect(entities).toContainEqual(expect.objectContaining({ Text: 'this month', Type: 'DATE' }));
  });

  it('finds people, places and organisations with Comprehend’s type names', async () => {
    const result = await analyze([
      [
        'CUSTOMER',
        0,
        'I spoke to John Smith in London and he said Microsoft would send the parts on Friday',
      ],
    ]);
    const types = new Map(
      result.entities.ResultList.flatMap((r) => r.Entities).map((e) => [
        e.Text.toLowerCase(),
        e.Type,
      ]),
    );
    expect(types.get('john smith')).toBe('PERSON');
    expect(types.get('london')).toBe('LOCATION');
    expect(types.get('microsoft')).toBe('ORGANIZATION');
    expect(types.get('friday')).toBe('DATE');
  });

  it('never reports a redaction marker as an entity or key phrase', async () => {
    const result = await analyze([
      ['AGENT', 0, 'can i take your name and card number please'],
      ['CUSTOMER', 5, 'it is [PII] [PII] and the card is [PII] and I live at [PII] in [PII]'],
      ['AGENT', 10, 'thank you [PII] i have sent it to [PII]'],
    ]);
    const texts = [
      ...result.keyPhrases.ResultList.flatMap((r) => r.KeyPhrases.map((k) => k.Text)),
      ...result.entities.ResultList.flatMap((r) => r.Entities.map((e) => e.Text)),
    ];
    expect(texts.filter((t) => /pii|\[|\]/i.test(t))).toEqual([]);
  });

  it('indexes results by the chunkTranscript documents', async () => {
    const transcript = makeTranscript(angryCall);
    const small = new WinkTextAnalyzer({ maxDocumentBytes: 200 });
    const result = await small.analyze(transcript);
    const documents = chunkTranscript(transcript, 200);
    expect(documents.length).toBeGreaterThan(1);
    expect(result.sentiment.ResultList.map((r) => r.Index)).toEqual(documents.map((_, i) => i));
    expect(result.keyPhrases.ResultList.map((r) => r.Index)).toEqual(documents.map((_, i) => i));
    expect(result.entities.ResultList.map((r) => r.Index)).toEqual(documents.map((_, i) => i));
    expectValidShapes(result);
  });
});
