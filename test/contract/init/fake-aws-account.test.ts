import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, DescribeKeyCommand, CreateAliasCommand } from '@aws-sdk/client-kms';
import { HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
} from '@aws-sdk/client-sqs';
import { isWorkgroupMissing } from '../../../src/aws/provision/athena.js';
import { awsErrorCode } from '../../../src/aws/provision/step.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';
import { fakeAwsAccount, type FakeAwsAccount } from '../../helpers/fake-aws-account.js';

const aws = mockAws();
const { clients } = aws;
let account: FakeAwsAccount;
beforeEach(() => {
  aws.reset();
  account = fakeAwsAccount(aws.mocks);
});
afterAll(() => aws.restore());

async function codeOf(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => 'no error',
    (err: unknown) => awsErrorCode(err),
  );
}

describe('the fake AWS account', () => {
  it('answers missing things with the errors the services use', async () => {
    expect(await codeOf(clients.kms.send(new DescribeKeyCommand({ KeyId: 'alias/x' })))).toBe(
      'NotFoundException',
    );
    expect(await codeOf(clients.s3.send(new HeadBucketCommand({ Bucket: 'b' })))).toBe('NotFound');
    expect(await codeOf(clients.iam.send(new GetRoleCommand({ RoleName: 'r' })))).toBe(
      'NoSuchEntityException',
    );
    expect(await codeOf(clients.dynamodb.send(new DescribeTableCommand({ TableName: 't' })))).toBe(
      'ResourceNotFoundException',
    );
    expect(await codeOf(clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'q' })))).toBe(
      'QueueDoesNotExist',
    );
    const workgroup = await clients.athena.send(new GetWorkGroupCommand({ WorkGroup: 'w' })).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isWorkgroupMissing(workgroup)).toBe(true);
  });

  it('answers what was written the way AWS does', async () => {
    const trust = { Version: '2012-10-17', Statement: [] };
    await clients.iam.send(
      new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );
    const role = await clients.iam.send(new GetRoleCommand({ RoleName: 'r' }));
    expect(role.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(JSON.stringify(trust)));

    const key = await clients.kms.send(new CreateKeyCommand({}));
    await clients.kms.send(
      new CreateAliasCommand({ AliasName: 'alias/k', TargetKeyId: key.KeyMetadata?.KeyId }),
    );
    const byAlias = await clients.kms.send(new DescribeKeyCommand({ KeyId: 'alias/k' }));
    expect(byAlias.KeyMetadata?.Arn).toBe(key.KeyMetadata?.Arn);

    const { QueueUrl } = await clients.sqs.send(
      new CreateQueueCommand({ QueueName: 'q', Attributes: { VisibilityTimeout: '60' } }),
    );
    const attributes = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(attributes.Attributes).toMatchObject({
      VisibilityTimeout: '60',
      MessageRetentionPeriod: '345600',
      QueueArn: `arn:aws:sqs:${account.region}:${account.accountId}:q`,
    });
  });

  it('refuses commands it does not serve, naming them', async () => {
    await expect(clients.s3.send(new ListBucketsCommand({}))).rejects.toThrow(/ListBucketsCommand/);
  });

  it('fails injected calls as often and as selectively as asked', async () => {
    account.failOn(
      HeadBucketCommand,
      awsError('SlowDown', 'Please reduce your request rate', 503),
      {
        times: 1,
        when: (input) => (input as { Bucket?: string }).Bucket === 'slow',
      },
    );
    expect(await codeOf(clients.s3.send(new HeadBucketCommand({ Bucket: 'other' })))).toBe(
      'NotFound',
    );
    expect(await codeOf(clients.s3.send(new HeadBucketCommand({ Bucket: 'slow' })))).toBe(
      'SlowDown',
    );
    expect(await codeOf(clients.s3.send(new HeadBucketCommand({ Bucket: 'slow' })))).toBe(
      'NotFound',
    );
  });
});
