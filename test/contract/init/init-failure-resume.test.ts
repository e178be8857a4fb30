import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateCrawlerCommand } from '@aws-sdk/client-glue';
import { PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import type { CommandClass } from '../../helpers/fake-aws/cloud.js';
import { CciError } from '../../../src/core/errors.js';
import { awsError, mockAws, TEST_ACCOUNT } from '../../helpers/aws-mocks.js';
import {
  clearCallHistory,
  fakeAwsAccount,
  mutatingCommands,
  sentCommands,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import { ALL_RESOURCES, allWith, init, NAMES, rows, type Row } from './init-fixture.js';

const aws = mockAws();
let account: FakeAwsAccount;
beforeEach(() => {
  aws.reset();
  account = fakeAwsAccount(aws.mocks);
});
afterAll(() => aws.restore());

async function failedInit(): Promise<CciError> {
  const err: unknown = await init(aws).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CciError);
  return err as CciError;
}

/** A create that AWS refuses part-way through a fresh init, and the resource it was for. */
interface Refusal {
  command: CommandClass;
  code: string;
  step: string;
  type: string;
  name: string;
}

const REFUSALS: Refusal[] = [
  {
    command: CreateTableCommand,
    code: 'AccessDeniedException',
    step: 'dynamodb',
    type: 'DynamoDB table',
    name: NAMES.configTable,
  },
  {
    command: SubscribeCommand,
    code: 'AuthorizationErrorException',
    step: 'sqs',
    type: 'SNS subscription',
    name: `${NAMES.snsTopic} -> ${NAMES.analysisQueue}`,
  },
  {
    command: CreateCrawlerCommand,
    code: 'AccessDeniedException',
    step: 'glue',
    type: 'Glue crawler',
    name: NAMES.crawler,
  },
  {
    command: CreateTrailCommand,
    code: 'InsufficientEncryptionPolicyException',
    step: 'cloudtrail',
    type: 'CloudTrail trail',
    name: 'cci-lite-trail',
  },
];

describe('init --target aws when AWS refuses a call mid-run', () => {
  it.each(REFUSALS)(
    '$command.name refused: stops naming $step, the resource and $code; the next run resumes',
    async (refusal) => {
      const at = ALL_RESOURCES.findIndex(
        ([step, type, name]) =>
          step === refusal.step && type === refusal.type && name === refusal.name,
      );
      const later = new Set(ALL_RESOURCES.slice(at + 1).map(([step]) => step));
      later.delete(refusal.step);
      account.failOn(
        refusal.command,
        awsError(
          refusal.code,
          `User: arn:aws:iam::${TEST_ACCOUNT}:user/cci-lite-operator is not authorized to perform this action`,
          403,
        ),
      );

      const err = await failedInit();

      expect(err.code).toBe('PROVISION_FAILED');
      expect(err.message).toContain(`Step ${refusal.step} failed`);
      expect(err.message).toContain(`${refusal.type} ${refusal.name}`);
      expect(err.message).toContain(refusal.code);
      expect(err.details).toMatchObject({
        step: refusal.step,
        resourceType: refusal.type,
        resource: refusal.name,
        awsErrorCode: refusal.code,
      });
      // The run stopped there: no later step sent anything.
      const laterClients = sentCommands(aws.mocks).filter((c) =>
        [...later].some((step) => c.startsWith(`${clientOf(step)}:`)),
      );
      expect(laterClients).toEqual([]);

      account.clearFailures();
      clearCallHistory(aws.mocks);
      const resumed = await init(aws);

      const expected: Row[] = allWith('created').map(([step, type, name], i) => [
        step,
        type,
        name,
        i < at ? 'unchanged' : 'created',
      ]);
      expect(rows(resumed.resources)).toEqual(expected);
      clearCallHistory(aws.mocks);
      expect(rows((await init(aws)).resources)).toEqual(allWith('unchanged'));
      expect(mutatingCommands(aws.mocks)).toEqual([]);
    },
  );

  it('a setting refused on a new bucket: the next run writes the settings still missing', async () => {
    account.failOn(PutBucketVersioningCommand, awsError('AccessDenied', 'Access Denied', 403), {
      times: 1,
      when: (input) => (input as { Bucket?: string }).Bucket === NAMES.resultsBucket,
    });

    const err = await failedInit();

    expect(err.message).toMatch(
      new RegExp(`^Step s3 failed on S3 bucket ${NAMES.resultsBucket}: AccessDenied: `),
    );
    clearCallHistory(aws.mocks);
    const resumed = await init(aws);

    const results = resumed.resources.find((r) => r.name === NAMES.resultsBucket);
    expect(results).toMatchObject({
      action: 'updated',
      changes: ['versioning', 'lifecycle', 'bucket policy', 'tags'],
    });
    expect(resumed.resources.find((r) => r.name === NAMES.inputBucket)?.action).toBe('unchanged');
    expect(mutatingCommands(aws.mocks).filter((c) => c.startsWith('s3:'))).toEqual([
      's3:PutBucketVersioning',
      's3:PutBucketLifecycleConfiguration',
      's3:PutBucketPolicy',
      's3:PutBucketTagging',
      // then the staging bucket, which the failed run never reached
      's3:CreateBucket',
      's3:PutPublicAccessBlock',
      's3:PutBucketOwnershipControls',
      's3:PutBucketEncryption',
      's3:PutBucketVersioning',
      's3:PutBucketLifecycleConfiguration',
      's3:PutBucketPolicy',
      's3:PutBucketTagging',
      // the QuickSight RLS rules file in the staging bucket
      's3:PutObject',
      // and the trail's log bucket
      's3:CreateBucket',
      's3:PutPublicAccessBlock',
      's3:PutBucketOwnershipControls',
      's3:PutBucketEncryption',
      's3:PutBucketVersioning',
      's3:PutBucketLifecycleConfiguration',
      's3:PutBucketPolicy',
      's3:PutBucketTagging',
    ]);
  });
});

/** The mocked client a step talks to, for steps whose id is not the client's name. */
function clientOf(step: string): string {
  const clients: Record<string, string> = {
    'iam-roles': 'iam',
    'iam-policies': 'iam',
    events: 'eventbridge',
  };
  return clients[step] ?? step;
}
