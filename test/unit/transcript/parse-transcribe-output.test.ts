import { describe, expect, it } from 'vitest';
import { CciError } from '../../../src/core/errors.js';
import {
  detectTranscribeOutput,
  parseCallAnalyticsOutput,
  parseStandardOutput,
  parseTranscribeOutput,
} from '../../../src/core/transcript/index.js';
import { loadFixture, thrownBy } from './load-fixture.js';

function parseError(fn: () => unknown): CciError {
  const err = thrownBy(fn);
  expect(err).toBeInstanceOf(CciError);
  const cci = err as CciError;
  expect(cci.code).toBe('TRANSCRIPT_PARSE');
  expect(cci.fault).toBe('user');
  expect(cci.exitCode).toBe(2);
  return cci;
}

describe('detectTranscribeOutput / parseTranscribeOutput', () => {
  it.each([
    ['call-analytics-redacted', 'call-analytics'],
    ['standard-speaker-labels', 'standard'],
    ['standard-no-speakers', 'standard'],
    ['standard-channels', 'standard'],
    ['standard-audio-segments', 'standard'],
  ] as const)('detects %s as %s and parses it with that parser', (name, kind) => {
    const doc = loadFixture(name);
    expect(detectTranscribeOutput(doc)).toBe(kind);
    const direct =
      kind === 'call-analytics'
        ? parseCallAnalyticsOutput(doc)
        : parseStandardOutput(doc, { speakerRoles: 'first-speaker-agent' });
    const detected = parseTranscribeOutput(doc, { speakerRoles: 'first-speaker-agent' });
    expect(detected.source).toBe(kind);
    expect(detected).toEqual(direct);
  });

  it('passes the redacted option through to either parser', () => {
    const ca = {
      Transcript: [
        { ParticipantRole: 'AGENT', Content: 'Hi.', BeginOffsetMillis: 0, EndOffsetMillis: 500 },
      ],
    };
    const std = { results: { items: [] } };
    expect(parseTranscribeOutput(ca, { redacted: true }).redacted).toBe(true);
    expect(parseTranscribeOutput(std, { redacted: true }).redacted).toBe(true);
    expect(parseTranscribeOutput(std).segments).toEqual([]);
  });

  it.each([null, 'text', 42, [], { jobName: 'x' }])(
    'rejects %j as not a Transcribe document',
    (json) => {
      expect(detectTranscribeOutput(json)).toBeUndefined();
      expect(parseError(() => parseTranscribeOutput(json)).message).toContain('(root)');
    },
  );
});

describe('malformed Transcribe output', () => {
  it('names the path of a wrongly typed Call Analytics field', () => {
    const err = parseError(() => parseTranscribeOutput(loadFixture('malformed-call-analytics')));
    expect(err.message).toContain('Transcript[2].BeginOffsetMillis');
    expect(err.message).toContain('expected number');
    expect(err.details).toEqual([
      expect.objectContaining({ path: 'Transcript[2].BeginOffsetMillis' }),
    ]);
  });

  it('names the path of a missing Call Analytics field', () => {
    const doc = loadFixture('call-analytics-redacted');
    const turns = doc.Transcript as Array<Record<string, unknown>>;
    delete turns[4]?.Content;
    expect(parseError(() => parseCallAnalyticsOutput(doc)).message).toContain(
      'Transcript[4].Content',
    );
  });

  it('rejects a Call Analytics document without a Transcript array', () => {
    const doc = loadFixture('call-analytics-redacted');
    doc.Transcript = 'none';
    expect(parseError(() => parseTranscribeOutput(doc)).message).toMatch(
      /- Transcript: .*expected array/,
    );
  });

  it('names a word item without a start time', () => {
    const doc = loadFixture('standard-speaker-labels');
    const items = (doc.results as { items: Array<Record<string, unknown>> }).items;
    delete items[3]?.start_time;
    expect(parseError(() => parseStandardOutput(doc)).message).toContain(
      'results.items[3].start_time: required for pronunciation items',
    );
  });

  it('names a time that is not a number of seconds', () => {
    const doc = loadFixture('standard-channels');
    const channels = (
      doc.results as {
        channel_labels: { channels: Array<{ items: Array<Record<string, unknown>> }> };
      }
    ).channel_labels.channels;
    const item = channels[1]?.items[0];
    if (item) item.end_time = 'soon';
    expect(parseError(() => parseTranscribeOutput(doc)).message).toContain(
      'results.channel_labels.channels[1].items[0].end_time: expected a time in seconds',
    );
  });

  it('rejects a standard document whose results are missing their shape', () => {
    expect(parseError(() => parseTranscribeOutput({ results: 'done' })).message).toContain(
      'results:',
    );
  });

  it('lists a few problems and counts the rest, keeping all of them in details', () => {
    const items = Array.from({ length: 12 }, () => ({ type: 'pronunciation', alternatives: 'x' }));
    const err = parseError(() => parseStandardOutput({ results: { items } }));
    expect(err.message).toContain('results.items[0].alternatives');
    expect(err.message).toMatch(/and 7 more/);
    expect(err.details).toHaveLength(12);
  });
});
