import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeAlarmsCommand,
  ListTagsForResourceCommand as ListAlarmTagsCommand,
  PutMetricAlarmCommand,
  TagResourceCommand as TagAlarmCommand,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
} from '@aws-sdk/client-sns';
import {
  ALARM_NAMES,
  ALERTS_TOPIC_ARN,
  alertsStep,
  BEDROCK_LATENCY_ALARM,
  DLQ_DEPTH_ALARM,
  JOB_INIT_ERRORS_ALARM,
  NO_ALERT_EMAIL_WARNING,
  RESULT_HANDLER_ERRORS_ALARM,
  TRANSCRIBE_FAILED_ALARM,
} from '../../../src/aws/lambda/deploy/alarms.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import {
  countCalls,
  deploymentContext,
  expectedTags,
  KEY_ARN,
} from '../provision/data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const EMAIL = 'ops@example.com';
const TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:cci-lite-alerts`;
const alarmArn = (name: string) =>
  `arn:aws:cloudwatch:${TEST_REGION}:${TEST_ACCOUNT}:alarm:${name}`;
const TAGS = expectedTags('CloudWatch');
const withEmail = (dryRun = false) =>
  deploymentContext({ dryRun, config: { region: TEST_REGION, notificationEmail: EMAIL } });

const TOPIC_POLICY = {
  Version: '2012-10-17',
  Id: 'cci-lite-alerts',
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
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: TOPIC_ARN,
      Condition: {
        StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT },
        ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${TEST_REGION}:${TEST_ACCOUNT}:alarm:*` },
      },
    },
  ],
};

const SINGLE_PERIOD = {
  Period: 300,
  EvaluationPeriods: 1,
  DatapointsToAlarm: 1,
  TreatMissingData: 'notBreaching',
  ActionsEnabled: true,
  AlarmActions: [TOPIC_ARN],
};
const HANDLER_SERVICE = [{ Name: 'service', Value: 'cci-lite-result-handler' }];
const EXPECTED_ALARMS: PutMetricAlarmCommandInput[] = [
  {
    AlarmName: 'cci-lite-job-init-errors',
    AlarmDescription: 'cci-lite: cci-lite-job-init reported errors (guide 8)',
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: 'cci-lite-job-init' }],
    Statistic: 'Sum',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    ...SINGLE_PERIOD,
  },
  {
    AlarmName: 'cci-lite-result-handler-errors',
    AlarmDescription: 'cci-lite: cci-lite-result-handler reported errors (guide 8)',
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: 'cci-lite-result-handler' }],
    Statistic: 'Sum',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    ...SINGLE_PERIOD,
  },
  {
    AlarmName: 'cci-lite-dlq-depth',
    AlarmDescription:
      'cci-lite: messages waiting in cci-lite-dlq; each is a call or upload that was not processed',
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: 'cci-lite-dlq' }],
    Statistic: 'Maximum',
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    ...SINGLE_PERIOD,
  },
  {
    AlarmName: 'cci-lite-bedrock-latency',
    AlarmDescription: 'cci-lite: a Bedrock call took longer than 10000 ms (guide 8)',
    Namespace: 'cci-lite',
    MetricName: 'BedrockLatency',
    Dimensions: HANDLER_SERVICE,
    Statistic: 'Maximum',
    Threshold: 10000,
    ComparisonOperator: 'GreaterThanThreshold',
    ...SINGLE_PERIOD,
  },
  {
    AlarmName: 'cci-lite-transcribe-failed',
    AlarmDescription: 'cci-lite: calls ended FAILED, e.g. a Transcribe job failed (guide 8)',
    Namespace: 'cci-lite',
    MetricName: 'CallsFailed',
    Dimensions: HANDLER_SERVICE,
    Statistic: 'Sum',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    ...SINGLE_PERIOD,
  },
];

/** An alarm as DescribeAlarms answers it for what the step put. */
function described(input: PutMetricAlarmCommandInput): MetricAlarm {
  const { Tags: _tags, ...rest } = input;
  return { ...rest, AlarmArn: alarmArn(input.AlarmName ?? ''), StateValue: 'OK' } as MetricAlarm;
}

