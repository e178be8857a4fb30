import { describe, expect, it } from 'vitest';
import { parseStandardOutput } from '../../../src/core/transcript/index.js';
import { loadFixture } from './load-fixture.js';

interface Results {
  items: Array<Record<string, unknown>>;
  audio_segments?: Array<Record<string, unknown>>;
  channel_labels?: unknown;
}

function results(doc: Record<string, unknown>): Results {
  return doc.results as Results;
}

const rolesAndLabels = (t: ReturnType<typeof parseStandardOutput>) =>
  t.segments.map((s) => [s.role, s.speakerLabel]);

describe('parseStandardOutput with speaker labels', () => {
  it('builds turns from labelled items, punctuation glued to the previous word', () => {
    const t = parseStandardOutput(loadFixture('standard-speaker-labels'));

    expect(t).toMatchObject({
      source: 'standard',
      jobName: 'cci-northwind-8d41b0c2',
      diarized: true,
      redacted: true,
      durationMs: 14150,
    });
    expect(t.segments).toEqual([
      {
        role: 'UNKNOWN',
        speakerLabel: 'spk_0',
        text: "Good morning, you're through to Northwind Telecom, this is [PII] speaking.",
        beginMs: 640,
        endMs: 5039,
      },
      {
        role: 'UNKNOWN',
        speakerLabel: 'spk_1',
        text: 'Hi. My broadband keeps dropping out since Monday.',
        beginMs: 5620,
        endMs: 9231,
      },
      {
        role: 'UNKNOWN',
        speakerLabel: 'spk_0',
        text: 'Sorry about that. Let me run a line test on [PII] for you.',
        beginMs: 9900,
        endMs: 14150,
      },
    ]);
  });

  it("maps the first speaker to AGENT and the second to CUSTOMER with 'first-speaker-agent'", () => {
    const t = parseStandardOutput(loadFixture('standard-speaker-labels'), {
      speakerRoles: 'first-speaker-agent',
    });
    expect(rolesAndLabels(t)).toEqual([
      ['AGENT', 'spk_0'],
      ['CUSTOMER', 'spk_1'],
      ['AGENT', 'spk_0'],
    ]);
  });

  it('maps labels through an explicit record, leaving unmapped labels UNKNOWN', () => {
    const doc = loadFixture('standard-speaker-labels');
    expect(
      rolesAndLabels(
        parseStandardOutput(doc, { speakerRoles: { spk_0: 'CUSTOMER', spk_1: 'AGENT' } }),
      ),
    ).toEqual([
      ['CUSTOMER', 'spk_0'],
      ['AGENT', 'spk_1'],
      ['CUSTOMER', 'spk_0'],
    ]);
    expect(
      rolesAndLabels(parseStandardOutput(doc, { speakerRoles: { spk_1: 'CUSTOMER' } })),
    ).toEqual([
      ['UNKNOWN', 'spk_0'],
      ['CUSTOMER', 'spk_1'],
      ['UNKNOWN', 'spk_0'],
    ]);
  });

  it("leaves a third speaker UNKNOWN with 'first-speaker-agent'", () => {
    const doc = loadFixture('standard-speaker-labels');
    for (const item of results(doc).items) {
      if (item.speaker_label === 'spk_0' && Number(item.start_time) > 9)
        item.speaker_label = 'spk_2';
    }
    const t = parseStandardOutput(doc, { speakerRoles: 'first-speaker-agent' });
    expect(rolesAndLabels(t)).toEqual([
      ['AGENT', 'spk_0'],
      ['CUSTOMER', 'spk_1'],
      ['UNKNOWN', 'spk_2'],
    ]);
  });

  it('finds speakers in speaker_labels.segments when the items carry no label (older output)', () => {
    const labelled = parseStandardOutput(loadFixture('standard-speaker-labels'));
    const doc = loadFixture('standard-speaker-labels');
    for (const item of results(doc).items) delete item.speaker_label;
    expect(parseStandardOutput(doc)).toEqual(labelled);
  });

  it('prefers audio_segments, joining consecutive segments of one speaker into a turn', () => {
    const t = parseStandardOutput(loadFixture('standard-audio-segments'), {
      speakerRoles: 'first-speaker-agent',
    });
    expect(t).toMatchObject({ jobName: 'cci-fabrikam-c03f7a18', diarized: true, redacted: true });
    expect(t.segments).toEqual([
      {
        role: 'AGENT',
        speakerLabel: 'spk_0',
        text: 'Thank you for calling Fabrikam Insurance, how can I help?',
        beginMs: 300,
        endMs: 3846,
      },
      {
        role: 'CUSTOMER',
        speakerLabel: 'spk_1',
        text: "I'd like to update my address. I moved to [PII] last week.",
        beginMs: 4500,
        endMs: 9740,
      },
      {
        role: 'AGENT',
        speakerLabel: 'spk_0',
        text: "Of course. I've updated that for you now.",
        beginMs: 10300,
        endMs: 13440,
      },
    ]);
  });

  it('takes the text of audio_segments over the items when both are present', () => {
    const doc = loadFixture('standard-audio-segments');
    const audio = results(doc).audio_segments ?? [];
    const first = audio[0];
    if (!first) throw new Error('fixture has no audio segments');
    first.transcript = 'Thanks for calling Fabrikam.';
    expect(parseStandardOutput(doc).segments[0]?.text).toBe('Thanks for calling Fabrikam.');
  });

  it('falls back to the items when audio_segments lack the speaker labels the items carry', () => {
    const doc = loadFixture('standard-audio-segments');
    for (const segment of results(doc).audio_segments ?? []) delete segment.speaker_label;
    const t = parseStandardOutput(doc);
    expect(t.diarized).toBe(true);
    expect(t.segments.map((s) => [s.speakerLabel, s.beginMs])).toEqual([
      ['spk_0', 300],
      ['spk_1', 4500],
      ['spk_0', 10300],
    ]);
  });
});

