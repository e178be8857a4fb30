import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import {
  AddPermissionCommand,
  CreateEventSourceMappingCommand,
  GetFunctionEventInvokeConfigCommand,
  GetPolicyCommand,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  PutFunctionEventInvokeConfigCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UpdateEventSourceMappingCommand,
  UpdateFunctionEventInvokeConfigCommand,
  type EventSourceMappingConfiguration,
  type UpdateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import { CciError } from '../../../src/core/errors.js';
import { tagsToRecord } from '../../../src/core/config/tags.js';
import { functionArn, lambdaTriggersStep } from '../../../src/aws/lambda/deploy/triggers.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { countCalls, deploymentContext, expectedTags } from '../provision/data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const JOB_INIT = 'cci-lite-job-init';
const RESULT_HANDLER = 'cci-lite-result-handler';
const RULE = 'S3ObjectCreatedToJobInit';
const RULE_ARN = `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT}:rule/${RULE}`;
const JOB_INIT_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${JOB_INIT}`;
const DLQ_ARN = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:cci-lite-dlq`;
const QUEUE_ARN = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT}:cci-lite-analysis-queue`;
const UUID = 'a1b2c3d4-5678-90ab-cdef-111122223333';
const ESM_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:event-source-mapping:${UUID}`;
const SID = 'eventbridge-S3ObjectCreatedToJobInit';
const OTHER_TARGET: Target = { Id: 'audit-log', Arn: 'arn:aws:logs:somewhere' };

const LAMBDA_MUTATIONS = [
  AddPermissionCommand,
  RemovePermissionCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
  CreateEventSourceMappingCommand,
  UpdateEventSourceMappingCommand,
  TagResourceCommand,
];
function mutations(): number {
  return (
    countCalls(mocks.lambda, LAMBDA_MUTATIONS) + countCalls(mocks.eventbridge, [PutTargetsCommand])
  );
}

/** The statement as Lambda stores what AddPermission sent. */
function permissionStatement(sourceArn = RULE_ARN): Record<string, unknown> {
  return {
    Sid: SID,
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: JOB_INIT_ARN,
    Condition: {
      StringEquals: { 'AWS:SourceAccount': TEST_ACCOUNT },
      ArnLike: { 'AWS:SourceArn': sourceArn },
    },
  };
}

function policyWith(...statements: Array<Record<string, unknown>>) {
  return {
    Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }),
  };
}

const JOB_INIT_TARGET: Target = {
  Id: 'job-init',
  Arn: JOB_INIT_ARN,
  RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 },
  DeadLetterConfig: { Arn: DLQ_ARN },
};

const INVOKE_CONFIG = {
  FunctionArn: `${JOB_INIT_ARN}:$LATEST`,
  MaximumRetryAttempts: 2,
  MaximumEventAgeInSeconds: 21600,
  DestinationConfig: { OnFailure: { Destination: DLQ_ARN } },
};

const MAPPING: EventSourceMappingConfiguration = {
  UUID,
  EventSourceMappingArn: ESM_ARN,
  EventSourceArn: QUEUE_ARN,
  FunctionArn: `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${RESULT_HANDLER}`,
  BatchSize: 5,
  MaximumBatchingWindowInSeconds: 5,
  FunctionResponseTypes: ['ReportBatchItemFailures'],
  State: 'Enabled',
  ScalingConfig: { MaximumConcurrency: 40 },
};

