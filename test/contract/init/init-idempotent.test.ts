import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DescribeBudgetCommand, UpdateBudgetCommand, type Budget } from '@aws-sdk/client-budgets';
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { UpdateCrawlerCommand } from '@aws-sdk/client-glue';
import { PutRolePolicyCommand, UntagRoleCommand } from '@aws-sdk/client-iam';
import { DisableKeyRotationCommand } from '@aws-sdk/client-kms';
import { PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { UntagResourceCommand as UntagSnsResourceCommand } from '@aws-sdk/client-sns';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { UpdateWorkGroupCommand } from '@aws-sdk/client-athena';
import type { AwsClients } from '../../../src/aws/clients.js';
import { mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import {
  clearCallHistory,
  fakeAwsAccount,
  mutatingCommands,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import { allWith, init, NAMES, rows, type Row } from './init-fixture.js';

const aws = mockAws();
let account: FakeAwsAccount;
beforeEach(() => {
  aws.reset();
  account = fakeAwsAccount(aws.mocks);
});
afterAll(() => aws.restore());

/**
 * One change per service, made the way someone would in the console: the
 * resource it touches, how to make it, what init must report and the one
 * write that puts it right.
 */
interface Drift {
  step: string;
  type: string;
  name: string;
  drift(clients: AwsClients, account: FakeAwsAccount): Promise<unknown>;
  changes: Array<string | RegExp>;
  writes: string[];
}

const bedrockBudget = 'cci-lite-bedrock-monthly';

const DRIFTS: Drift[] = [
  {
    step: 'iam-roles',
    type: 'IAM role',
    name: NAMES.glueRole,
    drift: (c) =>
      c.iam.send(new UntagRoleCommand({ RoleName: NAMES.glueRole, TagKeys: ['Owner'] })),
    changes: ['tags: Owner'],
    writes: ['iam:TagRole'],
  },
  {
    step: 'kms',
    type: 'KMS key',
    name: NAMES.kmsAlias,
    drift: (c, a) =>
      c.kms.send(new DisableKeyRotationCommand({ KeyId: a.kms.get(NAMES.kmsAlias).id })),
    changes: ['rotation: off -> on'],
    writes: ['kms:EnableKeyRotation'],
  },
  {
    step: 'iam-policies',
    type: 'IAM inline policy',
    name: `${NAMES.lambdaRole}/cci-lite-lambda-policy`,
    drift: (c) =>
      c.iam.send(
        new PutRolePolicyCommand({
          RoleName: NAMES.lambdaRole,
          PolicyName: 'cci-lite-lambda-policy',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
          }),
        }),
      ),
    changes: ['policy document'],
    writes: ['iam:PutRolePolicy'],
  },
  {
    step: 's3',
    type: 'S3 bucket',
    name: NAMES.resultsBucket,
    drift: (c) =>
      c.s3.send(
        new PutBucketVersioningCommand({
          Bucket: NAMES.resultsBucket,
          VersioningConfiguration: { Status: 'Suspended' },
        }),
      ),
    changes: ['versioning'],
    writes: ['s3:PutBucketVersioning'],
  },
  {
    step: 'dynamodb',
    type: 'DynamoDB point-in-time recovery',
    name: NAMES.configTable,
    drift: (c) =>
      c.dynamodb.send(
        new UpdateContinuousBackupsCommand({
          TableName: NAMES.configTable,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
        }),
      ),
    changes: ['point-in-time recovery: DISABLED -> ENABLED'],
    writes: ['dynamodb:UpdateContinuousBackups'],
  },
  {
    step: 'sns',
    type: 'SNS topic',
    name: NAMES.snsTopic,
    drift: (c) =>
      c.sns.send(
        new UntagSnsResourceCommand({
          ResourceArn: `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:${NAMES.snsTopic}`,
          TagKeys: ['CostCenter'],
        }),
      ),
    changes: ['tag CostCenter: (none) -> CCI'],
    writes: ['sns:TagResource'],
  },
  {
    step: 'sqs',
    type: 'SQS queue',
    name: NAMES.analysisQueue,
    drift: (c, a) =>
      c.sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: a.sqs.url(NAMES.analysisQueue),
          Attributes: { VisibilityTimeout: '30' },
        }),
      ),
    changes: ['VisibilityTimeout: 30 -> 3600'],
    writes: ['sqs:SetQueueAttributes'],
  },
  {
    step: 'events',
    type: 'EventBridge rule',
    name: NAMES.objectCreatedRule,
    drift: (c, a) =>
      c.eventbridge.send(
        new PutRuleCommand({
          Name: NAMES.objectCreatedRule,
          Description: a.eventbridge.rule(NAMES.objectCreatedRule).description,
          EventPattern: JSON.stringify({
            source: ['aws.s3'],
            'detail-type': ['Object Created'],
            detail: { bucket: { name: [NAMES.inputBucket] } },
          }),
        }),
      ),
    // From the console's pattern (bucket only) to the guide's (`<tenant>/calls/` objects).
    changes: [/^event pattern: \{.*"bucket".*\} -> \{.*"wildcard":"\*\/calls\/\*".*\}$/],
    writes: ['eventbridge:PutRule'],
  },
  {
    step: 'glue',
    type: 'Glue crawler',
    name: NAMES.crawler,
    drift: (c) =>
      c.glue.send(
        new UpdateCrawlerCommand({ Name: NAMES.crawler, Schedule: 'cron(0 12 * * ? *)' }),
      ),
    changes: ['schedule: cron(0 12 * * ? *) -> cron(0 2 * * ? *)'],
    writes: ['glue:UpdateCrawler'],
  },
  {
    step: 'athena',
    type: 'Athena workgroup',
    name: NAMES.sharedWorkgroup,
    drift: (c) =>
      c.athena.send(
        new UpdateWorkGroupCommand({
          WorkGroup: NAMES.sharedWorkgroup,
          ConfigurationUpdates: { EnforceWorkGroupConfiguration: false },
        }),
      ),
    changes: ['enforce workgroup configuration: false -> true'],
    writes: ['athena:UpdateWorkGroup'],
  },
  {
    step: 'budgets',
    type: 'Budget',
    name: bedrockBudget,
    drift: async (c) => {
      const { Budget: current } = await c.budgets.send(
        new DescribeBudgetCommand({
          AccountId: TEST_ACCOUNT,
          BudgetName: bedrockBudget,
          ShowFilterExpression: true,
        }),
      );
      const raised: Budget = {
        ...(current as Budget),
        BudgetLimit: { Amount: '1000', Unit: 'USD' },
      };
      return c.budgets.send(
        new UpdateBudgetCommand({ AccountId: TEST_ACCOUNT, NewBudget: raised }),
      );
    },
    changes: ['limit: 1000.0 USD -> 100 USD'],
    writes: ['budgets:UpdateBudget'],
  },
  {
    step: 'cloudtrail',
    type: 'CloudTrail trail',
    name: 'cci-lite-trail',
    drift: (c) => c.cloudtrail.send(new StopLoggingCommand({ Name: 'cci-lite-trail' })),
    changes: ['logging: off -> on'],
    writes: ['cloudtrail:StartLogging'],
  },
];