describe('parseStandardOutput without speaker labels', () => {
  it('gives one UNKNOWN, undiarized voice, cut into segments at long pauses', () => {
    const t = parseStandardOutput(loadFixture('standard-no-speakers'), {
      speakerRoles: 'first-speaker-agent',
    });
    expect(t).toMatchObject({ diarized: false, redacted: true, durationMs: 10935 });
    expect(t.segments).toEqual([
      {
        role: 'UNKNOWN',
        text: 'Hello, this is a message for the billing team.',
        beginMs: 500,
        endMs: 3352,
      },
      {
        role: 'UNKNOWN',
        text: 'Please call me back on [PII] about my last invoice. Thanks.',
        beginMs: 6200,
        endMs: 10935,
      },
    ]);
  });

  it('keeps unlabelled audio_segments as separate utterances', () => {
    const doc = loadFixture('standard-no-speakers');
    results(doc).audio_segments = [
      {
        id: 0,
        transcript: 'Hello, this is a message.',
        start_time: '0.5',
        end_time: '1.9',
        items: [],
      },
      { id: 1, transcript: 'For the billing team.', start_time: '2.0', end_time: '3.4', items: [] },
    ];
    const t = parseStandardOutput(doc);
    expect(t.diarized).toBe(false);
    expect(t.segments.map((s) => [s.text, s.beginMs, s.endMs])).toEqual([
      ['Hello, this is a message.', 500, 1900],
      ['For the billing team.', 2000, 3400],
    ]);
  });

  it('honours the redacted option when no [PII] token appears', () => {
    const doc = {
      results: {
        items: [
          {
            type: 'pronunciation',
            start_time: '0.1',
            end_time: '0.4',
            alternatives: [{ content: 'Hello' }],
          },
          { type: 'punctuation', alternatives: [{ content: '.' }] },
        ],
      },
    };
    expect(parseStandardOutput(doc).redacted).toBe(false);
    expect(parseStandardOutput(doc, { redacted: true }).redacted).toBe(true);
    expect(parseStandardOutput(doc).segments).toEqual([
      { role: 'UNKNOWN', text: 'Hello.', beginMs: 100, endMs: 400 },
    ]);
  });

  it('reads the language code of a language-identified job', () => {
    const doc = loadFixture('standard-no-speakers');
    (doc.results as Record<string, unknown>).language_code = 'en-GB';
    expect(parseStandardOutput(doc).languageCode).toBe('en-GB');
  });
});

describe('parseStandardOutput with channel identification', () => {
  const expectedTurns = [
    ['ch_0', "Thanks for holding. I've found your order.", 400, 3531],
    ['ch_1', 'Okay.', 3300, 3555],
    ['ch_0', 'It left our warehouse yesterday and should arrive on Friday.', 4100, 8237],
    ['ch_1', "Great, that's all, thank you.", 8800, 10449],
    ['ch_0', 'Is there anything else I can help with?', 10900, 12961],
    ['ch_1', 'No, bye.', 13400, 14048],
  ];

  it('interleaves the two channels by time, splitting on every change of channel', () => {
    const t = parseStandardOutput(loadFixture('standard-channels'));
    expect(t).toMatchObject({ diarized: true, redacted: false, durationMs: 14048 });
    expect(t.segments.map((s) => [s.speakerLabel, s.text, s.beginMs, s.endMs])).toEqual(
      expectedTurns,
    );
    expect(t.segments.every((s) => s.role === 'UNKNOWN')).toBe(true);
  });

  it('maps channels to roles with the same option as speakers', () => {
    const t = parseStandardOutput(loadFixture('standard-channels'), {
      speakerRoles: { ch_0: 'AGENT', ch_1: 'CUSTOMER' },
    });
    expect(t.segments.map((s) => s.role)).toEqual([
      'AGENT',
      'CUSTOMER',
      'AGENT',
      'CUSTOMER',
      'AGENT',
      'CUSTOMER',
    ]);
  });

  it('uses the channel labels on top-level items when channel_labels is absent', () => {
    const doc = loadFixture('standard-channels');
    delete results(doc).channel_labels;
    const t = parseStandardOutput(doc);
    expect(t.segments.map((s) => [s.speakerLabel, s.text, s.beginMs, s.endMs])).toEqual(
      expectedTurns,
    );
  });
});
