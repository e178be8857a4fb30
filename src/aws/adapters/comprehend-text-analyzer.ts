import {
  BatchDetectEntitiesCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  type BatchItemError,
  type ComprehendClient,
  type Entity,
  type KeyPhrase,
  type LanguageCode,
  type SentimentScore,
} from '@aws-sdk/client-comprehend';
import { CciError, userError } from '../../core/errors.js';
import {
  chunkTranscriptPieces,
  comprehendUnits,
  toBatches,
  type ChunkPiece,
} from '../../core/nlp/index.js';
import type {
  ResultEntities,
  ResultKeyPhrases,
  ResultSentiment,
} from '../../core/result/schema.js';
import { SENTIMENTS, type Sentiment, type Transcript } from '../../core/transcript/model.js';
import { keyPhrasesOf } from '../../core/nlp/key-phrases.js';
import type { PipelineLogger, TextAnalysis, TextAnalyzer } from '../../pipeline/ports.js';
import { awsErrorCode } from '../provision/step.js';
import { isThrottlingError, realSleep, withAwsRetry } from './retry.js';

/**
 * The TextAnalyzer port on Comprehend's batch calls. The transcript is packed
 * into as few ≤5 000-byte documents as possible (the same documents the local
 * analyzer scores, so `Index` means the same on both targets), sent 25 at a
 * time to BatchDetectSentiment, BatchDetectKeyPhrases and BatchDetectEntities.
 * A document Comprehend fails on is tried once more on its own batch, then left
 * out; only a call where every document failed is an error.
 */

export interface ComprehendTextAnalyzerOptions {
  /** Comprehend language; by default the transcript's own language when Comprehend has it, else 'en'. */
  languageCode?: string;
  sleep?: (ms: number) => Promise<void>;
  /** Throttling retries per batch call, the first attempt included. */
  maxAttempts?: number;
  /** Each throttled call (the handler counts the ComprehendThrottles metric). */
  onThrottle?: (operation: string) => void;
  logger?: PipelineLogger;
  random?: () => number;
}

export const DEFAULT_COMPREHEND_ATTEMPTS = 5;
const DEFAULT_LANGUAGE = 'en';
const COMPREHEND_LANGUAGES: ReadonlySet<string> = new Set([
  'ar',
  'de',
  'en',
  'es',
  'fr',
  'hi',
  'it',
  'ja',
  'ko',
  'pt',
  'zh',
  'zh-TW',
]);
/** The APIs each document goes through (units are billed per API). */
const API_COUNT = 3;
/** The customer's mood says more about the call than the agent's politeness (as on the local target). */
const ROLE_WEIGHT = { CUSTOMER: 2, AGENT: 1, UNKNOWN: 1 } as const;
const REDACTION = /\bpii\b/i;

interface BatchAnswer<R> {
  ResultList?: Array<R & { Index?: number | undefined }> | undefined;
  ErrorList?: BatchItemError[] | undefined;
}

type Scores = Required<Record<keyof SentimentScore, number>>;

export class ComprehendTextAnalyzer implements TextAnalyzer {
  constructor(
    private readonly comprehend: ComprehendClient,
    private readonly options: ComprehendTextAnalyzerOptions = {},
  ) {}

  async analyze(transcript: Transcript): Promise<TextAnalysis> {
    const chunks = chunkTranscriptPieces(transcript);
    const documents = chunks.documents;
    if (documents.length === 0) {
      return {
        sentiment: { ResultList: [], overall: 'NEUTRAL', by_role: {} },
        keyPhrases: { ResultList: [] },
        entities: { ResultList: [] },
        units: 0,
      };
    }
    const LanguageCode = this.language(transcript) as LanguageCode;
    const [sentiments, phrases, entities] = await Promise.all([
      this.run('BatchDetectSentiment', documents, (TextList) =>
        this.comprehend.send(new BatchDetectSentimentCommand({ TextList, LanguageCode })),
      ),
      this.run('BatchDetectKeyPhrases', documents, (TextList) =>
        this.comprehend.send(new BatchDetectKeyPhrasesCommand({ TextList, LanguageCode })),
      ),
      this.run('BatchDetectEntities', documents, (TextList) =>
        this.comprehend.send(new BatchDetectEntitiesCommand({ TextList, LanguageCode })),
      ),
    ]);
    return {
      sentiment: sentimentOf(transcript, chunks.pieces, sentiments),
      keyPhrases: keyPhrasesOfDocuments(phrases),
      entities: entitiesOfDocuments(entities),
      units: comprehendUnits(documents) * API_COUNT,
    };
  }