const SNS_MUTATIONS = [
  CreateTopicCommand,
  SetTopicAttributesCommand,
  TagResourceCommand,
  SubscribeCommand,
];
const CW_MUTATIONS = [PutMetricAlarmCommand, TagAlarmCommand];
const mutations = () =>
  countCalls(mocks.sns, SNS_MUTATIONS) + countCalls(mocks.cloudwatch, CW_MUTATIONS);

function nothingYet() {
  mocks.sns
    .on(GetTopicAttributesCommand)
    .rejects(awsError('NotFoundException', 'Topic does not exist', 404));
  mocks.sns.on(CreateTopicCommand).resolves({ TopicArn: TOPIC_ARN });
  mocks.sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  mocks.sns.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending confirmation' });
  mocks.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  mocks.cloudwatch.on(PutMetricAlarmCommand).resolves({});
}

function provisioned(
  over: {
    subscriptionArn?: string;
    alarms?: MetricAlarm[];
    alarmTags?: Record<string, typeof TAGS>;
  } = {},
) {
  mocks.sns.on(GetTopicAttributesCommand, { TopicArn: TOPIC_ARN }).resolves({
    Attributes: {
      TopicArn: TOPIC_ARN,
      KmsMasterKeyId: KEY_ARN,
      // SNS hands the policy back compacted and with single-item lists.
      Policy: JSON.stringify(TOPIC_POLICY),
    },
  });
  mocks.sns.on(ListTagsForResourceCommand, { ResourceArn: TOPIC_ARN }).resolves({ Tags: TAGS });
  mocks.sns.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC_ARN }).resolves({
    Subscriptions: [
      {
        Protocol: 'email',
        Endpoint: EMAIL,
        SubscriptionArn:
          over.subscriptionArn ?? `${TOPIC_ARN}:0f1e2d3c-aaaa-bbbb-cccc-111122223333`,
        TopicArn: TOPIC_ARN,
      },
    ],
  });
  mocks.cloudwatch
    .on(DescribeAlarmsCommand)
    .resolves({ MetricAlarms: over.alarms ?? EXPECTED_ALARMS.map(described) });
  mocks.cloudwatch.on(ListAlarmTagsCommand).callsFake((input: { ResourceARN: string }) => {
    const name = input.ResourceARN.split(':alarm:')[1] ?? '';
    return { Tags: over.alarmTags?.[name] ?? TAGS };
  });
  mocks.cloudwatch.on(PutMetricAlarmCommand).resolves({});
  mocks.cloudwatch.on(TagAlarmCommand).resolves({});
}

