import {
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  type EventBridgeClient,
  type Target,
} from '@aws-sdk/client-eventbridge';
import {
  AddPermissionCommand,
  GetPolicyCommand,
  RemovePermissionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { userError } from '../../../core/errors.js';
import { collectPages } from '../../provision/policies/paginate.js';
import { change, observedFrom, parseJson, readOrMissing } from '../../provision/reconcile.js';
import type { Observed, StepRecorder } from '../../provision/step.js';

/** One EventBridge rule delivering to one function, with its retry policy and DLQ. */
export interface RuleTargetSpec {
  rule: string;
  ruleArn: string;
  functionName: string;
  functionArn: string;
  accountId: string;
  /** Id of the target on the rule; other targets on the rule are left alone. */
  targetId: string;
  /** Sid of the statement in the function's resource policy. */
  statementId: string;
  retryAttempts: number;
  maxEventAgeSeconds: number;
  /** Where EventBridge puts events it could not deliver (the SQS DLQ). */
  deadLetterArn: string;
}

const PERMISSION = 'Lambda permission';
const TARGET = 'EventBridge target';
const EVENTS_PRINCIPAL = 'events.amazonaws.com';
const INVOKE = 'lambda:InvokeFunction';

interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * The statement of the function's resource policy that lets the rule invoke
 * it: without it EventBridge's deliveries are refused and end in the DLQ.
 * Lambda cannot edit a statement in place, so a drifted one is removed and
 * added again.
 */
export async function ensureInvokePermission(
  lambda: LambdaClient,
  recorder: StepRecorder,
  spec: RuleTargetSpec,
): Promise<void> {
  const resource = {
    type: PERMISSION,
    name: `${spec.functionName} <- ${spec.rule}`,
    arn: spec.functionArn,
  };
  const policy = await readOrMissing(
    recorder,
    resource,
    () => lambda.send(new GetPolicyCommand({ FunctionName: spec.functionName })),
    'ResourceNotFoundException',
  );
  const statement = statementsOf(policy?.Policy).find((s) => s.Sid === spec.statementId);
  const observed: Observed =
    statement === undefined
      ? { state: 'missing' }
      : observedFrom(permissionChanges(statement, spec));
  await recorder.ensure(resource, observed, async () => {
    if (statement !== undefined) {
      await lambda.send(
        new RemovePermissionCommand({
          FunctionName: spec.functionName,
          StatementId: spec.statementId,
        }),
      );
    }
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: spec.functionName,
        StatementId: spec.statementId,
        Action: INVOKE,
        Principal: EVENTS_PRINCIPAL,
        SourceArn: spec.ruleArn,
        SourceAccount: spec.accountId,
      }),
    );
  });
}

function statementsOf(policy: string | undefined): PolicyStatement[] {
  const doc = parseJson(policy);
  if (doc === null || typeof doc !== 'object') return [];
  const statements = (doc as { Statement?: unknown }).Statement;
  if (Array.isArray(statements)) return statements as PolicyStatement[];
  return statements !== null && typeof statements === 'object'
    ? [statements as PolicyStatement]
    : [];
}

function permissionChanges(statement: PolicyStatement, spec: RuleTargetSpec): string[] {
  const changes: string[] = [];
  if (statement.Effect !== 'Allow') changes.push(change('effect', statement.Effect, 'Allow'));
  const principal = servicePrincipal(statement.Principal);
  if (principal !== EVENTS_PRINCIPAL) {
    changes.push(change('principal', principal, EVENTS_PRINCIPAL));
  }
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  if (actions.length !== 1 || actions[0] !== INVOKE) {
    changes.push(change('action', statement.Action, INVOKE));
  }
  const sourceArn = conditionValue(statement, 'aws:SourceArn');
  if (sourceArn !== spec.ruleArn) changes.push(change('source ARN', sourceArn, spec.ruleArn));
  const sourceAccount = conditionValue(statement, 'aws:SourceAccount');
  if (sourceAccount !== spec.accountId) {
    changes.push(change('source account', sourceAccount, spec.accountId));
  }
  return changes;
}

