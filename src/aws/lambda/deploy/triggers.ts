import type { AwsClients } from '../../clients.js';
import { arn } from '../../provision/reconcile.js';
import { ruleArn } from '../../provision/sns.js';
import { queueArn } from '../../provision/sqs.js';
import {
  StepRecorder,
  type DeploymentContext,
  type ProvisionStep,
  type ResourceReport,
} from '../../provision/step.js';
import {
  functionName,
  JOB_INIT_MAX_EVENT_AGE_SECONDS,
  JOB_INIT_MAX_RETRY_ATTEMPTS,
  LAMBDA_FUNCTIONS,
  RESULT_HANDLER_BATCH_SIZE,
  type HandlerId,
} from '../lambda-specs.js';
import {
  ensureInvokePermission,
  ensureRuleTarget,
  type RuleTargetSpec,
} from './trigger-eventbridge.js';
import { ensureAsyncInvokeConfig } from './trigger-invoke-config.js';
import { ensureQueueMapping } from './trigger-sqs.js';

const STEP = 'lambda-triggers';

/** Id of job-init's target on `S3ObjectCreatedToJobInit`. */
export const JOB_INIT_TARGET_ID = 'job-init';
/**
 * How long Lambda gathers messages before invoking result-handler with a
 * partial batch: a few seconds trade latency for fewer invocations.
 */
export const RESULT_HANDLER_BATCHING_WINDOW_SECONDS = 5;

/** Sid of the resource-policy statement that lets a rule invoke a function. */
export function eventBridgeStatementId(rule: string): string {
  return `eventbridge-${rule}`;
}

/** Function ARNs are deterministic, so steps and policies can name a function before it exists. */
export function functionArn(ctx: DeploymentContext, id: HandlerId): string {
  return arn(ctx, 'lambda', `function:${functionName(id, ctx.names)}`);
}

export function jobInitTrigger(ctx: DeploymentContext): RuleTargetSpec {
  const rule = ctx.names.objectCreatedRule;
  return {
    rule,
    ruleArn: ruleArn(ctx, rule),
    functionName: functionName('job-init', ctx.names),
    functionArn: functionArn(ctx, 'job-init'),
    accountId: ctx.accountId,
    targetId: JOB_INIT_TARGET_ID,
    statementId: eventBridgeStatementId(rule),
    retryAttempts: JOB_INIT_MAX_RETRY_ATTEMPTS,
    maxEventAgeSeconds: JOB_INIT_MAX_EVENT_AGE_SECONDS,
    deadLetterArn: queueArn(ctx, ctx.names.deadLetterQueue),
  };
}

/**
 * What invokes the functions (AWS-NOTES.md "Wiring", guide §7.1): the rule
 * `S3ObjectCreatedToJobInit` → job-init (resource-policy permission, rule
 * target with retries and the DLQ, async invoke retries with the DLQ as
 * on-failure destination), and the analysis queue → result-handler (event
 * source mapping with partial batch failures). Runs after the functions exist.
 */
export const lambdaTriggersStep: ProvisionStep = {
  id: STEP,
  title: '§7.1 Lambda triggers',
  async run(clients: AwsClients, ctx: DeploymentContext): Promise<ResourceReport[]> {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    const jobInit = jobInitTrigger(ctx);
    await ensureInvokePermission(clients.lambda, recorder, jobInit);
    await ensureRuleTarget(clients.eventbridge, recorder, jobInit, ctx.dryRun);
    await ensureAsyncInvokeConfig(clients.lambda, recorder, {
      functionName: jobInit.functionName,
      functionArn: jobInit.functionArn,
      retryAttempts: JOB_INIT_MAX_RETRY_ATTEMPTS,
      maxEventAgeSeconds: JOB_INIT_MAX_EVENT_AGE_SECONDS,
      onFailure: jobInit.deadLetterArn,
    });
    await ensureQueueMapping(clients.lambda, recorder, {
      functionName: functionName('result-handler', ctx.names),
      queueName: ctx.names.analysisQueue,
      queueArn: queueArn(ctx, ctx.names.analysisQueue),
      batchSize: RESULT_HANDLER_BATCH_SIZE,
      batchingWindowSeconds: RESULT_HANDLER_BATCHING_WINDOW_SECONDS,
      // More pollers than the function may run would only be throttled back onto the queue.
      maximumConcurrency: LAMBDA_FUNCTIONS['result-handler'].reservedConcurrency,
      tags: ctx.tags('Lambda-ResultHandler'),
      mappingArn: (uuid) => arn(ctx, 'lambda', `event-source-mapping:${uuid}`),
    });
    return recorder.reports;
  },
};
