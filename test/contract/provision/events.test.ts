import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeRuleCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import {
  eventsStep,
  OBJECT_CREATED_RULE_ARN,
  TRANSCRIBE_COMPLETED_RULE_ARN,
} from '../../../src/aws/provision/events.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { countCalls, deploymentContext, expectedTags, NAMES } from './data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const RULE_PREFIX = `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT}:rule`;
const S3_RULE = 'S3ObjectCreatedToJobInit';
const TX_RULE = 'TranscribeCompletedToResultHandler';
const TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:TranscribeJobStatusTopic`;
const LAMBDA_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:cci-lite-job-init`;
const MUTATIONS = [PutRuleCommand, PutTargetsCommand, TagResourceCommand];

const S3_PATTERN = {
  source: ['aws.s3'],
  'detail-type': ['Object Created'],
  detail: {
    bucket: { name: [NAMES.inputBucket] },
    object: { key: [{ wildcard: '*/calls/*' }], size: [{ numeric: ['>', 0] }] },
  },
};
const TX_PATTERN = {
  source: ['aws.transcribe'],
  'detail-type': ['Transcribe Job State Change', 'Call Analytics Job State Change'],
  detail: {
    $or: [
      { TranscriptionJobStatus: ['COMPLETED', 'FAILED'] },
      { JobStatus: ['COMPLETED', 'FAILED'] },
    ],
  },
};

function putRuleInputs() {
  return mocks.eventbridge.commandCalls(PutRuleCommand).map((c) => c.args[0].input);
}

/** The pattern as EventBridge may answer it: other key order, other spacing. */
function reformatted(pattern: unknown): string {
  const reorder = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reorder)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reorder(x)]),
          )
        : v;
  return JSON.stringify(reorder(pattern), null, 1);
}

/** Both rules exist as they should; the Transcribe rule has its SNS target. */
function rulesRight(patterns: { s3?: unknown; tx?: unknown } = {}) {
  mocks.eventbridge.on(DescribeRuleCommand, { Name: S3_RULE }).resolves({
    Name: S3_RULE,
    Arn: `${RULE_PREFIX}/${S3_RULE}`,
    EventPattern: reformatted(patterns.s3 ?? S3_PATTERN),
    State: 'ENABLED',
    Description: `Call audio under <tenant>/calls/ in ${NAMES.inputBucket} -> cci-lite-job-init (target added by deploy-lambdas)`,
  });
  mocks.eventbridge.on(DescribeRuleCommand, { Name: TX_RULE }).resolves({
    Name: TX_RULE,
    Arn: `${RULE_PREFIX}/${TX_RULE}`,
    EventPattern: reformatted(patterns.tx ?? TX_PATTERN),
    State: 'ENABLED',
    Description: 'Transcribe jobs COMPLETED or FAILED -> SNS TranscribeJobStatusTopic',
  });
  mocks.eventbridge.on(ListTagsForResourceCommand).resolves({ Tags: expectedTags('EventBridge') });
  mocks.eventbridge
    .on(ListTargetsByRuleCommand, { Rule: TX_RULE })
    .resolves({ Targets: [{ Id: 'sns-topic', Arn: TOPIC_ARN }] });
}

