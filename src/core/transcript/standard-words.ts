import type { TimedWord } from './merge-words.js';
import { joinTokens, normaliseText } from './segment-text.js';
import {
  secondsToMs,
  type StandardItem,
  type StandardResults,
  type StandardSpeakerSegment,
} from './standard-schema.js';

type LabelOf = (item: StandardItem) => string | undefined;

/**
 * Standard output items to words. Punctuation carries no time and belongs to
 * the word before it, so it is glued onto that word; that also keeps a comma
 * from ever starting a new turn. An item without a label inherits the previous
 * word's, since Transcribe labels whole runs of speech.
 */
export function itemsToWords(items: readonly StandardItem[], labelOf: LabelOf): TimedWord[] {
  const words: TimedWord[] = [];
  for (const item of items) {
    const content = normaliseText(item.alternatives[0]?.content ?? '');
    if (content === '') continue;
    const previous = words[words.length - 1];
    if (item.type === 'punctuation') {
      // Punctuation with no word before it (a turn cannot open with one) is dropped.
      if (previous) previous.text = joinTokens([previous.text, content]);
      continue;
    }
    const label = labelOf(item) ?? previous?.speakerLabel;
    const word: TimedWord = {
      role: 'UNKNOWN',
      text: content,
      beginMs: secondsToMs(item.start_time ?? 0),
      endMs: secondsToMs(item.end_time ?? item.start_time ?? 0),
    };
    if (label !== undefined) word.speakerLabel = label;
    words.push(word);
  }
  return words;
}

/** Words of a channel-identified job: each channel's own item list, labelled by channel. */
export function channelWords(results: StandardResults): TimedWord[] {
  const channels = results.channel_labels?.channels ?? [];
  return channels.flatMap((channel) =>
    itemsToWords(channel.items, (item) => item.channel_label ?? channel.channel_label),
  );
}

/**
 * Words of a speaker-labelled (or unlabelled) job. Current output labels each
 * item; older output labels only `speaker_labels.segments`, so an item's
 * speaker is looked up there by its start time. Without speaker labels an
 * item's own channel label (channel-identified items listed only at the top
 * level) is the speaker.
 */
export function speakerWords(results: StandardResults): TimedWord[] {
  const segments = results.speaker_labels?.segments;
  const fromSegments = segmentSpeakerLookup(segments ?? []);
  const fallback = (item: StandardItem): string | undefined => {
    if (segments === undefined) return item.channel_label;
    return item.start_time === undefined ? undefined : fromSegments(secondsToMs(item.start_time));
  };
  return itemsToWords(results.items, (item) => item.speaker_label ?? fallback(item));
}

function segmentSpeakerLookup(
  segments: readonly StandardSpeakerSegment[],
): (startMs: number) => string | undefined {
  const byStart = new Map<number, string>();
  for (const segment of segments) {
    for (const item of segment.items ?? []) {
      if (item.start_time !== undefined) {
        byStart.set(secondsToMs(item.start_time), item.speaker_label ?? segment.speaker_label);
      }
    }
  }
  const ranges = segments.map((s) => ({
    label: s.speaker_label,
    beginMs: secondsToMs(s.start_time),
    endMs: secondsToMs(s.end_time),
  }));
  return (startMs) =>
    byStart.get(startMs) ?? ranges.find((r) => r.beginMs <= startMs && startMs < r.endMs)?.label;
}
