import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  SetTopicAttributesCommand,
  TagResourceCommand,
} from '@aws-sdk/client-sns';
import { SNS_TOPIC_ARN, snsStep } from '../../../src/aws/provision/sns.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { countCalls, deploymentContext, expectedTags, KEY_ARN } from './data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:TranscribeJobStatusTopic`;
const RULE_ARN = `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT}:rule/TranscribeCompletedToResultHandler`;
const MUTATIONS = [CreateTopicCommand, SetTopicAttributesCommand, TagResourceCommand];

const EXPECTED_POLICY = {
  Version: '2012-10-17',
  Id: 'cci-lite-transcribe-job-status',
  Statement: [
    {
      Sid: 'AccountAdministersTopic',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` },
      Action: [
        'SNS:GetTopicAttributes',
        'SNS:SetTopicAttributes',
        'SNS:AddPermission',
        'SNS:RemovePermission',
        'SNS:DeleteTopic',
        'SNS:Subscribe',
        'SNS:ListSubscriptionsByTopic',
        'SNS:Publish',
      ],
      Resource: TOPIC_ARN,
    },
    {
      Sid: 'TranscribeRulePublishes',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: TOPIC_ARN,
      Condition: { ArnEquals: { 'aws:SourceArn': RULE_ARN } },
    },
  ],
};

describe('§5 SNS step', () => {
  it('creates the topic with the KMS key, the topic policy and tags', async () => {
    mocks.sns.on(GetTopicAttributesCommand).rejects(awsError('NotFoundException'));
    mocks.sns.on(CreateTopicCommand).resolves({ TopicArn: TOPIC_ARN });
    const ctx = deploymentContext();

    const reports = await snsStep.run(clients, ctx);

    const input = mocks.sns.commandCalls(CreateTopicCommand)[0]?.args[0].input;
    expect(input?.Name).toBe('TranscribeJobStatusTopic');
    expect(input?.Attributes?.KmsMasterKeyId).toBe(KEY_ARN);
    expect(JSON.parse(input?.Attributes?.Policy ?? '')).toEqual(EXPECTED_POLICY);
    expect(Object.keys(input?.Attributes ?? {}).sort()).toEqual(['KmsMasterKeyId', 'Policy']);
    expect(input?.Tags).toEqual(expectedTags('SNS'));
    expect(reports).toEqual([
      {
        step: 'sns',
        type: 'SNS topic',
        name: 'TranscribeJobStatusTopic',
        action: 'created',
        arn: TOPIC_ARN,
      },
    ]);
    expect(ctx.outputs.get(SNS_TOPIC_ARN)).toBe(TOPIC_ARN);
  });

  it('makes no mutating call when the topic is right, even if SNS returns the policy reformatted', async () => {
    const reformatted = structuredClone(EXPECTED_POLICY);
    const admin = reformatted.Statement[0];
    if (admin !== undefined) admin.Action = [...(admin.Action as string[])].reverse();
    const publish = reformatted.Statement[1] as { Action: unknown };
    publish.Action = ['sns:Publish'];
    mocks.sns.on(GetTopicAttributesCommand).resolves({
      Attributes: {
        TopicArn: TOPIC_ARN,
        KmsMasterKeyId: KEY_ARN,
        Policy: JSON.stringify(reformatted),
        SubscriptionsConfirmed: '1',
      },
    });
    mocks.sns.on(ListTagsForResourceCommand).resolves({ Tags: expectedTags('SNS') });

    const reports = await snsStep.run(clients, deploymentContext());

    expect(countCalls(mocks.sns, MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['unchanged']);
  });

  it('reconciles a drifted key, policy and tags, one attribute per call', async () => {
    mocks.sns.on(GetTopicAttributesCommand).resolves({
      Attributes: {
        TopicArn: TOPIC_ARN,
        KmsMasterKeyId: 'alias/aws/sns',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
      },
    });
    mocks.sns
      .on(ListTagsForResourceCommand)
      .resolves({ Tags: [{ Key: 'Project', Value: 'CCI-Lite' }] });

    const reports = await snsStep.run(clients, deploymentContext());

    const sets = mocks.sns.commandCalls(SetTopicAttributesCommand).map((c) => c.args[0].input);
    expect(sets).toHaveLength(2);
    expect(sets[0]).toEqual({
      TopicArn: TOPIC_ARN,
      AttributeName: 'KmsMasterKeyId',
      AttributeValue: KEY_ARN,
    });
    expect(sets[1]?.AttributeName).toBe('Policy');
    expect(JSON.parse(sets[1]?.AttributeValue ?? '')).toEqual(EXPECTED_POLICY);
    expect(mocks.sns.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      ResourceArn: TOPIC_ARN,
      Tags: expectedTags('SNS').filter((t) => t.Key !== 'Project'),
    });
    expect(mocks.sns).not.toHaveReceivedCommand(CreateTopicCommand);
    expect(reports[0]?.action).toBe('updated');
    expect(reports[0]?.changes).toEqual(
      expect.arrayContaining([
        `KmsMasterKeyId: alias/aws/sns -> ${KEY_ARN}`,
        'tag Owner: (none) -> Conversant',
      ]),
    );
  });

  it('plans without mutating on a dry run', async () => {
    mocks.sns.on(GetTopicAttributesCommand).rejects(awsError('NotFoundException'));

    const reports = await snsStep.run(clients, deploymentContext({ dryRun: true, outputs: {} }));

    expect(countCalls(mocks.sns, MUTATIONS)).toBe(0);
    expect(reports).toMatchObject([{ action: 'create', arn: TOPIC_ARN }]);
  });

  it('names the step, the resource and the AWS error code when AWS fails', async () => {
    mocks.sns
      .on(GetTopicAttributesCommand)
      .rejects(awsError('AuthorizationErrorException', 'denied', 403));

    await expect(snsStep.run(clients, deploymentContext())).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      details: {
        step: 'sns',
        resourceType: 'SNS topic',
        resource: 'TranscribeJobStatusTopic',
        awsErrorCode: 'AuthorizationErrorException',
      },
    });
  });
});