/** Nothing wired yet: the functions and the rule exist, nothing connects them. */
function fresh() {
  mocks.lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException'));
  mocks.lambda.on(AddPermissionCommand).resolves({});
  mocks.eventbridge.on(ListTargetsByRuleCommand).resolves({ Targets: [] });
  mocks.eventbridge.on(PutTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
  mocks.lambda
    .on(GetFunctionEventInvokeConfigCommand)
    .rejects(awsError('ResourceNotFoundException'));
  mocks.lambda.on(PutFunctionEventInvokeConfigCommand).resolves({});
  mocks.lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
  mocks.lambda
    .on(CreateEventSourceMappingCommand)
    .resolves({ UUID, EventSourceMappingArn: ESM_ARN, State: 'Creating' });
}

/** Everything as the step leaves it, with someone else's target on the rule. */
function wired(
  over: {
    statement?: Record<string, unknown>;
    target?: Target;
    invokeConfig?: typeof INVOKE_CONFIG;
    mapping?: EventSourceMappingConfiguration;
    mappingTags?: Record<string, string>;
  } = {},
) {
  mocks.lambda
    .on(GetPolicyCommand, { FunctionName: JOB_INIT })
    .resolves(policyWith(over.statement ?? permissionStatement()));
  mocks.eventbridge
    .on(ListTargetsByRuleCommand, { Rule: RULE })
    .resolves({ Targets: [OTHER_TARGET, over.target ?? JOB_INIT_TARGET] });
  mocks.lambda
    .on(GetFunctionEventInvokeConfigCommand, { FunctionName: JOB_INIT })
    .resolves(over.invokeConfig ?? INVOKE_CONFIG);
  mocks.lambda
    .on(ListEventSourceMappingsCommand, { FunctionName: RESULT_HANDLER, EventSourceArn: QUEUE_ARN })
    .resolves({ EventSourceMappings: [over.mapping ?? MAPPING] });
  mocks.lambda
    .on(ListTagsCommand, { Resource: ESM_ARN })
    .resolves({ Tags: over.mappingTags ?? tagsToRecord(expectedTags('Lambda-ResultHandler')) });
  mocks.lambda.on(AddPermissionCommand).resolves({});
  mocks.lambda.on(RemovePermissionCommand).resolves({});
  mocks.eventbridge.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
  mocks.lambda.on(PutFunctionEventInvokeConfigCommand).resolves({});
  mocks.lambda.on(UpdateEventSourceMappingCommand).resolves({ UUID });
  mocks.lambda.on(TagResourceCommand).resolves({});
}

const EXPECTED_UPDATE: UpdateEventSourceMappingCommandInput = {
  UUID,
  FunctionName: RESULT_HANDLER,
  BatchSize: 5,
  MaximumBatchingWindowInSeconds: 5,
  FunctionResponseTypes: ['ReportBatchItemFailures'],
  Enabled: true,
  ScalingConfig: { MaximumConcurrency: 40 },
};

describe('functionArn', () => {
  it('is the deterministic ARN of each function', () => {
    const ctx = deploymentContext();
    expect(functionArn(ctx, 'job-init')).toBe(JOB_INIT_ARN);
    expect(functionArn(ctx, 'result-handler')).toBe(
      `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${RESULT_HANDLER}`,
    );
  });
});

describe('lambda-triggers step: nothing wired', () => {
  it('adds the permission, the rule target, the async config and the queue mapping', async () => {
    fresh();
    const reports = await lambdaTriggersStep.run(clients, deploymentContext());

    expect(mocks.lambda).toHaveReceivedCommandWith(GetPolicyCommand, { FunctionName: JOB_INIT });
    expect(mocks.lambda.commandCalls(AddPermissionCommand)[0]?.args[0].input).toEqual({
      FunctionName: JOB_INIT,
      StatementId: SID,
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: RULE_ARN,
      SourceAccount: TEST_ACCOUNT,
    });
    expect(mocks.lambda).not.toHaveReceivedCommand(RemovePermissionCommand);
    expect(mocks.eventbridge.commandCalls(PutTargetsCommand)[0]?.args[0].input).toEqual({
      Rule: RULE,
      Targets: [JOB_INIT_TARGET],
    });
    expect(
      mocks.lambda.commandCalls(PutFunctionEventInvokeConfigCommand)[0]?.args[0].input,
    ).toEqual({
      FunctionName: JOB_INIT,
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: DLQ_ARN } },
    });
    expect(mocks.lambda).toHaveReceivedCommandWith(ListEventSourceMappingsCommand, {
      FunctionName: RESULT_HANDLER,
      EventSourceArn: QUEUE_ARN,
    });
    expect(mocks.lambda.commandCalls(CreateEventSourceMappingCommand)[0]?.args[0].input).toEqual({
      EventSourceArn: QUEUE_ARN,
      FunctionName: RESULT_HANDLER,
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      Enabled: true,
      ScalingConfig: { MaximumConcurrency: 40 },
      Tags: tagsToRecord(expectedTags('Lambda-ResultHandler')),
    });

    expect(reports).toEqual([
      {
        step: 'lambda-triggers',
        type: 'Lambda permission',
        name: `${JOB_INIT} <- ${RULE}`,
        action: 'created',
        arn: JOB_INIT_ARN,
      },
      {
        step: 'lambda-triggers',
        type: 'EventBridge target',
        name: `${RULE} -> ${JOB_INIT}`,
        action: 'created',
        arn: RULE_ARN,
      },
      {
        step: 'lambda-triggers',
        type: 'Lambda async invoke config',
        name: JOB_INIT,
        action: 'created',
        arn: JOB_INIT_ARN,
      },
      {
        step: 'lambda-triggers',
        type: 'Lambda event source mapping',
        name: `cci-lite-analysis-queue -> ${RESULT_HANDLER}`,
        action: 'created',
        arn: ESM_ARN,
      },
    ]);
  });

  it('adds only its own statement when the function already has a policy', async () => {
    fresh();
    const other = { ...permissionStatement(), Sid: 'someone-else' };
    mocks.lambda.on(GetPolicyCommand).resolves(policyWith(other));
    await lambdaTriggersStep.run(clients, deploymentContext());
    expect(mocks.lambda).not.toHaveReceivedCommand(RemovePermissionCommand);
    expect(mocks.lambda).toHaveReceivedCommandTimes(AddPermissionCommand, 1);
  });

  it('says the rule is missing, with what to run, instead of failing inside PutTargets', async () => {
    fresh();
    mocks.eventbridge
      .on(ListTargetsByRuleCommand)
      .rejects(awsError('ResourceNotFoundException', 'Rule does not exist'));
    const err = await lambdaTriggersStep.run(clients, deploymentContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CciError);
    expect(err).toMatchObject({ code: 'PROVISION_ORDER', fault: 'user' });
    expect((err as CciError).hint).toMatch(/cci-lite init --target aws/);
    expect(mocks.eventbridge).not.toHaveReceivedCommand(PutTargetsCommand);
  });

  it('surfaces a target PutTargets refused', async () => {
    fresh();
    mocks.eventbridge.on(PutTargetsCommand).resolves({
      FailedEntryCount: 1,
      FailedEntries: [{ TargetId: 'job-init', ErrorCode: 'ConcurrentModificationException' }],
    });
    await expect(lambdaTriggersStep.run(clients, deploymentContext())).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      details: { awsErrorCode: 'ConcurrentModificationException' },
    });
  });
});

