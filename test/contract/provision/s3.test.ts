import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { RLS_RULES_PREFIX } from '../../../src/aws/catalog-names.js';
import { CciError } from '../../../src/core/errors.js';
import { s3Step } from '../../../src/aws/provision/s3.js';
import {
  bucketSpec,
  type BucketSpec,
} from '../../../src/aws/provision/policies/bucket-settings.js';
import type {
  PolicyDocument,
  PolicyStatement,
} from '../../../src/aws/provision/policies/policy-document.js';
import { awsError, mockAws, TEST_ACCOUNT } from '../../helpers/aws-mocks.js';
import { KMS_OUTPUTS, TEST_KEY_ARN, testDeployment } from '../../policy/fixtures/deployment.js';
import { commandNames, mutatingCalls } from '../../policy/fixtures/mutations.js';

const aws = mockAws();
beforeEach(() => aws.reset());
afterAll(() => aws.restore());

const INPUT = `cci-lite-input-${TEST_ACCOUNT}-eu-central-1`;
const RESULTS = `cci-lite-results-${TEST_ACCOUNT}-eu-central-1`;
const STAGING = `cci-lite-athena-staging-${TEST_ACCOUNT}-eu-central-1`;
const BUCKETS = [INPUT, RESULTS, STAGING];

function context(options: { dryRun?: boolean; region?: string } = {}) {
  return testDeployment({ ...options, outputs: KMS_OUTPUTS });
}

function bucketsMissing() {
  aws.mocks.s3.on(HeadBucketCommand).rejects(awsError('NotFound', 'Not Found', 404));
}

