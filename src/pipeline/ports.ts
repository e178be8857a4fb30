import type { Transcript } from '../core/transcript/model.js';
import type { ResultEntities, ResultKeyPhrases, ResultSentiment } from '../core/result/schema.js';
import type { QaPrompt } from '../core/llm/prompt.js';
import type { ExtractedAnswer } from '../core/llm/extract-answer.js';

/**
 * The ports of DESIGN.md. The pipeline (job-init, result-handler) is written once
 * against these; `src/aws/adapters` and `src/local` implement them.
 */

/** The guide's three buckets, by role; each adapter maps a role to its bucket or directory. */
export type BucketRole = 'input' | 'results' | 'staging';

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
  /** User metadata (S3 x-amz-meta-*), e.g. agent-id, queue. */
  metadata: Record<string, string>;
}

export interface PutObjectOptions {
  contentType?: string;
  metadata?: Record<string, string>;
  /** Object tags; results always carry `tenant_id` (guide §14). */
  tags?: Record<string, string>;
}

export interface ObjectStore {
  put(
    bucket: BucketRole,
    key: string,
    body: Uint8Array | string,
    options?: PutObjectOptions,
  ): Promise<void>;
  /** undefined when the object does not exist. */
  get(bucket: BucketRole, key: string): Promise<Uint8Array | undefined>;
  /** Bytes [start, end] inclusive, like an HTTP Range; undefined when missing. */
  getRange(
    bucket: BucketRole,
    key: string,
    start: number,
    end: number,
  ): Promise<Uint8Array | undefined>;
  head(bucket: BucketRole, key: string): Promise<ObjectInfo | undefined>;
  getTags(bucket: BucketRole, key: string): Promise<Record<string, string> | undefined>;
  list(bucket: BucketRole, prefix: string): AsyncIterable<ObjectInfo>;
  delete(bucket: BucketRole, key: string): Promise<void>;
  /** An address for the object as the transcriber wants it (s3://bucket/key or a file path). */
  uri(bucket: BucketRole, key: string): string;
}

/** A DynamoDB-style item of `cci-lite-config`: string pk and sk plus attributes. */
export interface ConfigItem {
  pk: string;
  sk: string;
  [attribute: string]: unknown;
}

export interface ConfigStore {
  get(pk: string, sk: string): Promise<ConfigItem | undefined>;
  /**
   * Writes the item. With `ifNotExists` the write only happens when no item has
   * that pk/sk, and the result says whether it was written (a conditional put).
   */
  put(item: ConfigItem, options?: { ifNotExists?: boolean }): Promise<boolean>;
  /** Items of one partition, sorted by sk, optionally only those whose sk starts with a prefix. */
  query(pk: string, skPrefix?: string): Promise<ConfigItem[]>;
  /** Every item whose pk starts with a prefix (tenant listing). */
  scanPrefix(pkPrefix: string, skPrefix?: string): Promise<ConfigItem[]>;
  delete(pk: string, sk: string): Promise<void>;
}

export type TranscriptionKind = 'call-analytics' | 'standard';

export interface StartTranscriptionRequest {
  /** = call_id: job start is idempotent by name. */
  jobName: string;
  tenantId: string;
  kind: TranscriptionKind;
  media: { bucket: BucketRole; key: string; format: string; sampleRateHz?: number };
  /** Call Analytics: channel 0 agent, 1 customer unless the tenant says otherwise. */
  channelRoles?: Array<'AGENT' | 'CUSTOMER'>;
  languageCode: string;
  /** Where the (redacted) output goes: `tmp/<tenant>/` in the results bucket. */
  outputPrefix: string;
  tags: Record<string, string>;
}

export type JobStatus = 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface TranscriptionJob {
  jobName: string;
  kind: TranscriptionKind;
  status: JobStatus;
  failureReason?: string;
  /** The redacted transcript's location when COMPLETED. */
  transcript?: { bucket: BucketRole; key: string };
}

export interface Transcriber {
  /** 'exists' when a job of that name was already started (a repeated event). */
  start(request: StartTranscriptionRequest): Promise<'started' | 'exists'>;
  get(jobName: string, kind: TranscriptionKind): Promise<TranscriptionJob | undefined>;
}

export interface TextAnalysis {
  sentiment: ResultSentiment;
  keyPhrases: ResultKeyPhrases;
  entities: ResultEntities;
  /** Billing units used (Comprehend: 100-character units), for cost reporting. */
  units?: number;
}

export interface TextAnalyzer {
  analyze(transcript: Transcript): Promise<TextAnalysis>;
}

/** One LLM call for all criteria and the summary (Bedrock Converse or an OpenAI-compatible endpoint). */
export interface LlmClient {
  readonly kind: 'bedrock' | 'llm-endpoint';
  readonly model: string;
  complete(prompt: QaPrompt): Promise<ExtractedAnswer>;
}

/** Where failed work goes, with its reason (local: the SQLite DLQ; AWS: SQS DLQ / on-failure destination). */
export interface DeadLetterSink {
  send(body: string, reason: string): Promise<void>;
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export interface PipelineLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