function servicePrincipal(principal: unknown): unknown {
  if (principal !== null && typeof principal === 'object') {
    return (principal as { Service?: unknown }).Service;
  }
  return principal;
}

/** Lambda writes condition keys as `AWS:SourceArn`; IAM keys are case-insensitive. */
function conditionValue(statement: PolicyStatement, key: string): unknown {
  for (const operator of Object.values(statement.Condition ?? {})) {
    for (const [name, value] of Object.entries(operator)) {
      if (name.toLowerCase() === key.toLowerCase()) return value;
    }
  }
  return undefined;
}

/**
 * The function as a target of the rule the events step created without one.
 * Targets others added to the rule are neither compared nor touched.
 */
export async function ensureRuleTarget(
  eb: EventBridgeClient,
  recorder: StepRecorder,
  spec: RuleTargetSpec,
  dryRun: boolean,
): Promise<void> {
  const resource = {
    type: TARGET,
    name: `${spec.rule} -> ${spec.functionName}`,
    arn: spec.ruleArn,
  };
  const targets = await readOrMissing(
    recorder,
    resource,
    () =>
      collectPages((token) =>
        eb
          .send(new ListTargetsByRuleCommand({ Rule: spec.rule, NextToken: token }))
          .then((page) => ({ items: page.Targets, next: page.NextToken })),
      ),
    'ResourceNotFoundException',
  );
  if (targets === undefined && !dryRun) {
    throw userError(
      'PROVISION_ORDER',
      `The EventBridge rule ${spec.rule} does not exist, so ${spec.functionName} cannot be its target.`,
      { hint: 'Run `cci-lite init --target aws` first: it creates the rule.' },
    );
  }
  const desired = desiredTarget(spec);
  const current = targets?.find((t) => t.Id === spec.targetId);
  const observed: Observed =
    current === undefined ? { state: 'missing' } : observedFrom(targetChanges(current, desired));
  await recorder.ensure(resource, observed, async () => {
    const out = await eb.send(new PutTargetsCommand({ Rule: spec.rule, Targets: [desired] }));
    // PutTargets reports per-target failures in its answer rather than throwing.
    const failed = out.FailedEntries?.[0];
    if ((out.FailedEntryCount ?? 0) > 0 && failed !== undefined) {
      throw Object.assign(new Error(failed.ErrorMessage ?? 'PutTargets failed'), {
        name: failed.ErrorCode ?? 'PutTargetsFailed',
      });
    }
  });
}

export function desiredTarget(spec: RuleTargetSpec): Target {
  return {
    Id: spec.targetId,
    Arn: spec.functionArn,
    RetryPolicy: {
      MaximumRetryAttempts: spec.retryAttempts,
      MaximumEventAgeInSeconds: spec.maxEventAgeSeconds,
    },
    DeadLetterConfig: { Arn: spec.deadLetterArn },
  };
}

function targetChanges(current: Target, desired: Target): string[] {
  const changes: string[] = [];
  if (current.Arn !== desired.Arn) changes.push(change('target ARN', current.Arn, desired.Arn));
  const retries = current.RetryPolicy?.MaximumRetryAttempts;
  if (retries !== desired.RetryPolicy?.MaximumRetryAttempts) {
    changes.push(change('retry attempts', retries, desired.RetryPolicy?.MaximumRetryAttempts));
  }
  const age = current.RetryPolicy?.MaximumEventAgeInSeconds;
  if (age !== desired.RetryPolicy?.MaximumEventAgeInSeconds) {
    changes.push(change('max event age', age, desired.RetryPolicy?.MaximumEventAgeInSeconds));
  }
  const dlq = current.DeadLetterConfig?.Arn;
  if (dlq !== desired.DeadLetterConfig?.Arn) {
    changes.push(change('dead-letter queue', dlq, desired.DeadLetterConfig?.Arn));
  }
  // job-init parses the S3 event as EventBridge sends it; a transformed input would break it.
  if (
    current.Input !== undefined ||
    current.InputPath !== undefined ||
    current.InputTransformer !== undefined
  ) {
    changes.push('input: transformed -> the event as it is');
  }
  return changes;
}
