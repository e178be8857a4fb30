import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BatchDetectEntitiesCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentRequest,
} from '@aws-sdk/client-comprehend';
import { ComprehendTextAnalyzer } from '../../../src/aws/adapters/comprehend-text-analyzer.js';
import { CciError } from '../../../src/core/errors.js';
import { chunkTranscript, comprehendUnits, utf8Bytes } from '../../../src/core/nlp/index.js';
import {
  EntitiesSchema,
  KeyPhrasesSchema,
  SentimentSchema,
} from '../../../src/core/result/schema.js';
import type { Transcript, TranscriptSegment } from '../../../src/core/transcript/model.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const AGENT_LINES = [
  'Thank you for calling Acme Energy, this call may be recorded. How can I help you today?',
  'I am sorry to hear that, let me look at the account for you straight away.',
  'I can see the reading on the meter was estimated last month, which explains the higher amount.',
  'I will reissue the invoice once we have an actual reading and email you the revised copy.',
];
const CUSTOMER_LINES = [
  'Hi, my invoice this month is almost double what I usually pay and I am really annoyed.',
  'That is frustrating, I sent a reading in March and nobody used it.',
  'Okay, that sounds fair, thank you for explaining it so clearly.',
];

/** About ten minutes of speech: ~1 500 words in alternating turns. */
function longCall(words = 1500): Transcript {
  const segments: TranscriptSegment[] = [];
  let count = 0;
  for (let i = 0; count < words; i += 1) {
    const agent = i % 2 === 0;
    const lines = agent ? AGENT_LINES : CUSTOMER_LINES;
    // Numbered so no two documents are alike.
    const text = `${lines[i % lines.length] ?? ''} Turn ${i + 1}.`;
    count += text.split(' ').length;
    segments.push({
      role: agent ? 'AGENT' : 'CUSTOMER',
      text,
      beginMs: i * 4000,
      endMs: i * 4000 + 3500,
    });
  }
  return {
    source: 'standard',
    languageCode: 'en-US',
    diarized: true,
    redacted: true,
    durationMs: 600_000,
    segments,
  };
}

function sentimentAnswer(input: BatchDetectSentimentRequest, label = 'NEUTRAL') {
  return {
    ResultList: (input.TextList ?? []).map((_, Index) => ({
      Index,
      Sentiment: label,
      SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.7, Mixed: 0.1 },
    })),
    ErrorList: [],
  };
}

function mockAllOk(): void {
  mocks.comprehend
    .on(BatchDetectSentimentCommand)
    .callsFake((input: BatchDetectSentimentRequest) => sentimentAnswer(input));
  mocks.comprehend.on(BatchDetectKeyPhrasesCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      KeyPhrases: [
        { Text: 'the invoice', Score: 0.99 },
        { Text: 'a nice day', Score: 0.98 },
        { Text: '[PII]', Score: 0.9 },
        { Text: 'the invoice', Score: 0.97 },
      ],
    })),
    ErrorList: [],
  }));
  mocks.comprehend.on(BatchDetectEntitiesCommand).callsFake((input: { TextList: string[] }) => ({
    ResultList: input.TextList.map((_, Index) => ({
      Index,
      Entities: [
        { Text: 'Acme Energy', Type: 'ORGANIZATION', Score: 0.97 },
        { Text: 'acme  energy', Type: 'ORGANIZATION', Score: 0.91 },
        { Text: 'March', Type: 'DATE', Score: 0.95 },
        { Text: 'PII', Type: 'OTHER', Score: 0.6 },
      ],
    })),
    ErrorList: [],
  }));
}

const textsOf = (cmd: typeof BatchDetectSentimentCommand) =>
  mocks.comprehend.commandCalls(cmd).map((c) => c.args[0].input.TextList ?? []);

