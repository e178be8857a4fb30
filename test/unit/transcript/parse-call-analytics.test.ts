import { describe, expect, it } from 'vitest';
import { parseCallAnalyticsOutput } from '../../../src/core/transcript/index.js';
import { loadFixture } from './load-fixture.js';

type Turn = Record<string, unknown>;

function minimalOutput(
  turns: Turn[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { JobName: 'job-1', Transcript: turns, ...extra };
}

function turn(
  role: string,
  content: string,
  begin: number,
  end: number,
  sentiment = 'NEUTRAL',
): Turn {
  return {
    ParticipantRole: role,
    Content: content,
    BeginOffsetMillis: begin,
    EndOffsetMillis: end,
    Sentiment: sentiment,
  };
}

describe('parseCallAnalyticsOutput', () => {
  it('maps the redacted Call Analytics fixture turn by turn', () => {
    const t = parseCallAnalyticsOutput(loadFixture('call-analytics-redacted'));

    expect(t).toMatchObject({
      source: 'call-analytics',
      jobName: 'cci-acme-3f9c2a7e',
      languageCode: 'en-US',
      diarized: true,
      redacted: true,
      durationMs: 41230,
      overallSentiment: { AGENT: 1.7, CUSTOMER: 0.4 },
    });
    expect(t.segments).toEqual([
      {
        role: 'AGENT',
        text: 'Thank you for calling Acme Energy, my name is [PII]. How can I help you today?',
        beginMs: 370,
        endMs: 5120,
        sentiment: 'NEUTRAL',
      },
      {
        role: 'CUSTOMER',
        text: "Hi, I've been charged twice for my March bill and I'm really not happy about it.",
        beginMs: 5600,
        endMs: 13480,
        sentiment: 'NEGATIVE',
      },
      {
        role: 'AGENT',
        text: "I'm sorry to hear that. Can I take your account number, please?",
        beginMs: 13900,
        endMs: 19850,
        sentiment: 'NEUTRAL',
      },
      {
        role: 'CUSTOMER',
        text: "Yes, it's [PII].",
        beginMs: 20310,
        endMs: 24020,
        sentiment: 'NEUTRAL',
      },
      {
        role: 'AGENT',
        text: "Thank you. I can see the duplicate payment, and I've issued a refund today.",
        beginMs: 24500,
        endMs: 33760,
        sentiment: 'POSITIVE',
      },
      {
        role: 'CUSTOMER',
        text: 'Great, thanks for sorting that out so quickly.',
        beginMs: 34200,
        endMs: 38900,
        sentiment: 'POSITIVE',
      },
    ]);
  });

  it('falls back to the end of the last segment when the total duration is missing', () => {
    const t = parseCallAnalyticsOutput(
      minimalOutput([turn('AGENT', 'Hello.', 0, 1200), turn('CUSTOMER', 'Hi there.', 1500, 4800)]),
    );
    expect(t.durationMs).toBe(4800);
    expect(t.overallSentiment).toBeUndefined();
  });

  it('sorts turns by begin time, drops empty ones and normalises whitespace', () => {
    const t = parseCallAnalyticsOutput(
      minimalOutput([
        turn('CUSTOMER', '  I need\n  help   with my bill. ', 3000, 5000),
        turn('AGENT', '   ', 2000, 2500),
        turn('AGENT', 'Hello, Acme.', 0, 1500),
      ]),
    );
    expect(t.segments.map((s) => [s.role, s.text, s.beginMs])).toEqual([
      ['AGENT', 'Hello, Acme.', 0],
      ['CUSTOMER', 'I need help with my bill.', 3000],
    ]);
  });

  it('is not redacted without a [PII] token or a redacted marker, unless the caller says so', () => {
    const plain = minimalOutput([turn('AGENT', 'Hello, Acme Energy.', 0, 1500)]);
    expect(parseCallAnalyticsOutput(plain).redacted).toBe(false);
    expect(parseCallAnalyticsOutput(plain, { redacted: true }).redacted).toBe(true);
    const marked = minimalOutput([turn('AGENT', 'Hello, Acme Energy.', 0, 1500)], {
      ContentMetadata: { RedactionTypes: ['PII'], Output: 'Redacted' },
    });
    expect(parseCallAnalyticsOutput(marked).redacted).toBe(true);
  });

  it('degrades unknown roles and sentiments instead of rejecting the call', () => {
    const t = parseCallAnalyticsOutput(
      minimalOutput([turn('SUPERVISOR', 'Joining the call.', 0, 900, 'AMBIVALENT')]),
    );
    expect(t.segments).toEqual([
      { role: 'UNKNOWN', text: 'Joining the call.', beginMs: 0, endMs: 900 },
    ]);
  });

  it('keeps only the participants that have an overall sentiment score', () => {
    const t = parseCallAnalyticsOutput(
      minimalOutput([turn('AGENT', 'Hello.', 0, 900)], {
        ConversationCharacteristics: { Sentiment: { OverallSentiment: { CUSTOMER: -2.1 } } },
      }),
    );
    expect(t.overallSentiment).toEqual({ CUSTOMER: -2.1 });
  });
});
