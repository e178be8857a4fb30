import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AddTagsCommand,
  CreateTrailCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  CreateBucketCommand,
} from '@aws-sdk/client-s3';
import { CciError } from '../../../src/core/errors.js';
import { cloudtrailStep } from '../../../src/aws/provision/cloudtrail.js';
import { bucketSpec } from '../../../src/aws/provision/policies/bucket-settings.js';
import type { PolicyDocument } from '../../../src/aws/provision/policies/policy-document.js';
import { awsError, mockAws, TEST_ACCOUNT } from '../../helpers/aws-mocks.js';
import { KMS_OUTPUTS, TEST_KEY_ARN, testDeployment } from '../../policy/fixtures/deployment.js';
import { mutatingCalls } from '../../policy/fixtures/mutations.js';

const aws = mockAws();
beforeEach(() => aws.reset());
afterAll(() => aws.restore());

const TRAIL_BUCKET = `cci-lite-trail-${TEST_ACCOUNT}-eu-central-1`;
const TRAIL_ARN = `arn:aws:cloudtrail:eu-central-1:${TEST_ACCOUNT}:trail/cci-lite-trail`;
const SELECTORS = [
  {
    ReadWriteType: 'All',
    IncludeManagementEvents: true,
    DataResources: [
      {
        Type: 'AWS::S3::Object',
        Values: [
          `arn:aws:s3:::cci-lite-input-${TEST_ACCOUNT}-eu-central-1/`,
          `arn:aws:s3:::cci-lite-results-${TEST_ACCOUNT}-eu-central-1/`,
          `arn:aws:s3:::cci-lite-athena-staging-${TEST_ACCOUNT}-eu-central-1/`,
        ],
      },
    ],
  },
] as const;

const context = (dryRun = false) => testDeployment({ dryRun, outputs: KMS_OUTPUTS });

function allMissing() {
  aws.mocks.s3.on(HeadBucketCommand).rejects(awsError('NotFound', 'Not Found', 404));
  aws.mocks.cloudtrail.on(GetTrailCommand).rejects(awsError('TrailNotFoundException', 'no trail'));
}

function provisioned() {
  const ctx = context();
  const spec = bucketSpec(ctx, 'trail', TEST_KEY_ARN);
  const s3 = aws.mocks.s3;
  s3.on(HeadBucketCommand).resolves({});
  s3.on(GetPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
  s3.on(GetBucketOwnershipControlsCommand).resolves({
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  });
  s3.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: spec.encryption,
  });
  s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
  s3.on(GetBucketLifecycleConfigurationCommand).resolves({ Rules: spec.lifecycle });
  s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(spec.policy) });
  s3.on(GetBucketTaggingCommand).resolves({ TagSet: ctx.tags('S3-Trail') });
  const ct = aws.mocks.cloudtrail;
  ct.on(GetTrailCommand).resolves({
    Trail: {
      Name: 'cci-lite-trail',
      TrailARN: TRAIL_ARN,
      S3BucketName: TRAIL_BUCKET,
      KmsKeyId: TEST_KEY_ARN,
      LogFileValidationEnabled: true,
      IsMultiRegionTrail: false,
      IncludeGlobalServiceEvents: true,
      HomeRegion: 'eu-central-1',
    },
  });
  ct.on(GetEventSelectorsCommand).resolves({
    TrailARN: TRAIL_ARN,
    // CloudTrail answers with its own order and the empty exclusion list.
    EventSelectors: [
      {
        ...SELECTORS[0],
        DataResources: [
          {
            ...SELECTORS[0].DataResources[0],
            Values: [...SELECTORS[0].DataResources[0].Values].reverse(),
          },
        ],
        ExcludeManagementEventSources: [],
      },
    ],
  });
  ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  ct.on(ListTagsCommand).resolves({
    ResourceTagList: [{ ResourceId: TRAIL_ARN, TagsList: ctx.tags('CloudTrail') }],
  });
}