  private language(transcript: Transcript): string {
    if (this.options.languageCode) return this.options.languageCode;
    const code = transcript.languageCode ?? '';
    if (COMPREHEND_LANGUAGES.has(code)) return code;
    const primary = code.split('-')[0]?.toLowerCase() ?? '';
    return COMPREHEND_LANGUAGES.has(primary) ? primary : DEFAULT_LANGUAGE;
  }

  /** Every document through one API: results by document index; failed documents left out. */
  private async run<R>(
    operation: string,
    documents: readonly string[],
    send: (texts: string[]) => Promise<BatchAnswer<R>>,
  ): Promise<Map<number, R>> {
    const results = new Map<number, R>();
    const failed: number[] = [];
    const indexes = documents.map((_, i) => i);
    for (const batch of toBatches(indexes)) {
      const answer = await this.call(operation, batch, documents, send);
      collect(answer, batch, results, failed);
    }
    if (failed.length > 0) {
      // Once more, without the documents that succeeded: a per-document error is often transient.
      const errors: BatchItemError[] = [];
      for (const batch of toBatches(failed)) {
        const answer = await this.call(operation, batch, documents, send);
        collect(answer, batch, results, [], errors);
      }
      const dropped = failed.filter((i) => !results.has(i));
      if (dropped.length > 0) {
        this.options.logger?.warn(`Comprehend ${operation} failed on some documents; left out`, {
          operation,
          documents: dropped,
          errors: errors.map((e) => `${e.ErrorCode ?? 'Error'}: ${e.ErrorMessage ?? ''}`),
        });
      }
      if (results.size === 0) {
        const first = errors[0];
        throw new CciError(
          'COMPREHEND_FAILED',
          `Comprehend ${operation} failed on every document of the call: ${first?.ErrorCode ?? 'unknown error'}${first?.ErrorMessage ? `: ${first.ErrorMessage}` : ''}`,
        );
      }
    }
    return results;
  }

  private async call<R>(
    operation: string,
    batch: readonly number[],
    documents: readonly string[],
    send: (texts: string[]) => Promise<BatchAnswer<R>>,
  ): Promise<BatchAnswer<R>> {
    const texts = batch.map((i) => documents[i] ?? '');
    try {
      return await withAwsRetry(() => send(texts), {
        maxAttempts: this.options.maxAttempts ?? DEFAULT_COMPREHEND_ATTEMPTS,
        sleep: this.options.sleep ?? realSleep,
        random: this.options.random,
        retryable: isThrottlingError,
        onRetryable: () => this.options.onThrottle?.(operation),
      });
    } catch (err) {
      throw comprehendError(operation, err);
    }
  }
}

/** Files a batch answer's results and errors under the documents' own indexes. */
function collect<R>(
  answer: BatchAnswer<R> | undefined,
  batch: readonly number[],
  results: Map<number, R>,
  failed: number[],
  errors: BatchItemError[] = [],
): void {
  for (const item of answer?.ResultList ?? []) {
    const index = item.Index === undefined ? undefined : batch[item.Index];
    if (index !== undefined) results.set(index, item);
  }
  for (const error of answer?.ErrorList ?? []) {
    const index = error.Index === undefined ? undefined : batch[error.Index];
    if (index !== undefined && !results.has(index)) failed.push(index);
    errors.push(error);
  }
}

function comprehendError(operation: string, err: unknown): CciError {
  const code = awsErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (isThrottlingError(err)) {
    return new CciError(
      'COMPREHEND_THROTTLED',
      `Comprehend ${operation} is still throttled after retries: ${message}`,
      {
        cause: err,
        hint: 'Retried later from the queue; raise the Comprehend quota if it persists.',
      },
    );
  }
  if (code === 'UnsupportedLanguageException') {
    return userError('COMPREHEND_LANGUAGE', `Comprehend ${operation}: ${message}`, {
      cause: err,
      hint: 'Set the call language to one Comprehend supports (e.g. en, es, fr, de).',
    });
  }
  return new CciError('COMPREHEND_FAILED', `Comprehend ${operation} failed: ${code}: ${message}`, {
    cause: err,
  });
}

interface DocumentSentiment {
  Sentiment?: string | undefined;
  SentimentScore?: SentimentScore | undefined;
}

/**
 * Per document as Comprehend says; per speaker and overall from the pieces of
 * text each speaker said, weighted by length. A document mixes both speakers,
 * so a piece takes its document's scores unless Call Analytics scored the turn
 * itself, which tells the speakers apart.
 */
