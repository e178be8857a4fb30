import { z } from 'zod';

/**
 * The parts of standard Amazon Transcribe output we read (snake_case, times as
 * strings in seconds). Objects are loose because AWS adds fields over time.
 * Numbers are accepted for times too, so tools that write the same shape
 * (the local speech-to-text engine) need not stringify them.
 */
const SECONDS_MESSAGE = 'expected a time in seconds, e.g. "4.87"';
const seconds = z.union(
  [
    z.string().regex(/^\s*\d+(\.\d+)?\s*$/, { error: SECONDS_MESSAGE }),
    z.number().finite().nonnegative({ error: SECONDS_MESSAGE }),
  ],
  { error: SECONDS_MESSAGE },
);

export const StandardItemSchema = z
  .looseObject({
    id: z.union([z.number(), z.string()]).optional(),
    type: z.string(),
    start_time: seconds.optional(),
    end_time: seconds.optional(),
    alternatives: z.array(z.looseObject({ content: z.string() })).min(1),
    speaker_label: z.string().optional(),
    channel_label: z.string().optional(),
  })
  .superRefine((item, ctx) => {
    // Only punctuation may lack times; a timeless word cannot be placed in a turn.
    if (item.type === 'punctuation') return;
    for (const key of ['start_time', 'end_time'] as const) {
      if (item[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `required for ${item.type} items` });
      }
    }
  });

const SpeakerSegmentSchema = z.looseObject({
  start_time: seconds,
  end_time: seconds,
  speaker_label: z.string(),
  items: z
    .array(z.looseObject({ start_time: seconds.optional(), speaker_label: z.string().optional() }))
    .optional(),
});

const AudioSegmentSchema = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  transcript: z.string(),
  start_time: seconds,
  end_time: seconds,
  speaker_label: z.string().optional(),
  channel_label: z.string().optional(),
});

export const StandardOutputSchema = z.looseObject({
  jobName: z.string().optional(),
  status: z.string().optional(),
  results: z.looseObject({
    language_code: z.string().optional(),
    transcripts: z.array(z.looseObject({ transcript: z.string() })).optional(),
    items: z.array(StandardItemSchema).default([]),
    speaker_labels: z
      .looseObject({ segments: z.array(SpeakerSegmentSchema).default([]) })
      .optional(),
    channel_labels: z
      .looseObject({
        channels: z.array(
          z.looseObject({ channel_label: z.string(), items: z.array(StandardItemSchema) }),
        ),
      })
      .optional(),
    audio_segments: z.array(AudioSegmentSchema).optional(),
  }),
});

export type StandardOutput = z.output<typeof StandardOutputSchema>;
export type StandardResults = StandardOutput['results'];
export type StandardItem = z.output<typeof StandardItemSchema>;
export type StandardSpeakerSegment = z.output<typeof SpeakerSegmentSchema>;
export type StandardAudioSegment = z.output<typeof AudioSegmentSchema>;

/** Seconds (string or number) to whole milliseconds. */
export function secondsToMs(value: string | number): number {
  return Math.round(Number(value) * 1000);
}
