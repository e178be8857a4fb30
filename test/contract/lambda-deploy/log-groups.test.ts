import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AssociateKmsKeyCommand,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { logGroupsStep } from '../../../src/aws/lambda/deploy/log-groups.js';
import { HANDLER_IDS } from '../../../src/aws/lambda/lambda-specs.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { countCalls, deploymentContext, KEY_ARN } from '../provision/data-plane-fixture.js';
import { expectedTagRecord, NAMES } from './functions-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const MUTATIONS = [
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
  AssociateKmsKeyCommand,
  TagResourceCommand,
];
const GROUP = {
  'job-init': '/aws/lambda/cci-lite-job-init',
  'result-handler': '/aws/lambda/cci-lite-result-handler',
} as const;
const groupArn = (name: string) => `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:${name}`;

function existing(
  overrides: Partial<Record<'job-init' | 'result-handler', Partial<LogGroup>>> = {},
) {
  for (const id of HANDLER_IDS) {
    const name = GROUP[id];
    mocks.logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: name }).resolves({
      logGroups: [
        {
          logGroupName: name,
          arn: `${groupArn(name)}:*`,
          logGroupArn: groupArn(name),
          retentionInDays: 30,
          kmsKeyId: KEY_ARN,
          logGroupClass: 'STANDARD',
          ...overrides[id],
        },
      ],
    });
    mocks.logs
      .on(ListTagsForResourceCommand, { resourceArn: groupArn(name) })
      .resolves({ tags: expectedTagRecord(id) });
  }
}

describe('§8 Lambda log groups step', () => {
  it('creates both groups encrypted with the CMK, tagged, with 30-day retention', async () => {
    // The prefix also finds longer names, which are not ours.
    mocks.logs.on(DescribeLogGroupsCommand).resolves({
      logGroups: [{ logGroupName: '/aws/lambda/cci-lite-job-init-old' }],
    });

    const reports = await logGroupsStep.run(clients, deploymentContext());

    expect(mocks.logs.commandCalls(CreateLogGroupCommand).map((c) => c.args[0].input)).toEqual(
      HANDLER_IDS.map((id) => ({
        logGroupName: GROUP[id],
        kmsKeyId: KEY_ARN,
        tags: expectedTagRecord(id),
      })),
    );
    expect(mocks.logs.commandCalls(PutRetentionPolicyCommand).map((c) => c.args[0].input)).toEqual(
      HANDLER_IDS.map((id) => ({ logGroupName: GROUP[id], retentionInDays: 30 })),
    );
    expect(reports.map((r) => [r.type, r.name, r.action, r.arn])).toEqual(
      HANDLER_IDS.map((id) => ['CloudWatch log group', GROUP[id], 'created', groupArn(GROUP[id])]),
    );
    expect(Object.values(NAMES).map((n) => `/aws/lambda/${n}`)).toEqual(Object.values(GROUP));
  });

  it('an unchanged deployment: no mutating call', async () => {
    existing();

    const reports = await logGroupsStep.run(clients, deploymentContext());

    expect(countCalls(mocks.logs, MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('a group Lambda made itself (never expires, no key): retention and key set, nothing else', async () => {
    existing({ 'result-handler': { retentionInDays: undefined, kmsKeyId: undefined } });

    const reports = await logGroupsStep.run(clients, deploymentContext());

    expect(mocks.logs.commandCalls(PutRetentionPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupName: GROUP['result-handler'], retentionInDays: 30 },
    ]);
    expect(mocks.logs.commandCalls(AssociateKmsKeyCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupName: GROUP['result-handler'], kmsKeyId: KEY_ARN },
    ]);
    expect(countCalls(mocks.logs, MUTATIONS)).toBe(2);
    expect(reports[1]).toMatchObject({
      action: 'updated',
      changes: ['retention days: never expire -> 30', `kmsKeyId: (none) -> ${KEY_ARN}`],
    });
  });

  it('drifted retention (7 days): PutRetentionPolicy only', async () => {
    existing({ 'job-init': { retentionInDays: 7 } });

    const reports = await logGroupsStep.run(clients, deploymentContext());

    expect(mocks.logs).toHaveReceivedCommandWith(PutRetentionPolicyCommand, {
      logGroupName: GROUP['job-init'],
      retentionInDays: 30,
    });
    expect(countCalls(mocks.logs, MUTATIONS)).toBe(1);
    expect(reports[0]?.changes).toEqual(['retention days: 7 -> 30']);
  });

  it('missing tags: TagResource on the group ARN with just those', async () => {
    existing();
    mocks.logs
      .on(ListTagsForResourceCommand, { resourceArn: groupArn(GROUP['job-init']) })
      .resolves({ tags: { Project: 'CCI-Lite' } });

    await logGroupsStep.run(clients, deploymentContext());

    const { Project: _project, ...rest } = expectedTagRecord('job-init');
    expect(mocks.logs.commandCalls(TagResourceCommand).map((c) => c.args[0].input)).toEqual([
      { resourceArn: groupArn(GROUP['job-init']), tags: rest },
    ]);
  });

  it('resolves the key by alias when no earlier step left it', async () => {
    mocks.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
    mocks.kms
      .on(DescribeKeyCommand, { KeyId: 'alias/cci-lite-master-key' })
      .resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });

    await logGroupsStep.run(clients, deploymentContext({ outputs: {} }));

    expect(mocks.logs).toHaveReceivedCommandWith(CreateLogGroupCommand, { kmsKeyId: KEY_ARN });
  });

  it('without the key (init not run) it names the fix', async () => {
    mocks.kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException'));

    const err = await logGroupsStep
      .run(clients, deploymentContext({ outputs: {} }))
      .catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'KMS_KEY_MISSING', fault: 'user' });
  });

  it('dry run: plans creates and updates without a mutating call', async () => {
    existing({ 'job-init': { retentionInDays: 90 } });
    mocks.logs
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: GROUP['result-handler'] })
      .resolves({ logGroups: [] });

    const reports = await logGroupsStep.run(clients, deploymentContext({ dryRun: true }));

    expect(countCalls(mocks.logs, MUTATIONS)).toBe(0);
    expect(reports.map((r) => [r.action, r.changes])).toEqual([
      ['update', ['retention days: 90 -> 30']],
      ['create', undefined],
    ]);
  });
});
