import type { ParticipantRole, Transcript } from '../transcript/model.js';

/**
 * The transcript packed into as few text documents as possible for batch text
 * analysis. Comprehend takes at most 5 000 UTF-8 bytes a document and bills
 * 100-character units with a 3-unit minimum per document, so one document per
 * turn would cost far more than a few full ones. Documents break on segment
 * boundaries; a segment longer than a document is split on sentence, then
 * word, boundaries. Order is kept, so greedy packing gives the fewest documents.
 */

export const COMPREHEND_MAX_DOCUMENT_BYTES = 5000;
export const COMPREHEND_MAX_BATCH_DOCUMENTS = 25;
export const COMPREHEND_UNIT_CHARS = 100;
export const COMPREHEND_MIN_UNITS = 3;

/** A segment's text (or a part of it) placed in a document. */
export interface ChunkPiece {
  /** Index of the document (= Comprehend's result Index). */
  chunk: number;
  /** Index of the transcript segment the text comes from. */
  segment: number;
  role: ParticipantRole;
  text: string;
}

export interface TranscriptChunks {
  documents: string[];
  pieces: ChunkPiece[];
}

/** Pieces within a document are joined by a line break (one byte). */
const SEPARATOR = '\n';

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

export function chunkTranscript(
  transcript: Transcript,
  maxBytes = COMPREHEND_MAX_DOCUMENT_BYTES,
): string[] {
  return chunkTranscriptPieces(transcript, maxBytes).documents;
}

/** The documents and, for each piece of text, which segment it came from. */
export function chunkTranscriptPieces(
  transcript: Transcript,
  maxBytes = COMPREHEND_MAX_DOCUMENT_BYTES,
): TranscriptChunks {
  const pieces = transcript.segments.flatMap((segment, index) =>
    splitToFit(segment.text.replace(/\s+/g, ' ').trim(), maxBytes).map((text) => ({
      segment: index,
      role: segment.role,
      text,
    })),
  );
  return pack(pieces, maxBytes);
}

/** Plain texts packed the same way (e.g. one role's turns). */
export function chunkTexts(
  texts: readonly string[],
  maxBytes = COMPREHEND_MAX_DOCUMENT_BYTES,
): string[] {
  const pieces = texts.flatMap((t, index) =>
    splitToFit(t.replace(/\s+/g, ' ').trim(), maxBytes).map((text) => ({
      segment: index,
      role: 'UNKNOWN' as const,
      text,
    })),
  );
  return pack(pieces, maxBytes).documents;
}

function pack(pieces: Array<Omit<ChunkPiece, 'chunk'>>, maxBytes: number): TranscriptChunks {
  const documents: string[] = [];
  const placed: ChunkPiece[] = [];
  let current = '';
  let currentBytes = 0;
  for (const piece of pieces) {
    const bytes = utf8Bytes(piece.text);
    if (current && currentBytes + 1 + bytes > maxBytes) {
      documents.push(current);
      current = '';
      currentBytes = 0;
    }
    current = current ? `${current}${SEPARATOR}${piece.text}` : piece.text;
    currentBytes += (currentBytes > 0 ? 1 : 0) + bytes;
    placed.push({ ...piece, chunk: documents.length });
  }
  if (current) documents.push(current);
  return { documents, pieces: placed };
}

/** A segment's text in parts of at most maxBytes: sentences, then words, then characters. */
function splitToFit(text: string, maxBytes: number): string[] {
  if (!text) return [];
  if (utf8Bytes(text) <= maxBytes) return [text];
  const sentences = text.split(/(?<=[.!?])\s+/);
  if (sentences.length > 1) return regroup(sentences, maxBytes);
  const words = text.split(' ');
  if (words.length > 1) return regroup(words, maxBytes);
  return splitCharacters(text, maxBytes);
}

/** Joins consecutive parts with spaces while they fit; parts too long themselves are split further. */
function regroup(parts: readonly string[], maxBytes: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const part of parts.flatMap((p) => splitToFit(p, maxBytes))) {
    const joined = current ? `${current} ${part}` : part;
    if (current && utf8Bytes(joined) > maxBytes) {
      out.push(current);
      current = part;
    } else {
      current = joined;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Last resort for one enormous "word": cut between code points, never inside one. */
function splitCharacters(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (current && bytes + size > maxBytes) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  if (current) out.push(current);
  return out;
}

/** Comprehend billing units for these documents: 100-character units, at least 3 each. */
export function comprehendUnits(documents: readonly string[]): number {
  return documents.reduce(
    (sum, doc) =>
      sum + Math.max(COMPREHEND_MIN_UNITS, Math.ceil([...doc].length / COMPREHEND_UNIT_CHARS)),
    0,
  );
}

/** Documents grouped for batch calls of at most 25. */
export function toBatches<T>(
  documents: readonly T[],
  size = COMPREHEND_MAX_BATCH_DOCUMENTS,
): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < documents.length; i += size) batches.push(documents.slice(i, i + size));
  return batches;
}