/** Answers every read the way S3 does for a bucket provisioned exactly as `spec` says (reformatted as S3 would). */
function answerProvisioned(spec: BucketSpec, tags: Array<{ Key: string; Value: string }>) {
  const s3 = aws.mocks.s3;
  const Bucket = spec.name;
  s3.on(HeadBucketCommand, { Bucket }).resolves({});
  s3.on(GetPublicAccessBlockCommand, { Bucket }).resolves({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
  s3.on(GetBucketOwnershipControlsCommand, { Bucket }).resolves({
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  });
  s3.on(GetBucketEncryptionCommand, { Bucket }).resolves({
    ServerSideEncryptionConfiguration: spec.encryption,
  });
  s3.on(GetBucketVersioningCommand, { Bucket }).resolves({ Status: 'Enabled' });
  s3.on(GetBucketLifecycleConfigurationCommand, { Bucket }).resolves({
    // S3 answers an empty prefix filter as an empty Filter object, and rules in its own order.
    Rules: [...spec.lifecycle]
      .reverse()
      .map((r) => (r.Filter?.Prefix === '' ? { ...r, Filter: {} } : r)),
  });
  s3.on(GetBucketPolicyCommand, { Bucket }).resolves({ Policy: reformatted(spec.policy) });
  s3.on(GetBucketNotificationConfigurationCommand, { Bucket }).resolves(
    spec.eventBridge ? { EventBridgeConfiguration: {} } : {},
  );
  s3.on(GetBucketTaggingCommand, { Bucket }).resolves({
    TagSet: [...tags, { Key: 'ExtraTeamTag', Value: 'kept' }],
  });
}

/** The policy as S3 hands it back: one-element lists become strings, statements in another order. */
function reformatted(policy: PolicyDocument): string {
  const collapse = (v: unknown) => (Array.isArray(v) && v.length === 1 ? v[0] : v);
  const statements = policy.Statement.map((s) => ({
    ...s,
    Action: collapse(s.Action),
    Resource: collapse(s.Resource),
    ...(s.Principal === '*' ? { Principal: { AWS: '*' } } : {}),
  }));
  return JSON.stringify({ ...policy, Statement: statements.reverse() });
}

function provisionedAll() {
  const ctx = context();
  for (const kind of ['input', 'results', 'staging'] as const) {
    const spec = bucketSpec(ctx, kind, TEST_KEY_ARN);
    answerProvisioned(spec, ctx.tags(spec.component));
  }
}

function putPolicy(bucket: string): PolicyDocument {
  const call = aws.mocks.s3.commandCalls(PutBucketPolicyCommand, { Bucket: bucket })[0];
  return JSON.parse(call?.args[0].input.Policy ?? 'null') as PolicyDocument;
}

function statement(policy: PolicyDocument, sid: string): PolicyStatement | undefined {
  return policy.Statement.find((s) => s.Sid === sid);
}

function lifecycleOf(bucket: string): LifecycleRule[] | undefined {
  const call = aws.mocks.s3.commandCalls(PutBucketLifecycleConfigurationCommand, {
    Bucket: bucket,
  })[0];
  return call?.args[0].input.LifecycleConfiguration?.Rules;
}

describe('s3 step: missing buckets are created', () => {
  it('creates the three buckets in the region with every setting, and reports them', async () => {
    bucketsMissing();
    const ctx = context();
    const reports = await s3Step.run(aws.clients, ctx);
    expect(reports.map((r) => [r.type, r.name, r.action])).toEqual(
      BUCKETS.map((b) => ['S3 bucket', b, 'created']),
    );
    expect(reports[0]?.arn).toBe(`arn:aws:s3:::${INPUT}`);
    for (const Bucket of BUCKETS) {
      expect(aws.mocks.s3).toHaveReceivedCommandWith(CreateBucketCommand, {
        Bucket,
        CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' },
        ObjectOwnership: 'BucketOwnerEnforced',
      });
      expect(aws.mocks.s3).toHaveReceivedCommandWith(PutBucketEncryptionCommand, {
        Bucket,
        ExpectedBucketOwner: TEST_ACCOUNT,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: TEST_KEY_ARN,
              },
              BucketKeyEnabled: true,
            },
          ],
        },
      });
      expect(aws.mocks.s3).toHaveReceivedCommandWith(PutPublicAccessBlockCommand, {
        Bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      });
      expect(aws.mocks.s3).toHaveReceivedCommandWith(PutBucketVersioningCommand, {
        Bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      });
      expect(aws.mocks.s3).toHaveReceivedCommandWith(PutBucketOwnershipControlsCommand, {
        Bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    }
    expect(ctx.outputs.get('inputBucketArn')).toBe(`arn:aws:s3:::${INPUT}`);
    expect(ctx.outputs.get('resultsBucketArn')).toBe(`arn:aws:s3:::${RESULTS}`);
    expect(ctx.outputs.get('stagingBucketArn')).toBe(`arn:aws:s3:::${STAGING}`);
  });

  it('writes the lifecycle of each bucket: input 1 day, results 30 days with tmp/ transcripts 7, staging 7', async () => {
    bucketsMissing();
    await s3Step.run(aws.clients, context());
    const deleteMarkers = {
      ID: 'remove-expired-delete-markers',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      Expiration: { ExpiredObjectDeleteMarker: true },
    };
    expect(lifecycleOf(INPUT)).toEqual([
      {
        ID: 'expire-calls-after-1-day',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        Expiration: { Days: 1 },
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
      deleteMarkers,
    ]);
    expect(lifecycleOf(RESULTS)).toEqual([
      {
        ID: 'expire-transcripts-after-7-days',
        Status: 'Enabled',
        Filter: { Prefix: 'tmp/' },
        Expiration: { Days: 7 },
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      },
      {
        ID: 'expire-results-after-30-days',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        Expiration: { Days: 30 },
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      },
      deleteMarkers,
    ]);
    // Only the workgroups' output prefixes expire: the RLS rules file under quicksight/ stays.
    expect(lifecycleOf(STAGING)).toEqual([
      ...['shared', 'tenant'].map((kind) => ({
        ID: `expire-${kind}-query-results-after-7-days`,
        Status: 'Enabled',
        Filter: { Prefix: kind === 'shared' ? 'shared/' : 'tenants/' },
        Expiration: { Days: 7 },
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      })),
      deleteMarkers,
    ]);
    const expiring = (lifecycleOf(STAGING) ?? []).filter((r) => r.Expiration?.Days !== undefined);
    for (const rule of expiring) {
      expect(RLS_RULES_PREFIX.startsWith(rule.Filter?.Prefix ?? '')).toBe(false);
    }
  });

  it('sends object-created events to EventBridge from the input bucket only', async () => {
    bucketsMissing();
    await s3Step.run(aws.clients, context());
    expect(aws.mocks.s3).toHaveReceivedCommandTimes(PutBucketNotificationConfigurationCommand, 1);
    expect(aws.mocks.s3).toHaveReceivedCommandWith(PutBucketNotificationConfigurationCommand, {
      Bucket: INPUT,
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  it('writes bucket policies: TLS only everywhere, master-key PUTs, tenant rules on results', async () => {
    bucketsMissing();
    await s3Step.run(aws.clients, context());
    for (const bucket of BUCKETS) {
      const policy = putPolicy(bucket);
      expect(statement(policy, 'DenyInsecureTransport')).toEqual({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      expect(statement(policy, 'DenyPutsWithAnotherKmsKey')?.Condition).toEqual({
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': TEST_KEY_ARN },
        Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
      });
      expect(statement(policy, 'DenyPutsWithOtherEncryptionThanKms')?.Condition).toEqual({
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        Null: { 's3:x-amz-server-side-encryption': 'false' },
      });
    }
    const results = putPolicy(RESULTS);
    expect(statement(results, 'AllowTenantPrincipalsToReadOwnResults')).toEqual({
      Sid: 'AllowTenantPrincipalsToReadOwnResults',
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:GetObjectTagging'],
      Resource: `arn:aws:s3:::${RESULTS}/\${aws:PrincipalTag/tenant_id}/*`,
      Condition: {
        StringEquals: {
          'aws:PrincipalAccount': TEST_ACCOUNT,
          's3:ExistingObjectTag/tenant_id': '${aws:PrincipalTag/tenant_id}',
        },
        Null: { 'aws:PrincipalTag/tenant_id': 'false' },
      },
    });
    const deny = statement(results, 'DenyTenantPrincipalsOtherTenantsObjects');
    expect(deny?.Effect).toBe('Deny');
    expect(deny?.Condition?.ArnNotEquals?.['aws:PrincipalArn']).toEqual([
      `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-lambda-role`,
      `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-glue-role`,
      `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-quicksight-role`,
      `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-transcribe-data-access-role`,
    ]);
    expect(statement(putPolicy(INPUT), 'AllowTenantPrincipalsToReadOwnResults')).toBeUndefined();
  });

  it('tags each bucket with the guide tags and its component', async () => {
    bucketsMissing();
    await s3Step.run(aws.clients, context());
    const components = {
      [INPUT]: 'S3-Input',
      [RESULTS]: 'S3-Results',
      [STAGING]: 'S3-AthenaStaging',
    };
    for (const [Bucket, component] of Object.entries(components)) {
      const call = aws.mocks.s3.commandCalls(PutBucketTaggingCommand, { Bucket })[0];
      expect(call?.args[0].input.Tagging?.TagSet).toEqual([
        { Key: 'Project', Value: 'CCI-Lite' },
        { Key: 'Environment', Value: 'Dev' },
        { Key: 'Owner', Value: 'Conversant' },
        { Key: 'Component', Value: component },
        { Key: 'Region', Value: 'eu-central-1' },
        { Key: 'KMSKey', Value: 'alias/cci-lite-master-key' },
        { Key: 'CostCenter', Value: 'CCI' },
        { Key: 'Version', Value: 'v1.3' },
      ]);
    }
  });

  it('names no location constraint in us-east-1', async () => {
    bucketsMissing();
    await s3Step.run(aws.clients, testDeployment({ region: 'us-east-1', outputs: KMS_OUTPUTS }));
    const create = aws.mocks.s3.commandCalls(CreateBucketCommand)[0]?.args[0].input;
    expect(create?.Bucket).toBe(`cci-lite-input-${TEST_ACCOUNT}-us-east-1`);
    expect(create?.CreateBucketConfiguration).toBeUndefined();
  });
});

describe('s3 step: provisioned buckets', () => {
  it('are unchanged, with no mutating call, even though S3 reformats what it returns', async () => {
    provisionedAll();
    const reports = await s3Step.run(aws.clients, context());
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });

  it('accept the key id in place of the key ARN as the default encryption key', async () => {
    provisionedAll();
    aws.mocks.s3.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: KMS_OUTPUTS.kmsKeyId,
            },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
    const reports = await s3Step.run(aws.clients, context());
    expect(reports.every((r) => r.action === 'unchanged')).toBe(true);
  });
});

describe('s3 step: drifted buckets', () => {
  function drift() {
    provisionedAll();
    const s3 = aws.mocks.s3;
    s3.on(GetBucketVersioningCommand, { Bucket: RESULTS }).resolves({ Status: 'Suspended' });
    s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: STAGING }).rejects(
      awsError('NoSuchLifecycleConfiguration', 'none', 404),
    );
    s3.on(GetBucketPolicyCommand, { Bucket: INPUT }).rejects(
      awsError('NoSuchBucketPolicy', 'none', 404),
    );
    s3.on(GetBucketNotificationConfigurationCommand, { Bucket: INPUT }).resolves({
      TopicConfigurations: [
        { TopicArn: 'arn:aws:sns:eu-central-1:111122223333:other', Events: ['s3:ObjectRemoved:*'] },
      ],
    });
    s3.on(GetBucketTaggingCommand, { Bucket: INPUT }).rejects(
      awsError('NoSuchTagSet', 'none', 404),
    );
    s3.on(GetBucketEncryptionCommand, { Bucket: STAGING }).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
            BucketKeyEnabled: false,
          },
        ],
      },
    });
    s3.on(GetPublicAccessBlockCommand, { Bucket: RESULTS }).rejects(
      awsError('NoSuchPublicAccessBlockConfiguration', 'none', 404),
    );
    s3.on(GetBucketOwnershipControlsCommand, { Bucket: RESULTS }).rejects(
      awsError('OwnershipControlsNotFoundError', 'none', 404),
    );
  }

  it('writes only the parts that drifted, and says which', async () => {
    drift();
    const reports = await s3Step.run(aws.clients, context());
    expect(reports.map((r) => [r.name, r.action, r.changes])).toEqual([
      [INPUT, 'updated', ['bucket policy', 'EventBridge notifications', 'tags']],
      [RESULTS, 'updated', ['public access block', 'object ownership', 'versioning']],
      [STAGING, 'updated', ['encryption', 'lifecycle']],
    ]);
    expect(aws.mocks.s3).not.toHaveReceivedCommand(CreateBucketCommand);
    expect(mutatingCalls(aws.mocks).sort()).toEqual(
      [
        'PutBucketPolicyCommand',
        'PutBucketNotificationConfigurationCommand',
        'PutBucketTaggingCommand',
        'PutPublicAccessBlockCommand',
        'PutBucketOwnershipControlsCommand',
        'PutBucketVersioningCommand',
        'PutBucketEncryptionCommand',
        'PutBucketLifecycleConfigurationCommand',
      ].sort(),
    );
    expect(aws.mocks.s3).toHaveReceivedCommandWith(PutBucketVersioningCommand, { Bucket: RESULTS });
    expect(aws.mocks.s3).toHaveReceivedCommandWith(PutBucketEncryptionCommand, { Bucket: STAGING });
  });

  it('keeps notification targets and tags that others configured', async () => {
    drift();
    aws.mocks.s3.on(GetBucketTaggingCommand, { Bucket: INPUT }).resolves({
      TagSet: [
        { Key: 'Component', Value: 'wrong' },
        { Key: 'Team', Value: 'ops' },
        { Key: 'aws:cloudformation:stack-name', Value: 'x' },
      ],
    });
    await s3Step.run(aws.clients, context());
    expect(aws.mocks.s3).toHaveReceivedCommandWith(PutBucketNotificationConfigurationCommand, {
      Bucket: INPUT,
      NotificationConfiguration: {
        TopicConfigurations: [
          {
            TopicArn: 'arn:aws:sns:eu-central-1:111122223333:other',
            Events: ['s3:ObjectRemoved:*'],
          },
        ],
        EventBridgeConfiguration: {},
      },
    });
    const tags = aws.mocks.s3.commandCalls(PutBucketTaggingCommand, { Bucket: INPUT })[0]?.args[0]
      .input.Tagging?.TagSet;
    expect(tags).toContainEqual({ Key: 'Team', Value: 'ops' });
    expect(tags).toContainEqual({ Key: 'Component', Value: 'S3-Input' });
    expect(tags?.some((t) => t.Key?.startsWith('aws:'))).toBe(false);
  });

  it('sees a changed lifecycle rule and an extra statement in the policy as drift', async () => {
    provisionedAll();
    const ctx = context();
    const results = bucketSpec(ctx, 'results', TEST_KEY_ARN);
    aws.mocks.s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: RESULTS }).resolves({
      Rules: results.lifecycle.map((r) =>
        r.ID === 'expire-results-after-30-days' ? { ...r, Expiration: { Days: 90 } } : r,
      ),
    });
    const input = bucketSpec(ctx, 'input', TEST_KEY_ARN);
    const opened: PolicyDocument = {
      ...input.policy,
      Statement: [
        ...input.policy.Statement,
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
      ],
    };
    aws.mocks.s3
      .on(GetBucketPolicyCommand, { Bucket: INPUT })
      .resolves({ Policy: JSON.stringify(opened) });
    const reports = await s3Step.run(aws.clients, ctx);
    expect(reports.map((r) => r.changes)).toEqual([['bucket policy'], ['lifecycle'], undefined]);
  });
});