describe('ComprehendTextAnalyzer', () => {
  it('sends a ten-minute call as a few ≤5 000-byte documents, in one batch per API', async () => {
    mockAllOk();
    const transcript = longCall();
    const documents = chunkTranscript(transcript);

    const analysis = await new ComprehendTextAnalyzer(clients.comprehend).analyze(transcript);

    expect(documents.length).toBeGreaterThan(1);
    expect(documents.length).toBeLessThan(5);
    for (const cmd of [
      BatchDetectSentimentCommand,
      BatchDetectKeyPhrasesCommand,
      BatchDetectEntitiesCommand,
    ] as const) {
      expect(mocks.comprehend).toHaveReceivedCommandTimes(cmd, 1);
      expect(mocks.comprehend).toHaveReceivedCommandWith(cmd, {
        TextList: documents,
        LanguageCode: 'en',
      });
    }
    for (const doc of documents) expect(utf8Bytes(doc)).toBeLessThanOrEqual(5000);
    expect(analysis.units).toBe(comprehendUnits(documents) * 3);
    SentimentSchema.parse(analysis.sentiment);
    KeyPhrasesSchema.parse(analysis.keyPhrases);
    EntitiesSchema.parse(analysis.entities);
    expect(analysis.keyPhrases.ResultList[0]).toEqual({
      Index: 0,
      KeyPhrases: [{ Text: 'the invoice', Score: 1 }],
    });
    expect(analysis.entities.ResultList[0]).toEqual({
      Index: 0,
      Entities: [
        { Text: 'Acme Energy', Type: 'ORGANIZATION', Score: 0.97 },
        { Text: 'March', Type: 'DATE', Score: 0.95 },
      ],
    });
    expect(analysis.sentiment.overall).toBe('NEUTRAL');
  });

  it('splits more than 25 documents into batches of at most 25, Index counting across batches', async () => {
    mockAllOk();
    const transcript = longCall(30_000);
    const documents = chunkTranscript(transcript);

    const analysis = await new ComprehendTextAnalyzer(clients.comprehend).analyze(transcript);

    const sizes = textsOf(BatchDetectSentimentCommand).map((t) => t.length);
    expect(documents.length).toBeGreaterThan(25);
    expect(sizes).toEqual([25, documents.length - 25]);
    expect(textsOf(BatchDetectSentimentCommand).flat()).toEqual(documents);
    expect(analysis.sentiment.ResultList.map((r) => r.Index)).toEqual(documents.map((_, i) => i));
  });

  it('uses the configured language, and the transcript’s own when Comprehend has it', async () => {
    mockAllOk();
    const german = { ...longCall(50), languageCode: 'de-DE' };
    await new ComprehendTextAnalyzer(clients.comprehend).analyze(german);
    await new ComprehendTextAnalyzer(clients.comprehend, { languageCode: 'es' }).analyze(german);
    await new ComprehendTextAnalyzer(clients.comprehend).analyze({
      ...german,
      languageCode: 'cy-GB',
    });

    const languages = mocks.comprehend
      .commandCalls(BatchDetectSentimentCommand)
      .map((c) => c.args[0].input.LanguageCode);
    expect(languages).toEqual(['de', 'es', 'en']);
  });

  it('retries failed documents once on their own and leaves out those that fail again', async () => {
    mockAllOk();
    const transcript = longCall(3000);
    const documents = chunkTranscript(transcript);
    expect(documents.length).toBeGreaterThanOrEqual(3);
    const calls: string[][] = [];
    mocks.comprehend
      .on(BatchDetectSentimentCommand)
      .callsFake((input: BatchDetectSentimentRequest) => {
        const texts = input.TextList ?? [];
        calls.push(texts);
        const failing = new Set([documents[1], documents[2]]);
        // Document 1 fails every time; document 2 only the first time.
        const fails = (t: string) => t === documents[1] || (calls.length === 1 && failing.has(t));
        return {
          ResultList: texts.flatMap((t, Index) =>
            fails(t)
              ? []
              : [
                  {
                    Index,
                    Sentiment: 'POSITIVE',
                    SentimentScore: { Positive: 0.9, Negative: 0, Neutral: 0.1, Mixed: 0 },
                  },
                ],
          ),
          ErrorList: texts.flatMap((t, Index) =>
            fails(t)
              ? [{ Index, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'try again' }]
              : [],
          ),
        };
      });
    const warnings: unknown[] = [];
    const logger = {
      info: () => {},
      warn: (_m: string, f?: unknown) => warnings.push(f),
      error: () => {},
    };

    const analysis = await new ComprehendTextAnalyzer(clients.comprehend, { logger }).analyze(
      transcript,
    );

    expect(calls).toEqual([documents, [documents[1], documents[2]]]);
    expect(analysis.sentiment.ResultList.map((r) => r.Index)).toEqual(
      documents.map((_, i) => i).filter((i) => i !== 1),
    );
    expect(analysis.sentiment.overall).toBe('POSITIVE');
    expect(warnings).toEqual([
      expect.objectContaining({ operation: 'BatchDetectSentiment', documents: [1] }),
    ]);
  });

  it('fails only when every document failed', async () => {
    mockAllOk();
    mocks.comprehend.on(BatchDetectEntitiesCommand).callsFake((input: { TextList: string[] }) => ({
      ResultList: [],
      ErrorList: input.TextList.map((_, Index) => ({
        Index,
        ErrorCode: 'INTERNAL_SERVER_ERROR',
        ErrorMessage: 'nope',
      })),
    }));

    await expect(
      new ComprehendTextAnalyzer(clients.comprehend).analyze(longCall(100)),
    ).rejects.toMatchObject({
      code: 'COMPREHEND_FAILED',
      fault: 'system',
    });
  });

  it('backs off through the injected sleep while throttled, then succeeds', async () => {
    mockAllOk();
    mocks.comprehend
      .on(BatchDetectKeyPhrasesCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('TooManyRequestsException', 'slow down'))
      .resolves({
        ResultList: [{ Index: 0, KeyPhrases: [{ Text: 'meter reading', Score: 0.99 }] }],
      });
    const sleeps: number[] = [];
    const throttles: string[] = [];
    const analyzer = new ComprehendTextAnalyzer(clients.comprehend, {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 1,
      onThrottle: (op) => throttles.push(op),
    });

    const analysis = await analyzer.analyze(longCall(100));

    expect(sleeps).toEqual([500, 1000]);
    expect(throttles).toEqual(['BatchDetectKeyPhrases', 'BatchDetectKeyPhrases']);
    expect(mocks.comprehend).toHaveReceivedCommandTimes(BatchDetectKeyPhrasesCommand, 3);
    expect(analysis.keyPhrases.ResultList).toEqual([
      { Index: 0, KeyPhrases: [{ Text: 'meter reading', Score: 1 }] },
    ]);
  });

  it('gives up with a retryable error when still throttled after maxAttempts', async () => {
    mockAllOk();
    const throttled = Object.assign(awsError('ThrottlingException', 'Rate exceeded'), {
      $retryable: { throttling: true },
    });
    mocks.comprehend.on(BatchDetectSentimentCommand).rejects(throttled);
    const sleeps: number[] = [];
    const analyzer = new ComprehendTextAnalyzer(clients.comprehend, {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 0,
      maxAttempts: 3,
    });

    const err = await analyzer.analyze(longCall(100)).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CciError);
    expect(err).toMatchObject({ code: 'COMPREHEND_THROTTLED', fault: 'system' });
    expect(sleeps).toEqual([250, 500]);
    expect(mocks.comprehend).toHaveReceivedCommandTimes(BatchDetectSentimentCommand, 3);
  });

  it('tells speakers apart by Call Analytics turn sentiment, the customer weighing more overall', async () => {
    mockAllOk();
    const transcript: Transcript = {
      source: 'call-analytics',
      diarized: true,
      redacted: true,
      durationMs: 20_000,
      segments: [
        {
          role: 'AGENT',
          text: 'Thank you for calling, how can I help?',
          beginMs: 0,
          endMs: 3000,
          sentiment: 'POSITIVE',
        },
        {
          role: 'CUSTOMER',
          text: 'My bill is wrong again and I am fed up.',
          beginMs: 3000,
          endMs: 6000,
          sentiment: 'NEGATIVE',
        },
        {
          role: 'AGENT',
          text: 'I am sorry, I will fix it now.',
          beginMs: 6000,
          endMs: 9000,
          sentiment: 'POSITIVE',
        },
      ],
    };

    const { sentiment } = await new ComprehendTextAnalyzer(clients.comprehend).analyze(transcript);

    expect(sentiment).toEqual({
      ResultList: [
        {
          Index: 0,
          Sentiment: 'NEUTRAL',
          SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.7, Mixed: 0.1 },
        },
      ],
      overall: 'NEGATIVE',
      by_role: { AGENT: 'POSITIVE', CUSTOMER: 'NEGATIVE' },
    });
  });

  it('makes no call for an empty transcript', async () => {
    const empty: Transcript = {
      source: 'standard',
      diarized: false,
      redacted: true,
      durationMs: 0,
      segments: [],
    };

    const analysis = await new ComprehendTextAnalyzer(clients.comprehend).analyze(empty);

    expect(analysis).toEqual({
      sentiment: { ResultList: [], overall: 'NEUTRAL', by_role: {} },
      keyPhrases: { ResultList: [] },
      entities: { ResultList: [] },
      units: 0,
    });
    expect(mocks.comprehend.calls()).toHaveLength(0);
  });
});
