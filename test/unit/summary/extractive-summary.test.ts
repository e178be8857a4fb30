import { describe, expect, it } from 'vitest';
import { AiSummarySchema, type ResultSentiment } from '../../../src/core/result/schema.js';
import { extractiveSummary, sentimentSummary, toneScore } from '../../../src/core/summary/index.js';
import { makeTranscript, type Turn } from '../evidence/transcript-builder.js';

const billingCall: Turn[] = [
  ['AGENT', 0, 'Good morning, thank you for calling Acme Energy. How can I help?'],
  ['CUSTOMER', 5, 'Hi, good morning.'],
  ['AGENT', 8, 'How are you today?'],
  [
    'CUSTOMER',
    10,
    "Fine thanks. My invoice this month is almost double what I usually pay and I don't understand why.",
  ],
  ['AGENT', 20, "I'm sorry to hear that. Can I take your account number?"],
  ['CUSTOMER', 25, "Sure, it's [PII]."],
  [
    'AGENT',
    30,
    'I can see the meter reading was estimated. I will reissue the invoice once you send a reading, and you will receive the corrected bill within three days.',
  ],
  ['CUSTOMER', 45, 'Okay, that works. Thank you so much.'],
  ['AGENT', 50, 'Is there anything else I can help with? Have a nice day.'],
];

describe('extractiveSummary', () => {
  it('picks the issue, resolution, action items and outcome from the transcript', () => {
    const summary = extractiveSummary(makeTranscript(billingCall));
    expect(AiSummarySchema.safeParse(summary).success).toBe(true);
    expect(summary.generated_by).toBe('extractive');
    expect(summary.issue).toBe(
      "My invoice this month is almost double what I usually pay and I don't understand why.",
    );
    expect(summary.resolution).toContain('I will reissue the invoice');
    expect(summary.action_items).toEqual([
      'I will reissue the invoice once you send a reading',
      'you will receive the corrected bill within three days',
    ]);
    expect(summary.outcome).toBe('Follow-up promised');
    expect(summary.tone_score).toBeNull();
    expect(summary.sentiment_summary).toBe('Sentiment not analysed.');
  });

  it('works on unpunctuated lowercase speech-to-text output and keeps [PII]', () => {
    const summary = extractiveSummary(
      makeTranscript([
        ['AGENT', 0, 'thank you for calling how can i help'],
        ['CUSTOMER', 4, 'hello yes hi'],
        ['CUSTOMER', 6, 'my card ending [PII] was charged twice for the same order'],
        ['AGENT', 12, 'i understand i have refunded the second payment it has been processed'],
        ['CUSTOMER', 18, 'great thanks'],
      ]),
    );
    expect(summary.issue).toBe('my card ending [PII] was charged twice for the same order');
    expect(summary.outcome).toBe('Resolved');
    expect(summary.resolution).toContain('i have refunded the second payment');
  });

  it('says Escalated when the agent hands the call on', () => {
    const summary = extractiveSummary(
      makeTranscript([
        ['CUSTOMER', 0, 'i need to dispute a charge on my business account'],
        ['AGENT', 5, 'i am going to transfer you to our disputes team now'],
      ]),
    );
    expect(summary.outcome).toBe('Escalated');
  });

  it('says Unresolved when the customer is still unhappy at the end', () => {
    const summary = extractiveSummary(
      makeTranscript([
        ['CUSTOMER', 0, 'my broadband keeps dropping every evening'],
        ['AGENT', 5, 'unfortunately there is nothing showing on our side'],
        ['CUSTOMER', 10, 'this is ridiculous it is still not working and i want to cancel'],
      ]),
    );
    expect(summary.outcome).toBe('Unresolved');
    expect(summary.resolution).toBe('No resolution or next step was found in the transcript.');
  });

  it('does not invent an outcome without cues, or an issue without a customer', () => {
    const summary = extractiveSummary(
      makeTranscript([['AGENT', 0, 'hello hello is anyone there']]),
    );
    expect(summary.outcome).toBe('Undetermined');
    expect(summary.issue).toBe('No customer issue was found in the transcript.');
    expect(summary.action_items).toEqual([]);
  });

  it('leaves in-call actions and refusals out of the action items', () => {
    const summary = extractiveSummary(
      makeTranscript([
        ['CUSTOMER', 0, 'can you waive the late fee on my account'],
        [
          'AGENT',
          5,
          'i will just check that for you. I will not be able to waive it, but I will email you a payment plan today.',
        ],
      ]),
    );
    expect(summary.action_items).toEqual(['I will email you a payment plan today']);
  });

  it('reads who said what from the opening in a mono call', () => {
    const summary = extractiveSummary(
      makeTranscript([
        ['UNKNOWN', 0, 'thank you for calling acme how can i help'],
        ['UNKNOWN', 4, 'my parcel never arrived and the tracking has not changed in a week'],
        ['UNKNOWN', 10, 'i am sorry i will send a replacement today by express delivery'],
      ]),
    );
    expect(summary.issue).toBe(
      'my parcel never arrived and the tracking has not changed in a week',
    );
    expect(summary.action_items).toEqual(['i will send a replacement today by express delivery']);
  });

  it('takes tone and sentiment from the analysis, weighting the customer', () => {
    const sentiment: ResultSentiment = {
      ResultList: [{ Index: 0, Sentiment: 'NEGATIVE' }],
      overall: 'NEGATIVE',
      by_role: { AGENT: 'POSITIVE', CUSTOMER: 'NEGATIVE' },
    };
    const summary = extractiveSummary(makeTranscript(billingCall), { sentiment });
    expect(summary.sentiment_summary).toBe('Customer NEGATIVE, agent POSITIVE; overall NEGATIVE');
    expect(summary.tone_score).toBe(toneScore(sentiment));
    expect(summary.tone_score).toBeLessThan(50);
  });
});

describe('toneScore and sentimentSummary', () => {
  it('maps a happy call high and a hostile one low', () => {
    const happy: ResultSentiment = {
      ResultList: [
        {
          Index: 0,
          Sentiment: 'POSITIVE',
          SentimentScore: { Positive: 0.8, Negative: 0, Neutral: 0.2, Mixed: 0 },
        },
      ],
      overall: 'POSITIVE',
      by_role: { AGENT: 'POSITIVE', CUSTOMER: 'POSITIVE' },
    };
    const hostile: ResultSentiment = {
      ResultList: [
        {
          Index: 0,
          Sentiment: 'NEGATIVE',
          SentimentScore: { Positive: 0, Negative: 0.9, Neutral: 0.1, Mixed: 0 },
        },
      ],
      overall: 'NEGATIVE',
      by_role: { AGENT: 'NEUTRAL', CUSTOMER: 'NEGATIVE' },
    };
    expect(toneScore(happy)).toBeGreaterThan(75);
    expect(toneScore(hostile)).toBeLessThan(25);
    expect(toneScore(undefined)).toBeNull();
  });

  it('summarises without roles when the call had none', () => {
    expect(sentimentSummary({ ResultList: [], overall: 'MIXED', by_role: {} })).toBe(
      'Overall MIXED',
    );
  });
});
