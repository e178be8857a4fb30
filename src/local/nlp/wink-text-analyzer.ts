import { chunkTranscriptPieces, type ChunkPiece } from '../../core/nlp/chunk-transcript.js';
import type {
  ResultEntities,
  ResultKeyPhrases,
  ResultSentiment,
} from '../../core/result/schema.js';
import { PII_TOKEN } from '../../core/transcript/segment-text.js';
import type { Transcript } from '../../core/transcript/model.js';
import type { TextAnalysis, TextAnalyzer } from '../../pipeline/ports.js';
import { withoutFormulas } from './courtesy.js';
import { toResultEntities } from './entities.js';
import { keyPhrasesOf } from '../../core/nlp/key-phrases.js';
import { aggregateSentiment } from './sentiment-aggregate.js';
import { scorePiece, type PieceSentiment } from './sentiment-scoring.js';
import { loadNlpEngine, type NlpEngine } from './wink-engine.js';

/**
 * The local TextAnalyzer: sentiment, key phrases and entities with wink-nlp
 * (and compromise for names), in the shapes Comprehend's batch calls give, over
 * the same documents the Comprehend adapter sends (chunkTranscript), so
 * `Index` means the same on both targets.
 */

export interface WinkTextAnalyzerOptions {
  /** Document size limit; defaults to Comprehend's 5 000 bytes. */
  maxDocumentBytes?: number;
  /** Key phrases kept per document. */
  maxKeyPhrases?: number;
}

interface AnalysedPiece extends ChunkPiece {
  sentiment: PieceSentiment;
}

export class WinkTextAnalyzer implements TextAnalyzer {
  private engine: NlpEngine | undefined;

  constructor(private readonly options: WinkTextAnalyzerOptions = {}) {}

  analyze(transcript: Transcript): Promise<TextAnalysis> {
    try {
      return Promise.resolve(this.analyzeNow(transcript));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private analyzeNow(transcript: Transcript): TextAnalysis {
    this.engine ??= loadNlpEngine();
    const engine = this.engine;
    const chunks = chunkTranscriptPieces(transcript, this.options.maxDocumentBytes);
    const pieces: AnalysedPiece[] = chunks.pieces.map((piece) => ({
      ...piece,
      sentiment: scorePiece(piece.text, piece.role, (text) => engine.sentenceSentiments(text)),
    }));
    const byChunk = chunks.documents.map((_, index) => pieces.filter((p) => p.chunk === index));
    return {
      sentiment: sentimentOf(pieces, byChunk),
      keyPhrases: keyPhrasesOfChunks(engine, byChunk, this.options.maxKeyPhrases),
      entities: entitiesOf(engine, byChunk),
    };
  }
}

function sentimentOf(
  pieces: readonly AnalysedPiece[],
  byChunk: AnalysedPiece[][],
): ResultSentiment {
  const resultList = byChunk.flatMap((chunk, Index) => {
    const agg = aggregateSentiment(chunk.map((p) => p.sentiment));
    return agg ? [{ Index, Sentiment: agg.label, SentimentScore: agg.scores }] : [];
  });
  const overall = aggregateSentiment(pieces.map((p) => p.sentiment));
  const by_role: ResultSentiment['by_role'] = {};
  for (const role of ['AGENT', 'CUSTOMER'] as const) {
    const agg = aggregateSentiment(pieces.filter((p) => p.role === role).map((p) => p.sentiment));
    if (agg) by_role[role] = agg.label;
  }
  return { ResultList: resultList, overall: overall?.label ?? 'NEUTRAL', by_role };
}

/**
 * Redaction markers and set phrases become a pause, so no phrase or entity runs
 * through a marker and "have a nice day" is not a topic.
 */
function withoutMarkers(text: string): string {
  return withoutFormulas(text.split(PII_TOKEN).join(' , '));
}

function keyPhrasesOfChunks(
  engine: NlpEngine,
  byChunk: AnalysedPiece[][],
  limit: number | undefined,
): ResultKeyPhrases {
  return {
    ResultList: byChunk.map((chunk, Index) => ({
      Index,
      KeyPhrases: keyPhrasesOf(
        chunk.flatMap((p) => engine.nounPhrases(withoutMarkers(p.text))),
        limit,
      ),
    })),
  };
}

function entitiesOf(engine: NlpEngine, byChunk: AnalysedPiece[][]): ResultEntities {
  return {
    ResultList: byChunk.map((chunk, Index) => ({
      Index,
      Entities: toResultEntities(chunk.flatMap((p) => engine.entities(withoutMarkers(p.text)))),
    })),
  };
}
