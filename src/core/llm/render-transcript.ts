import type { Transcript, TranscriptSegment } from '../transcript/model.js';
import { oneLine } from './describe-rule.js';

/** Prompt view of the transcript: `[mm:ss] ROLE: text`, one segment per line. */

export const DEFAULT_MAX_TRANSCRIPT_CHARS = 60_000;
/** Room kept for the "left out" marker so the trimmed text stays within budget. */
const MARKER_RESERVE = 160;

export function formatOffset(ms: number): string {
  const totalSeconds = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** Transcript text is data: a stray closing tag must not end the block early. */
function neutraliseTags(text: string): string {
  return text.replace(/<\s*\/?\s*transcript\s*>/gi, '(transcript)');
}

export function renderSegment(segment: TranscriptSegment): string {
  return `[${formatOffset(segment.beginMs)}] ${segment.role}: ${neutraliseTags(oneLine(segment.text))}`;
}

interface RenderedLine {
  text: string;
  beginMs: number;
}

export interface RenderedTranscript {
  text: string;
  totalLines: number;
  omittedLines: number;
  omittedChars: number;
}

/**
 * Renders the transcript, trimming the middle when it exceeds maxChars: openings
 * (greeting, verification) and closings (resolution, farewell) carry most QA
 * criteria, so both ends are kept and the marker says what was left out.
 */
export function renderTranscript(
  transcript: Transcript,
  maxChars: number = DEFAULT_MAX_TRANSCRIPT_CHARS,
): RenderedTranscript {
  const lines = transcript.segments.map((s) => ({ text: renderSegment(s), beginMs: s.beginMs }));
  const full = lines.map((l) => l.text).join('\n');
  if (full.length <= maxChars) {
    return { text: full, totalLines: lines.length, omittedLines: 0, omittedChars: 0 };
  }
  return trimMiddle(lines, full.length, maxChars);
}

function trimMiddle(
  lines: RenderedLine[],
  fullLength: number,
  maxChars: number,
): RenderedTranscript {
  const budget = Math.max(0, maxChars - MARKER_RESERVE);
  const headBudget = Math.floor(budget / 2);
  const head = takeLines(lines, headBudget, 'head');
  const tail = takeLines(lines.slice(head.count), budget - head.used, 'tail');
  const omitted = lines.slice(head.count, lines.length - tail.count);
  const keptChars = head.used + tail.used;
  // Counts the cut-off part of a line cut at either end too, not only whole lines.
  const omittedChars = Math.max(0, fullLength - keptChars);
  const marker = omissionMarker(omitted, omittedChars);
  const text = [...head.texts, marker, ...tail.texts].join('\n');
  return { text, totalLines: lines.length, omittedLines: omitted.length, omittedChars };
}

interface Taken {
  texts: string[];
  count: number;
  used: number;
}

/**
 * Whole lines from one end while they fit. A single line longer than the budget
 * is cut rather than dropped, so a monologue still shows how it starts or ends.
 */
function takeLines(lines: RenderedLine[], budget: number, end: 'head' | 'tail'): Taken {
  const ordered = end === 'head' ? lines : [...lines].reverse();
  const texts: string[] = [];
  let used = 0;
  for (const line of ordered) {
    const cost = line.text.length + 1;
    if (used + cost > budget) break;
    texts.push(line.text);
    used += cost;
  }
  if (texts.length === 0 && ordered[0] && budget > 2) {
    const cut = cutLine(ordered[0].text, budget - 1, end);
    return { texts: [cut], count: 1, used: cut.length + 1 };
  }
  return { texts: end === 'head' ? texts : texts.reverse(), count: texts.length, used };
}

function cutLine(text: string, length: number, end: 'head' | 'tail'): string {
  return end === 'head'
    ? `${text.slice(0, length - 1)}…`
    : `…${text.slice(text.length - length + 1)}`;
}

function omissionMarker(omitted: RenderedLine[], omittedChars: number): string {
  const first = omitted[0];
  const last = omitted[omitted.length - 1];
  const span =
    first && last ? ` from ${formatOffset(first.beginMs)} to ${formatOffset(last.beginMs)}` : '';
  return `[… transcript trimmed: ${omitted.length} lines (${omittedChars} characters) left out${span} …]`;
}