function sentimentOf(
  transcript: Transcript,
  pieces: readonly ChunkPiece[],
  byDocument: Map<number, DocumentSentiment>,
): ResultSentiment {
  const ResultList = [...byDocument.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([Index, item]) => {
      const label = toSentiment(item.Sentiment);
      if (!label) return [];
      const scores = item.SentimentScore ? toScores(item.SentimentScore) : undefined;
      return [{ Index, Sentiment: label, ...(scores ? { SentimentScore: scores } : {}) }];
    });
  const weighted = pieces.flatMap((piece) => {
    const scores = pieceScores(piece, transcript, byDocument);
    return scores ? [{ role: piece.role, scores, length: [...piece.text].length }] : [];
  });
  const by_role: ResultSentiment['by_role'] = {};
  for (const role of ['AGENT', 'CUSTOMER'] as const) {
    const label = labelOf(weighted.filter((w) => w.role === role).map((w) => [w.scores, w.length]));
    if (label) by_role[role] = label;
  }
  const overall = labelOf(weighted.map((w) => [w.scores, w.length * ROLE_WEIGHT[w.role]]));
  return { ResultList, overall: overall ?? 'NEUTRAL', by_role };
}

function pieceScores(
  piece: ChunkPiece,
  transcript: Transcript,
  byDocument: Map<number, DocumentSentiment>,
): Scores | undefined {
  const turn = transcript.segments[piece.segment]?.sentiment;
  if (turn) return oneHot(turn);
  const document = byDocument.get(piece.chunk);
  if (document?.SentimentScore) return toScores(document.SentimentScore);
  const label = toSentiment(document?.Sentiment);
  return label ? oneHot(label) : undefined;
}

/** The label with the highest length-weighted mean score; undefined when nothing was said. */
function labelOf(weighted: ReadonlyArray<[Scores, number]>): Sentiment | undefined {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  if (total <= 0) return undefined;
  const mean = (key: keyof Scores): number =>
    weighted.reduce((sum, [s, w]) => sum + s[key] * w, 0) / total;
  const ranked: Array<[Sentiment, number]> = [
    ['NEUTRAL', mean('Neutral')],
    ['POSITIVE', mean('Positive')],
    ['NEGATIVE', mean('Negative')],
    ['MIXED', mean('Mixed')],
  ];
  return ranked.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

function toScores(score: SentimentScore): Scores {
  return {
    Positive: clamp01(score.Positive),
    Negative: clamp01(score.Negative),
    Neutral: clamp01(score.Neutral),
    Mixed: clamp01(score.Mixed),
  };
}

function oneHot(label: Sentiment): Scores {
  return {
    Positive: label === 'POSITIVE' ? 1 : 0,
    Negative: label === 'NEGATIVE' ? 1 : 0,
    Neutral: label === 'NEUTRAL' ? 1 : 0,
    Mixed: label === 'MIXED' ? 1 : 0,
  };
}

function toSentiment(value: string | undefined): Sentiment | undefined {
  return (SENTIMENTS as readonly string[]).includes(value ?? '') ? (value as Sentiment) : undefined;
}

function clamp01(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** Ranked and cleaned the same way as on the local target (small talk and redaction markers dropped). */
function keyPhrasesOfDocuments(
  byDocument: Map<number, { KeyPhrases?: KeyPhrase[] | undefined }>,
): ResultKeyPhrases {
  return {
    ResultList: [...byDocument.entries()]
      .sort(([a], [b]) => a - b)
      .map(([Index, item]) => ({
        Index,
        KeyPhrases: keyPhrasesOf((item.KeyPhrases ?? []).flatMap((k) => (k.Text ? [k.Text] : []))),
      })),
  };
}

/** Comprehend's own types and confidence; duplicates and anything touching a redaction dropped. */
function entitiesOfDocuments(
  byDocument: Map<number, { Entities?: Entity[] | undefined }>,
): ResultEntities {
  return {
    ResultList: [...byDocument.entries()]
      .sort(([a], [b]) => a - b)
      .map(([Index, item]) => ({ Index, Entities: cleanEntities(item.Entities ?? []) })),
  };
}

function cleanEntities(
  entities: readonly Entity[],
): ResultEntities['ResultList'][number]['Entities'] {
  const seen = new Set<string>();
  const out: ResultEntities['ResultList'][number]['Entities'] = [];
  for (const entity of entities) {
    const text = (entity.Text ?? '').replace(/\s+/g, ' ').trim();
    const type = entity.Type ?? 'OTHER';
    if (!text || REDACTION.test(text)) continue;
    const key = `${type}:${text.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      Text: text,
      Type: type,
      ...(entity.Score === undefined ? {} : { Score: clamp01(entity.Score) }),
    });
  }
  return out;
}