describe('EventBridge rules step', () => {
  it('creates both rules with their patterns and tags, and the SNS target of the Transcribe rule only', async () => {
    mocks.eventbridge.on(DescribeRuleCommand).rejects(awsError('ResourceNotFoundException'));
    mocks.eventbridge.on(PutRuleCommand).callsFake((input: { Name: string }) => ({
      RuleArn: `${RULE_PREFIX}/${input.Name}`,
    }));
    mocks.eventbridge.on(PutTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
    const ctx = deploymentContext();

    const reports = await eventsStep.run(clients, ctx);

    const [s3, tx] = putRuleInputs();
    expect(s3?.Name).toBe(S3_RULE);
    expect(JSON.parse(s3?.EventPattern ?? '')).toEqual(S3_PATTERN);
    expect(tx?.Name).toBe(TX_RULE);
    expect(JSON.parse(tx?.EventPattern ?? '')).toEqual(TX_PATTERN);
    for (const input of [s3, tx]) {
      expect(input?.State).toBe('ENABLED');
      expect(input?.Tags).toEqual(expectedTags('EventBridge'));
    }
    expect(mocks.eventbridge.commandCalls(PutTargetsCommand).map((c) => c.args[0].input)).toEqual([
      { Rule: TX_RULE, Targets: [{ Id: 'sns-topic', Arn: TOPIC_ARN }] },
    ]);
    expect(mocks.eventbridge).not.toHaveReceivedCommand(ListTargetsByRuleCommand);
    expect(reports.map((r) => [r.type, r.name, r.action])).toEqual([
      ['EventBridge rule', S3_RULE, 'created'],
      ['EventBridge rule', TX_RULE, 'created'],
      ['EventBridge target', `${TX_RULE} -> TranscribeJobStatusTopic`, 'created'],
    ]);
    expect(ctx.outputs.get(OBJECT_CREATED_RULE_ARN)).toBe(`${RULE_PREFIX}/${S3_RULE}`);
    expect(ctx.outputs.get(TRANSCRIBE_COMPLETED_RULE_ARN)).toBe(`${RULE_PREFIX}/${TX_RULE}`);
  });

  it('makes no mutating call when rules, tags and targets are right', async () => {
    rulesRight();

    const reports = await eventsStep.run(clients, deploymentContext());

    expect(countCalls(mocks.eventbridge, MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('reconciles a drifted pattern, a disabled rule, missing tags and a retargeted SNS target, keeping other targets', async () => {
    rulesRight({ tx: { ...TX_PATTERN, detail: { JobStatus: ['COMPLETED'] } } });
    mocks.eventbridge.on(DescribeRuleCommand, { Name: S3_RULE }).resolves({
      Name: S3_RULE,
      Arn: `${RULE_PREFIX}/${S3_RULE}`,
      EventPattern: JSON.stringify(S3_PATTERN),
      State: 'DISABLED',
      Description: `Call audio under <tenant>/calls/ in ${NAMES.inputBucket} -> cci-lite-job-init (target added by deploy-lambdas)`,
    });
    mocks.eventbridge
      .on(ListTagsForResourceCommand, { ResourceARN: `${RULE_PREFIX}/${TX_RULE}` })
      .resolves({ Tags: [] });
    mocks.eventbridge.on(ListTargetsByRuleCommand, { Rule: TX_RULE }).resolves({
      Targets: [
        { Id: 'sns-topic', Arn: `${TOPIC_ARN}-old` },
        { Id: 'job-init', Arn: LAMBDA_ARN },
      ],
    });
    mocks.eventbridge.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });

    const reports = await eventsStep.run(clients, deploymentContext());

    const puts = putRuleInputs();
    expect(puts.map((p) => [p.Name, p.State, p.Tags])).toEqual([
      [S3_RULE, 'ENABLED', undefined],
      [TX_RULE, 'ENABLED', undefined],
    ]);
    expect(JSON.parse(puts[1]?.EventPattern ?? '')).toEqual(TX_PATTERN);
    expect(mocks.eventbridge.commandCalls(TagResourceCommand).map((c) => c.args[0].input)).toEqual([
      { ResourceARN: `${RULE_PREFIX}/${TX_RULE}`, Tags: expectedTags('EventBridge') },
    ]);
    expect(mocks.eventbridge.commandCalls(PutTargetsCommand).map((c) => c.args[0].input)).toEqual([
      { Rule: TX_RULE, Targets: [{ Id: 'sns-topic', Arn: TOPIC_ARN }] },
    ]);
    expect(reports.map((r) => r.action)).toEqual(['updated', 'updated', 'updated']);
    expect(reports[0]?.changes).toEqual(['state: DISABLED -> ENABLED']);
    expect(reports[1]?.changes?.[0]).toMatch(/^event pattern: /);
    expect(reports[2]?.changes).toEqual([`target sns-topic: ${TOPIC_ARN}-old -> ${TOPIC_ARN}`]);
  });

  it('plans without mutating on a dry run', async () => {
    mocks.eventbridge.on(DescribeRuleCommand).rejects(awsError('ResourceNotFoundException'));

    const reports = await eventsStep.run(clients, deploymentContext({ dryRun: true, outputs: {} }));

    expect(countCalls(mocks.eventbridge, MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['create', 'create', 'create']);
  });

  it('reports a target PutTargets could not attach with the step, resource and code', async () => {
    mocks.eventbridge.on(DescribeRuleCommand).rejects(awsError('ResourceNotFoundException'));
    mocks.eventbridge.on(PutRuleCommand).resolves({});
    mocks.eventbridge.on(PutTargetsCommand).resolves({
      FailedEntryCount: 1,
      FailedEntries: [{ TargetId: 'sns-topic', ErrorCode: 'AccessDenied', ErrorMessage: 'no' }],
    });

    await expect(eventsStep.run(clients, deploymentContext())).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      details: {
        step: 'events',
        resourceType: 'EventBridge target',
        resource: `${TX_RULE} -> TranscribeJobStatusTopic`,
        awsErrorCode: 'AccessDenied',
      },
    });
  });

  it('names the rule and the AWS error code when a read fails', async () => {
    mocks.eventbridge.on(DescribeRuleCommand).rejects(awsError('AccessDeniedException'));

    await expect(eventsStep.run(clients, deploymentContext())).rejects.toMatchObject({
      details: { step: 'events', resource: S3_RULE, awsErrorCode: 'AccessDeniedException' },
    });
  });
});
