export {
  chunkTranscript,
  chunkTranscriptPieces,
  chunkTexts,
  comprehendUnits,
  toBatches,
  utf8Bytes,
  COMPREHEND_MAX_DOCUMENT_BYTES,
  COMPREHEND_MAX_BATCH_DOCUMENTS,
  COMPREHEND_MIN_UNITS,
  COMPREHEND_UNIT_CHARS,
  type ChunkPiece,
  type TranscriptChunks,
} from './chunk-transcript.js';