/** Every resource unchanged except the drifted ones, which get `action`. */
function expectedAfterDrift(action: string): Row[] {
  return allWith('unchanged').map(([step, type, name]) => {
    const drifted = DRIFTS.some((d) => d.step === step && d.type === type && d.name === name);
    return [step, type, name, drifted ? action : 'unchanged'];
  });
}

async function provisionAndDrift(): Promise<void> {
  await init(aws);
  for (const d of DRIFTS) await d.drift(aws.clients, account);
  clearCallHistory(aws.mocks);
}

describe('init --target aws, run after run on one account', () => {
  it('creates every resource on a fresh account', async () => {
    const first = await init(aws);

    expect(rows(first.resources)).toEqual(allWith('created'));
    expect(account.iam.roles.size).toBe(4);
    expect(account.kms.keys.size).toBe(1);
    expect(account.s3.buckets.size).toBe(4);
    expect(account.budgets.budgets.size).toBe(3);
  });

  it('a second run finds everything unchanged and sends no mutating command', async () => {
    await init(aws);
    clearCallHistory(aws.mocks);

    const second = await init(aws);

    expect(rows(second.resources)).toEqual(allWith('unchanged'));
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });

  it('a dry run on a provisioned account plans nothing', async () => {
    await init(aws);
    clearCallHistory(aws.mocks);

    const plan = await init(aws, { dryRun: true });

    expect(rows(plan.resources)).toEqual(allWith('unchanged'));
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });

  it('after one drift per service, updates exactly the drifted resources with one write each', async () => {
    await provisionAndDrift();

    const third = await init(aws);

    expect(rows(third.resources)).toEqual(expectedAfterDrift('updated'));
    for (const d of DRIFTS) {
      const report = third.resources.find(
        (r) => r.step === d.step && r.type === d.type && r.name === d.name,
      );
      expect(report?.changes, `${d.type} ${d.name}`).toEqual(
        d.changes.map((c) => (typeof c === 'string' ? c : expect.stringMatching(c))),
      );
    }
    expect([...mutatingCommands(aws.mocks)].sort()).toEqual(DRIFTS.flatMap((d) => d.writes).sort());

    clearCallHistory(aws.mocks);
    const fourth = await init(aws);
    expect(rows(fourth.resources)).toEqual(allWith('unchanged'));
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });

  it('a dry run after the drift plans exactly those updates and writes nothing', async () => {
    await provisionAndDrift();

    const plan = await init(aws, { dryRun: true });

    expect(rows(plan.resources)).toEqual(expectedAfterDrift('update'));
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });
});