describe('alerts step: nothing yet', () => {
  it('creates the encrypted topic, subscribes the e-mail and puts every alarm', async () => {
    nothingYet();
    const ctx = withEmail();
    const reports = await alertsStep.run(clients, ctx);

    const create = mocks.sns.commandCalls(CreateTopicCommand)[0]?.args[0].input;
    expect(create).toMatchObject({ Name: 'cci-lite-alerts', Tags: TAGS });
    expect(create?.Attributes?.KmsMasterKeyId).toBe(KEY_ARN);
    expect(JSON.parse(create?.Attributes?.Policy ?? 'null')).toEqual(TOPIC_POLICY);
    expect(mocks.sns.commandCalls(SubscribeCommand)[0]?.args[0].input).toEqual({
      TopicArn: TOPIC_ARN,
      Protocol: 'email',
      Endpoint: EMAIL,
    });
    expect(mocks.cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNames: [...ALARM_NAMES],
      AlarmTypes: ['MetricAlarm'],
    });
    expect(
      mocks.cloudwatch.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input),
    ).toEqual(EXPECTED_ALARMS.map((a) => ({ ...a, Tags: TAGS })));
    expect(ctx.outputs.get(ALERTS_TOPIC_ARN)).toBe(TOPIC_ARN);

    expect(reports.map((r) => [r.type, r.name, r.action])).toEqual([
      ['SNS topic', 'cci-lite-alerts', 'created'],
      ['SNS subscription', `cci-lite-alerts -> ${EMAIL}`, 'created'],
      ...ALARM_NAMES.map((n) => ['CloudWatch alarm', n, 'created']),
    ]);
    expect(reports[1]?.changes).toEqual([
      `pending: ${EMAIL} must confirm the subscription from the mail AWS sends`,
    ]);
    expect(reports[2]?.arn).toBe(alarmArn(JOB_INIT_ERRORS_ALARM));
  });

  it('without a notification e-mail creates the topic and alarms, subscribes nobody and says so', async () => {
    nothingYet();
    const reports = await alertsStep.run(clients, deploymentContext());
    expect(mocks.sns).toHaveReceivedCommandTimes(CreateTopicCommand, 1);
    expect(mocks.sns).not.toHaveReceivedCommand(SubscribeCommand);
    expect(mocks.sns).not.toHaveReceivedCommand(ListSubscriptionsByTopicCommand);
    expect(mocks.cloudwatch).toHaveReceivedCommandTimes(PutMetricAlarmCommand, 5);
    expect(reports[0]).toMatchObject({
      type: 'SNS topic',
      action: 'created',
      changes: [NO_ALERT_EMAIL_WARNING],
    });
    expect(reports.some((r) => r.type === 'SNS subscription')).toBe(false);
  });

  it('needs the key ARN of the KMS step on a real run', async () => {
    nothingYet();
    await expect(alertsStep.run(clients, deploymentContext({ outputs: {} }))).rejects.toMatchObject(
      { code: 'PROVISION_ORDER' },
    );
    expect(mutations()).toBe(0);
  });
});