describe('s3 step: dry run', () => {
  it('plans create for missing buckets without reading their settings or writing anything', async () => {
    bucketsMissing();
    const reports = await s3Step.run(aws.clients, context({ dryRun: true }));
    expect(reports.map((r) => r.action)).toEqual(['create', 'create', 'create']);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
    expect(new Set(commandNames(aws.mocks))).toEqual(new Set(['HeadBucketCommand']));
  });

  it('plans update with the drifted parts and writes nothing', async () => {
    provisionedAll();
    aws.mocks.s3.on(GetBucketVersioningCommand, { Bucket: RESULTS }).resolves({});
    const reports = await s3Step.run(aws.clients, context({ dryRun: true }));
    expect(reports.map((r) => [r.action, r.changes])).toEqual([
      ['unchanged', undefined],
      ['update', ['versioning']],
      ['unchanged', undefined],
    ]);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });
});

describe('s3 step: errors', () => {
  it('says a bucket name is taken when HeadBucket answers 403', async () => {
    aws.mocks.s3.on(HeadBucketCommand).rejects(awsError('Forbidden', 'Forbidden', 403));
    const err = await s3Step.run(aws.clients, context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CciError);
    expect((err as CciError).code).toBe('BUCKET_NAME_TAKEN');
    expect((err as CciError).fault).toBe('user');
    expect((err as CciError).message).toContain(INPUT);
  });

  it('names the step, the bucket and the AWS error code when a write fails', async () => {
    bucketsMissing();
    aws.mocks.s3
      .on(PutBucketPolicyCommand)
      .rejects(awsError('MalformedPolicy', 'Invalid principal'));
    const err = await s3Step.run(aws.clients, context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CciError);
    expect((err as CciError).code).toBe('PROVISION_FAILED');
    expect((err as CciError).message).toContain('s3');
    expect((err as CciError).message).toContain(INPUT);
    expect((err as CciError).details).toMatchObject({
      step: 's3',
      resourceType: 'S3 bucket',
      resource: INPUT,
      awsErrorCode: 'MalformedPolicy',
    });
  });

  it('names the step and bucket when a read fails with something other than not-configured', async () => {
    provisionedAll();
    aws.mocks.s3
      .on(GetBucketPolicyCommand, { Bucket: RESULTS })
      .rejects(awsError('AccessDenied', 'no', 403));
    const err = await s3Step.run(aws.clients, context()).catch((e: unknown) => e);
    expect((err as CciError).details).toMatchObject({
      step: 's3',
      resource: RESULTS,
      awsErrorCode: 'AccessDenied',
    });
  });

  it('needs the key from the KMS step', async () => {
    const err = await s3Step.run(aws.clients, testDeployment()).catch((e: unknown) => e);
    expect((err as CciError).code).toBe('PROVISION_ORDER');
  });
});
