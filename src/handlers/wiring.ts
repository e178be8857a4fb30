import { BedrockLlmClient } from '../aws/adapters/bedrock-llm-client.js';
import { ComprehendTextAnalyzer } from '../aws/adapters/comprehend-text-analyzer.js';
import { DynamoConfigStore } from '../aws/adapters/dynamo-config-store.js';
import { realSleep } from '../aws/adapters/retry.js';
import { S3ObjectStore } from '../aws/adapters/s3-object-store.js';
import { SqsDeadLetterSink } from '../aws/adapters/sqs-dead-letter-sink.js';
import { TranscribeTranscriber } from '../aws/adapters/transcribe-transcriber.js';
import { postResultSummary } from '../aws/adapters/webhook-notifier.js';
import { parseHandlerEnv, type HandlerEnv } from '../aws/lambda/handler-env.js';
import {
  BEDROCK_LATENCY_METRIC,
  COMPREHEND_THROTTLES_METRIC,
  type LambdaFunctionSpec,
} from '../aws/lambda/lambda-specs.js';
import { MAX_RECEIVE_COUNT } from '../aws/provision/sqs.js';
import { CciError } from '../core/errors.js';
import type { UnifiedResult } from '../core/result/schema.js';
import type { JobInitDeps } from '../pipeline/job-init.js';
import type {
  BucketRole,
  Clock,
  DeadLetterSink,
  LlmClient,
  TranscriptionKind,
} from '../pipeline/ports.js';
import type { Engine, ResultHandlerDeps } from '../pipeline/result-handler.js';
import { TenantStore, type Tenant } from '../pipeline/tenant-store.js';
import { createHandlerClients, type HandlerClients } from './handler-clients.js';
import {
  countMetric,
  createObservability,
  latencyMetric,
  pipelineLogger,
  type HandlerObservability,
} from './observability.js';

/**
 * The AWS adapters behind the pipeline's ports, built once per container from
 * the function's environment (guide §7.1) and the SDK clients. Tests build the
 * same deps over mocked clients with a simulated clock and their own fetch.
 */
export interface WiringInput {
  env: HandlerEnv;
  clients: HandlerClients;
  observability: HandlerObservability;
  /** Real time unless a test simulates it (the 45 s transcript wait, back-offs). */
  clock?: Clock;
  /** The webhook's HTTP client (global fetch unless replaced). */
  fetch?: typeof fetch;
}

export interface JobInitHandlerDeps extends HandlerObservability {
  /** Everything jobInit needs but the logger, which carries per-call keys. */
  pipeline: Omit<JobInitDeps, 'logger'>;
}

export interface ResultHandlerHandlerDeps extends HandlerObservability {
  /** Everything handleTranscribeMessage needs but the logger and the tenant's LLM. */
  pipeline: Omit<ResultHandlerDeps, 'logger' | 'llm'>;
  /** The Bedrock client of a model id, one per model for the container's life. */
  llmFor(modelId: string): LlmClient;
  /** BEDROCK_MODEL: the model of a message whose tenant cannot be read. */
  defaultModel: string;
  /** The DLQ, written with the reason when a message is given up on. */
  deadLetters: DeadLetterSink;
  /** Receives after which a failing message is dead-lettered (the queue's maxReceiveCount). */
  maxReceives: number;
}

export const realClock: Clock = { now: () => new Date(), sleep: realSleep };

export function bucketsOf(env: HandlerEnv): Record<BucketRole, string> {
  return {
    input: env.INPUT_BUCKET,
    results: env.OUTPUT_BUCKET,
    staging: env.ATHENA_STAGING_BUCKET,
  };
}

/** `source.engine` of a result: Call Analytics for stereo, standard Transcribe for mono. */
export function engineOf(kind: TranscriptionKind): Engine {
  return kind === 'call-analytics' ? 'aws-transcribe-call-analytics' : 'aws-transcribe';
}

export function buildJobInitDeps(input: WiringInput): JobInitHandlerDeps {
  const { env, observability } = input;
  const core = coreAdapters(input);
  return {
    ...observability,
    pipeline: {
      objects: core.objects,
      tenants: core.tenants,
      transcriber: core.transcriber,
      inputBucket: env.INPUT_BUCKET,
      languageCode: env.LANGUAGE_CODE,
    },
  };
}