describe('alerts step: provisioned', () => {
  it('reads everything and changes nothing', async () => {
    provisioned();
    const reports = await alertsStep.run(clients, withEmail());
    expect(mutations()).toBe(0);
    expect(reports.every((r) => r.action === 'unchanged')).toBe(true);
    expect(reports).toHaveLength(7);
  });

  it('counts a subscription still waiting for confirmation as existing', async () => {
    provisioned({ subscriptionArn: 'PendingConfirmation' });
    const reports = await alertsStep.run(clients, withEmail());
    expect(mocks.sns).not.toHaveReceivedCommand(SubscribeCommand);
    expect(reports[1]).toMatchObject({
      action: 'unchanged',
      changes: [`pending: ${EMAIL} must confirm the subscription from the mail AWS sends`],
    });
  });

  it('subscribes a new address and leaves the old subscription alone', async () => {
    provisioned();
    mocks.sns.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending confirmation' });
    const ctx = deploymentContext({
      config: { region: TEST_REGION, notificationEmail: 'oncall@example.com' },
    });
    await alertsStep.run(clients, ctx);
    expect(mocks.sns).toHaveReceivedCommandWith(SubscribeCommand, {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    expect(mutations()).toBe(1);
  });
});

describe('alerts step: drift', () => {
  it('puts an alarm whose threshold changed again, keeping actions others added', async () => {
    const extra = 'arn:aws:sns:eu-central-1:111122223333:pager';
    const alarms = EXPECTED_ALARMS.map(described).map((a) =>
      a.AlarmName === BEDROCK_LATENCY_ALARM
        ? { ...a, Threshold: 30000, AlarmActions: [extra, TOPIC_ARN] }
        : a,
    );
    provisioned({ alarms });
    const reports = await alertsStep.run(clients, withEmail());
    const puts = mocks.cloudwatch.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input);
    expect(puts).toEqual([{ ...EXPECTED_ALARMS[3], AlarmActions: [extra, TOPIC_ARN] }]);
    expect(reports.find((r) => r.name === BEDROCK_LATENCY_ALARM)).toMatchObject({
      action: 'updated',
      changes: ['threshold: 30000 -> 10000'],
    });
    expect(mutations()).toBe(1);
  });

  it('adds the topic to an alarm that lost it and restores missing-data handling', async () => {
    const alarms = EXPECTED_ALARMS.map(described).map((a) =>
      a.AlarmName === DLQ_DEPTH_ALARM ? { ...a, AlarmActions: [], TreatMissingData: undefined } : a,
    );
    provisioned({ alarms });
    const reports = await alertsStep.run(clients, withEmail());
    expect(mocks.cloudwatch).toHaveReceivedCommandWith(PutMetricAlarmCommand, {
      AlarmName: DLQ_DEPTH_ALARM,
      AlarmActions: [TOPIC_ARN],
      TreatMissingData: 'notBreaching',
    });
    expect(reports.find((r) => r.name === DLQ_DEPTH_ALARM)?.changes).toEqual([
      'missing data: missing -> notBreaching',
      `alarm actions: [] -> ["${TOPIC_ARN}"]`,
    ]);
  });

  it('recreates a deleted alarm with its tags', async () => {
    const alarms = EXPECTED_ALARMS.filter((a) => a.AlarmName !== TRANSCRIBE_FAILED_ALARM).map(
      described,
    );
    provisioned({ alarms });
    await alertsStep.run(clients, withEmail());
    expect(
      mocks.cloudwatch.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input),
    ).toEqual([{ ...EXPECTED_ALARMS[4], Tags: TAGS }]);
  });

  it('tags an alarm whose tags drifted without putting it', async () => {
    provisioned({
      alarmTags: { [RESULT_HANDLER_ERRORS_ALARM]: TAGS.filter((t) => t.Key !== 'Owner') },
    });
    await alertsStep.run(clients, withEmail());
    expect(mocks.cloudwatch).not.toHaveReceivedCommand(PutMetricAlarmCommand);
    expect(mocks.cloudwatch).toHaveReceivedCommandWith(TagAlarmCommand, {
      ResourceARN: alarmArn(RESULT_HANDLER_ERRORS_ALARM),
      Tags: TAGS.filter((t) => t.Key === 'Owner'),
    });
  });

  it('sets the key on a topic that lost its encryption', async () => {
    provisioned();
    mocks.sns.on(GetTopicAttributesCommand, { TopicArn: TOPIC_ARN }).resolves({
      Attributes: { TopicArn: TOPIC_ARN, Policy: JSON.stringify(TOPIC_POLICY) },
    });
    mocks.sns.on(SetTopicAttributesCommand).resolves({});
    const reports = await alertsStep.run(clients, withEmail());
    expect(mocks.sns.commandCalls(SetTopicAttributesCommand).map((c) => c.args[0].input)).toEqual([
      { TopicArn: TOPIC_ARN, AttributeName: 'KmsMasterKeyId', AttributeValue: KEY_ARN },
    ]);
    expect(reports[0]).toMatchObject({
      action: 'updated',
      changes: [`KmsMasterKeyId: (none) -> ${KEY_ARN}`],
    });
  });
});

describe('alerts step: dry run', () => {
  it('plans topic, subscription and alarms on a fresh account and changes nothing', async () => {
    nothingYet();
    mocks.sns
      .on(ListSubscriptionsByTopicCommand)
      .rejects(awsError('NotFoundException', 'no topic', 404));
    const reports = await alertsStep.run(clients, withEmail(true));
    expect(mutations()).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(Array(7).fill('create'));
  });

  it('plans drift and changes nothing', async () => {
    const alarms = EXPECTED_ALARMS.map(described).map((a) =>
      a.AlarmName === JOB_INIT_ERRORS_ALARM ? { ...a, Threshold: 5 } : a,
    );
    provisioned({ alarms });
    const reports = await alertsStep.run(clients, withEmail(true));
    expect(mutations()).toBe(0);
    expect(reports.find((r) => r.name === JOB_INIT_ERRORS_ALARM)).toMatchObject({
      action: 'update',
      changes: ['threshold: 5 -> 1'],
    });
  });
});