describe('cloudtrail step: nothing yet', () => {
  it('creates the log bucket and a KMS-encrypted, validated trail with data events for the three buckets', async () => {
    allMissing();
    const ctx = context();
    const reports = await cloudtrailStep.run(aws.clients, ctx);
    expect(reports.map((r) => [r.type, r.name, r.action, r.arn])).toEqual([
      ['S3 bucket', TRAIL_BUCKET, 'created', `arn:aws:s3:::${TRAIL_BUCKET}`],
      ['CloudTrail trail', 'cci-lite-trail', 'created', TRAIL_ARN],
    ]);
    expect(aws.mocks.s3).toHaveReceivedCommandWith(CreateBucketCommand, { Bucket: TRAIL_BUCKET });
    expect(aws.mocks.cloudtrail).toHaveReceivedCommandWith(CreateTrailCommand, {
      Name: 'cci-lite-trail',
      S3BucketName: TRAIL_BUCKET,
      KmsKeyId: TEST_KEY_ARN,
      EnableLogFileValidation: true,
      IsMultiRegionTrail: false,
      IncludeGlobalServiceEvents: true,
      TagsList: ctx.tags('CloudTrail'),
    });
    expect(aws.mocks.cloudtrail).toHaveReceivedCommandWith(PutEventSelectorsCommand, {
      TrailName: 'cci-lite-trail',
      EventSelectors: SELECTORS as never,
    });
    expect(aws.mocks.cloudtrail).toHaveReceivedCommandWith(StartLoggingCommand, {
      Name: 'cci-lite-trail',
    });
    expect(ctx.outputs.get('trailArn')).toBe(TRAIL_ARN);
    expect(ctx.outputs.get('trailBucketArn')).toBe(`arn:aws:s3:::${TRAIL_BUCKET}`);
  });

  it('hardens the log bucket: CloudTrail-only writes tied to this trail, TLS only, a year of logs', async () => {
    allMissing();
    await cloudtrailStep.run(aws.clients, context());
    const policyText =
      aws.mocks.s3.commandCalls(PutBucketPolicyCommand)[0]?.args[0].input.Policy ?? '{}';
    const policy = JSON.parse(policyText) as PolicyDocument;
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${TRAIL_BUCKET}`, `arn:aws:s3:::${TRAIL_BUCKET}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${TRAIL_BUCKET}`,
        Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${TEST_ACCOUNT}/*`,
        Condition: {
          StringEquals: { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      },
    ]);
    const rules = aws.mocks.s3.commandCalls(PutBucketLifecycleConfigurationCommand)[0]?.args[0]
      .input.LifecycleConfiguration?.Rules;
    expect(rules?.[0]).toMatchObject({
      Expiration: { Days: 365 },
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
    });
    const tags =
      aws.mocks.s3.commandCalls(PutBucketTaggingCommand)[0]?.args[0].input.Tagging?.TagSet;
    expect(tags).toContainEqual({ Key: 'Component', Value: 'S3-Trail' });
    expect(aws.mocks.s3).not.toHaveReceivedCommand(PutBucketNotificationConfigurationCommand);
  });

  it('plans both creations in dry run without writing', async () => {
    allMissing();
    const reports = await cloudtrailStep.run(aws.clients, context(true));
    expect(reports.map((r) => r.action)).toEqual(['create', 'create']);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });
});

describe('cloudtrail step: existing trail', () => {
  it('is unchanged with no mutating call when everything is right', async () => {
    provisioned();
    const reports = await cloudtrailStep.run(aws.clients, context());
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });

  it('puts back event selectors that lost the data events, and nothing else', async () => {
    provisioned();
    aws.mocks.cloudtrail.on(GetEventSelectorsCommand).resolves({
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
    });
    const reports = await cloudtrailStep.run(aws.clients, context());
    expect(reports[1]).toMatchObject({ action: 'updated', changes: ['event selectors'] });
    expect(mutatingCalls(aws.mocks)).toEqual(['PutEventSelectorsCommand']);
  });

  it('treats advanced selectors in place of ours as drift', async () => {
    provisioned();
    aws.mocks.cloudtrail.on(GetEventSelectorsCommand).resolves({
      AdvancedEventSelectors: [
        { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      ],
    });
    const reports = await cloudtrailStep.run(aws.clients, context());
    expect(reports[1]?.changes).toEqual(['event selectors']);
  });

  it('fixes the KMS key and validation with UpdateTrail, restarts logging and adds missing tags', async () => {
    provisioned();
    aws.mocks.cloudtrail.on(GetTrailCommand).resolves({
      Trail: {
        Name: 'cci-lite-trail',
        TrailARN: TRAIL_ARN,
        S3BucketName: TRAIL_BUCKET,
        LogFileValidationEnabled: false,
        IsMultiRegionTrail: false,
        IncludeGlobalServiceEvents: true,
      },
    });
    aws.mocks.cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    aws.mocks.cloudtrail
      .on(ListTagsCommand)
      .resolves({ ResourceTagList: [{ ResourceId: TRAIL_ARN, TagsList: [] }] });
    const reports = await cloudtrailStep.run(aws.clients, context());
    expect(reports[1]?.changes).toEqual([
      'trail settings: KMS key, log file validation',
      'logging: off -> on',
      'tags: Project, Environment, Owner, Component, Region, KMSKey, CostCenter, Version',
    ]);
    expect(mutatingCalls(aws.mocks).sort()).toEqual([
      'AddTagsCommand',
      'StartLoggingCommand',
      'UpdateTrailCommand',
    ]);
    expect(aws.mocks.cloudtrail).toHaveReceivedCommandWith(UpdateTrailCommand, {
      Name: 'cci-lite-trail',
      KmsKeyId: TEST_KEY_ARN,
      EnableLogFileValidation: true,
      S3BucketName: TRAIL_BUCKET,
    });
    expect(aws.mocks.cloudtrail).toHaveReceivedCommandWith(AddTagsCommand, {
      ResourceId: TRAIL_ARN,
    });
  });

  it('plans the update in dry run without writing', async () => {
    provisioned();
    aws.mocks.cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    const reports = await cloudtrailStep.run(aws.clients, context(true));
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'update']);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });
});

describe('cloudtrail step: errors', () => {
  it('names the step, the trail and the AWS error code', async () => {
    allMissing();
    aws.mocks.cloudtrail
      .on(CreateTrailCommand)
      .rejects(
        awsError('InsufficientEncryptionPolicyException', 'key policy does not allow CloudTrail'),
      );
    const err = await cloudtrailStep.run(aws.clients, context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CciError);
    expect((err as CciError).details).toEqual({
      step: 'cloudtrail',
      resourceType: 'CloudTrail trail',
      resource: 'cci-lite-trail',
      awsErrorCode: 'InsufficientEncryptionPolicyException',
    });
  });
});