export function buildResultHandlerDeps(input: WiringInput): ResultHandlerHandlerDeps {
  const { env, clients, observability } = input;
  const { tracer, metrics } = observability;
  const clock = input.clock ?? realClock;
  const core = coreAdapters(input);
  const comprehend = tracer.captureAWSv3Client(clients.comprehend);
  const bedrock = tracer.captureAWSv3Client(clients.bedrock);
  const sqs = tracer.captureAWSv3Client(clients.sqs);
  const llms = new Map<string, LlmClient>();
  const fetchImpl = input.fetch;
  return {
    ...observability,
    pipeline: {
      objects: core.objects,
      tenants: core.tenants,
      transcriber: core.transcriber,
      // No languageCode: LANGUAGE_CODE is Transcribe's (en-US); the analyzer maps the
      // transcript's language to Comprehend's (en) itself.
      analyzer: new ComprehendTextAnalyzer(comprehend, {
        sleep: (ms) => clock.sleep(ms),
        logger: pipelineLogger(observability.logger),
        onThrottle: () => countMetric(metrics, COMPREHEND_THROTTLES_METRIC),
      }),
      clock,
      defaultTemplateKey: env.QA_TEMPLATE_KEY,
      engine: engineOf,
      // speakerRoles left unset, as on the local target: mono speakers stay UNKNOWN,
      // which evidence rules accept as either side rather than guessing who spoke first.
      notify: (result: UnifiedResult, tenant: Tenant) =>
        tenant.webhookUrl === undefined
          ? Promise.resolve()
          : postResultSummary(
              tenant.webhookUrl,
              result,
              tenant,
              fetchImpl === undefined ? {} : { fetch: fetchImpl },
            ),
    },
    llmFor: (modelId) => {
      let llm = llms.get(modelId);
      if (llm === undefined) {
        llm = new BedrockLlmClient(bedrock, {
          modelId,
          sleep: (ms) => clock.sleep(ms),
          now: () => clock.now().getTime(),
          onLatency: (ms) => latencyMetric(metrics, BEDROCK_LATENCY_METRIC, ms),
        });
        llms.set(modelId, llm);
      }
      return llm;
    },
    defaultModel: env.BEDROCK_MODEL,
    deadLetters: new SqsDeadLetterSink(sqs, env.DLQ_URL, () => clock.now()),
    maxReceives: MAX_RECEIVE_COUNT,
  };
}

/** S3, DynamoDB and Transcribe: what both functions use, each client traced once. */
function coreAdapters(input: WiringInput) {
  const { env, clients } = input;
  const { tracer } = input.observability;
  const clock = input.clock ?? realClock;
  const buckets = bucketsOf(env);
  return {
    // Every put asks for SSE-KMS with the deployment's key, never only the bucket default.
    objects: new S3ObjectStore(tracer.captureAWSv3Client(clients.s3), {
      buckets,
      kmsKeyArn: env.KMS_KEY_ARN,
    }),
    tenants: new TenantStore(
      new DynamoConfigStore(tracer.captureAWSv3Client(clients.dynamodb), env.DDB_TABLE),
      () => clock.now(),
    ),
    transcriber: new TranscribeTranscriber(tracer.captureAWSv3Client(clients.transcribe), {
      buckets,
      kmsKeyArn: env.KMS_KEY_ARN,
      dataAccessRoleArn: env.TRANSCRIBE_ROLE_ARN,
    }),
  };
}

/**
 * A value built on first use and kept for the container's life (cold start),
 * so importing a handler module reads no environment and builds no client. A
 * build that throws (an incomplete environment) is tried again next time.
 */
export function once<T>(build: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: build() };
    return value.v;
  };
}

/**
 * What a function builds on its cold start: the checked environment,
 * Powertools, and the SDK clients of the one factory (Bedrock in its own
 * region). A missing variable fails the invocation with its name; the event is
 * retried once the function is deployed again.
 */
export function lambdaRuntime(
  spec: LambdaFunctionSpec,
  processEnv: NodeJS.ProcessEnv = process.env,
): WiringInput {
  const env = parseHandlerEnv(processEnv);
  const region = processEnv.AWS_REGION;
  if (region === undefined || region === '') {
    throw new CciError('HANDLER_ENV', 'AWS_REGION is not set; Lambda always sets it.', {
      hint: 'Run the handler inside Lambda, or set AWS_REGION.',
    });
  }
  return {
    env,
    clients: createHandlerClients({ region, bedrockRegion: env.BEDROCK_REGION }),
    observability: createObservability(spec, env),
  };
}