describe('lambda-triggers step: already wired', () => {
  it('reads everything and changes nothing, leaving other targets alone', async () => {
    wired();
    const reports = await lambdaTriggersStep.run(clients, deploymentContext());
    expect(mutations()).toBe(0);
    expect(reports.map((r) => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(reports[3]?.arn).toBe(ESM_ARN);
  });

  it('treats a mapping Lambda is still creating or enabling as running', async () => {
    wired({ mapping: { ...MAPPING, State: 'Enabling' } });
    await lambdaTriggersStep.run(clients, deploymentContext());
    expect(mutations()).toBe(0);
  });
});

describe('lambda-triggers step: drift', () => {
  it('replaces a permission for another rule (remove, then add)', async () => {
    wired({ statement: permissionStatement(`${RULE_ARN}-old`) });
    const reports = await lambdaTriggersStep.run(clients, deploymentContext());
    expect(mocks.lambda).toHaveReceivedCommandWith(RemovePermissionCommand, {
      FunctionName: JOB_INIT,
      StatementId: SID,
    });
    expect(mocks.lambda).toHaveReceivedCommandWith(AddPermissionCommand, {
      StatementId: SID,
      SourceArn: RULE_ARN,
    });
    const removeAt = mocks.lambda
      .calls()
      .findIndex((c) => c.args[0] instanceof RemovePermissionCommand);
    const addAt = mocks.lambda.calls().findIndex((c) => c.args[0] instanceof AddPermissionCommand);
    expect(removeAt).toBeLessThan(addAt);
    expect(reports[0]).toMatchObject({
      action: 'updated',
      changes: [`source ARN: ${RULE_ARN}-old -> ${RULE_ARN}`],
    });
    expect(mutations()).toBe(2);
  });

  it('puts back a target whose ARN changed, and only that target', async () => {
    wired({ target: { ...JOB_INIT_TARGET, Arn: `${JOB_INIT_ARN}:live` } });
    const reports = await lambdaTriggersStep.run(clients, deploymentContext());
    expect(mocks.eventbridge.commandCalls(PutTargetsCommand)[0]?.args[0].input).toEqual({
      Rule: RULE,
      Targets: [JOB_INIT_TARGET],
    });
    expect(reports[1]).toMatchObject({
      action: 'updated',
      changes: [`target ARN: ${JOB_INIT_ARN}:live -> ${JOB_INIT_ARN}`],
    });
    expect(mutations()).toBe(1);
  });

  it('puts back a target without its DLQ or with a transformed input', async () => {
    const { DeadLetterConfig: _dlq, ...withoutDlq } = JOB_INIT_TARGET;
    wired({ target: { ...withoutDlq, InputPath: '$.detail' } });
    const reports = await lambdaTriggersStep.run(clients, deploymentContext());
    expect(mocks.eventbridge).toHaveReceivedCommandWith(PutTargetsCommand, {
      Targets: [JOB_INIT_TARGET],
    });
    expect(reports[1]?.changes).toEqual([
      `dead-letter queue: (none) -> ${DLQ_ARN}`,
      'input: transformed -> the event as it is',
    ]);
  });

  it('puts the async invoke config again when its retries changed', async () => {
    wired({ invokeConfig: { ...INVOKE_CONFIG, MaximumRetryAttempts: 0 } });
    const reports = await lambdaTriggersStep.run(clients, deploymentContext());
    expect(
      mocks.lambda.commandCalls(PutFunctionEventInvokeConfigCommand)[0]?.args[0].input,
    ).toEqual({
      FunctionName: JOB_INIT,
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: DLQ_ARN } },
    });
    expect(reports[2]).toMatchObject({ action: 'updated', changes: ['retry attempts: 0 -> 2'] });
    expect(mutations()).toBe(1);
  });

  it('updates a mapping without ReportBatchItemFailures', async () => {
    wired({ mapping: { ...MAPPING, FunctionResponseTypes: [] } });
    const reports = await lambdaTriggersStep.run(clients, deploymentContext());
    expect(mocks.lambda.commandCalls(UpdateEventSourceMappingCommand)[0]?.args[0].input).toEqual(
      EXPECTED_UPDATE,
    );
    expect(reports[3]).toMatchObject({
      action: 'updated',
      changes: ['response types: [] -> ["ReportBatchItemFailures"]'],
    });
    expect(mutations()).toBe(1);
  });

  it('updates a disabled mapping with another batch size and no concurrency cap', async () => {
    const { ScalingConfig: _s, ...uncapped } = MAPPING;
    wired({ mapping: { ...uncapped, BatchSize: 10, State: 'Disabled' } });
    const reports = await lambdaTriggersStep.run(clients, deploymentContext());
    expect(mocks.lambda.commandCalls(UpdateEventSourceMappingCommand)[0]?.args[0].input).toEqual(
      EXPECTED_UPDATE,
    );
    expect(reports[3]?.changes).toEqual([
      'batch size: 10 -> 5',
      'state: Disabled -> Enabled',
      'maximum concurrency: (none) -> 40',
    ]);
  });

  it('tags a mapping whose tags drifted without updating its settings', async () => {
    wired({ mappingTags: { Project: 'CCI-Lite' } });
    const reports = await lambdaTriggersStep.run(clients, deploymentContext());
    expect(mocks.lambda).not.toHaveReceivedCommand(UpdateEventSourceMappingCommand);
    const missing = expectedTags('Lambda-ResultHandler').filter((t) => t.Key !== 'Project');
    expect(mocks.lambda).toHaveReceivedCommandWith(TagResourceCommand, {
      Resource: ESM_ARN,
      Tags: tagsToRecord(missing),
    });
    expect(reports[3]?.action).toBe('updated');
  });
});

describe('lambda-triggers step: dry run', () => {
  it('plans everything on a fresh account and changes nothing', async () => {
    fresh();
    mocks.eventbridge.on(ListTargetsByRuleCommand).rejects(awsError('ResourceNotFoundException'));
    mocks.lambda.on(ListEventSourceMappingsCommand).rejects(awsError('ResourceNotFoundException'));
    const reports = await lambdaTriggersStep.run(clients, deploymentContext({ dryRun: true }));
    expect(mutations()).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['create', 'create', 'create', 'create']);
  });

  it('plans the drift it finds and changes nothing', async () => {
    wired({
      statement: permissionStatement(`${RULE_ARN}-old`),
      invokeConfig: { ...INVOKE_CONFIG, MaximumEventAgeInSeconds: 60 },
      mapping: { ...MAPPING, FunctionResponseTypes: [] },
    });
    const reports = await lambdaTriggersStep.run(clients, deploymentContext({ dryRun: true }));
    expect(mutations()).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['update', 'unchanged', 'update', 'update']);
    expect(reports[2]?.changes).toEqual(['max event age: 60 -> 21600']);
  });
});
