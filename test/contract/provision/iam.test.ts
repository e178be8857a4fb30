import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CciError } from '../../../src/core/errors.js';
import {
  createIamPoliciesStep,
  iamPoliciesStep,
  iamRolesStep,
} from '../../../src/aws/provision/iam.js';
import {
  renderInlinePolicy,
  renderTrustPolicy,
  roleSpecs,
} from '../../../src/aws/provision/policies/role-policies.js';
import type {
  PolicyDocument,
  PolicyStatement,
} from '../../../src/aws/provision/policies/policy-document.js';
import { awsError, mockAws, TEST_ACCOUNT } from '../../helpers/aws-mocks.js';
import { KMS_OUTPUTS, TEST_KEY_ARN, testDeployment } from '../../policy/fixtures/deployment.js';
import { mutatingCalls } from '../../policy/fixtures/mutations.js';

const aws = mockAws();
beforeEach(() => aws.reset());
afterAll(() => aws.restore());

const ROLES = [
  'cci-lite-lambda-role',
  'cci-lite-glue-role',
  'cci-lite-quicksight-role',
  'cci-lite-transcribe-data-access-role',
];
const GLUE_MANAGED = 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole';
const arn = (role: string) => `arn:aws:iam::${TEST_ACCOUNT}:role/${role}`;
const INPUT = `arn:aws:s3:::cci-lite-input-${TEST_ACCOUNT}-eu-central-1`;
const RESULTS = `arn:aws:s3:::cci-lite-results-${TEST_ACCOUNT}-eu-central-1`;
const STAGING = `arn:aws:s3:::cci-lite-athena-staging-${TEST_ACCOUNT}-eu-central-1`;

function rolesMissing() {
  aws.mocks.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', 'no role', 404));
  aws.mocks.iam
    .on(GetRolePolicyCommand)
    .rejects(awsError('NoSuchEntityException', 'no policy', 404));
}

/** IAM answers policy documents URL-encoded. */
const encoded = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

function rolesProvisioned() {
  const ctx = testDeployment();
  for (const spec of roleSpecs(ctx)) {
    const RoleName = spec.roleName;
    aws.mocks.iam.on(GetRoleCommand, { RoleName }).resolves({
      Role: {
        RoleName,
        Arn: arn(RoleName),
        Path: '/',
        RoleId: 'AROAEXAMPLE',
        CreateDate: new Date(),
        AssumeRolePolicyDocument: encoded(renderTrustPolicy(ctx, spec)),
      },
    });
    aws.mocks.iam
      .on(ListRoleTagsCommand, { RoleName })
      .resolves({ Tags: ctx.tags('IAM'), IsTruncated: false });
    aws.mocks.iam.on(ListAttachedRolePoliciesCommand, { RoleName }).resolves({
      AttachedPolicies: spec.managedPolicyArns.map((PolicyArn) => ({ PolicyArn, PolicyName: 'x' })),
      IsTruncated: false,
    });
    aws.mocks.iam.on(GetRolePolicyCommand, { RoleName }).resolves({
      RoleName,
      PolicyName: spec.inlinePolicyName,
      PolicyDocument: encoded(renderInlinePolicy(ctx, spec, { kmsKeyArn: TEST_KEY_ARN })),
    });
  }
}

function createdTrust(role: string): PolicyDocument {
  const input = aws.mocks.iam.commandCalls(CreateRoleCommand, { RoleName: role })[0]?.args[0].input;
  return JSON.parse(input?.AssumeRolePolicyDocument ?? 'null') as PolicyDocument;
}

function putPolicy(role: string): PolicyDocument {
  const input = aws.mocks.iam.commandCalls(PutRolePolicyCommand, { RoleName: role })[0]?.args[0]
    .input;
  return JSON.parse(input?.PolicyDocument ?? 'null') as PolicyDocument;
}

const sid = (doc: PolicyDocument, name: string): PolicyStatement | undefined =>
  doc.Statement.find((s) => s.Sid === name);

describe('iam roles step', () => {
  it('creates the four roles with their trust policies, tags and the Glue managed policy', async () => {
    rolesMissing();
    const ctx = testDeployment();
    const reports = await iamRolesStep.run(aws.clients, ctx);
    expect(reports.map((r) => [r.type, r.name, r.action, r.arn])).toEqual(
      ROLES.map((r) => ['IAM role', r, 'created', arn(r)]),
    );
    expect(createdTrust('cci-lite-lambda-role').Statement).toEqual([
      {
        Sid: 'LambdaServiceAssumesRole',
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    ]);
    expect(createdTrust('cci-lite-glue-role').Statement[0]?.Principal).toEqual({
      Service: 'glue.amazonaws.com',
    });
    expect(createdTrust('cci-lite-quicksight-role').Statement[0]?.Principal).toEqual({
      Service: 'quicksight.amazonaws.com',
    });
    expect(createdTrust('cci-lite-transcribe-data-access-role').Statement).toEqual([
      {
        Sid: 'TranscribeAssumesRoleOnlyForThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'transcribe.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:transcribe:eu-central-1:${TEST_ACCOUNT}:*` },
        },
      },
    ]);
    expect(aws.mocks.iam).toHaveReceivedCommandWith(CreateRoleCommand, {
      RoleName: 'cci-lite-lambda-role',
      Tags: ctx.tags('IAM'),
    });
    expect(ctx.tags('IAM')).toContainEqual({ Key: 'Component', Value: 'IAM' });
    expect(aws.mocks.iam).toHaveReceivedCommandTimes(AttachRolePolicyCommand, 1);
    expect(aws.mocks.iam).toHaveReceivedCommandWith(AttachRolePolicyCommand, {
      RoleName: 'cci-lite-glue-role',
      PolicyArn: GLUE_MANAGED,
    });
    expect(aws.mocks.iam).not.toHaveReceivedCommand(PutRolePolicyCommand);
    expect(ctx.outputs.get('lambdaRoleArn')).toBe(arn('cci-lite-lambda-role'));
    expect(ctx.outputs.get('glueRoleArn')).toBe(arn('cci-lite-glue-role'));
    expect(ctx.outputs.get('quicksightRoleArn')).toBe(arn('cci-lite-quicksight-role'));
    expect(ctx.outputs.get('transcribeRoleArn')).toBe(arn('cci-lite-transcribe-data-access-role'));
  });

  it('leaves provisioned roles alone (URL-encoded trust, extra tags) with no mutating call', async () => {
    rolesProvisioned();
    aws.mocks.iam
      .on(ListRoleTagsCommand, { RoleName: 'cci-lite-lambda-role' })
      .resolves({ Tags: [...testDeployment().tags('IAM'), { Key: 'Team', Value: 'ops' }] });
    const reports = await iamRolesStep.run(aws.clients, testDeployment());
    expect(reports.map((r) => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });

  it('reconciles a drifted trust policy, missing tags and a detached managed policy, and nothing else', async () => {
    rolesProvisioned();
    aws.mocks.iam
      .on(GetRoleCommand, { RoleName: 'cci-lite-transcribe-data-access-role' })
      .resolves({
        Role: {
          RoleName: 'cci-lite-transcribe-data-access-role',
          Arn: arn('cci-lite-transcribe-data-access-role'),
          Path: '/',
          RoleId: 'AROAEXAMPLE',
          CreateDate: new Date(),
          // The confused-deputy condition was removed by hand.
          AssumeRolePolicyDocument: encoded({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'transcribe.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        },
      });
    aws.mocks.iam.on(ListRoleTagsCommand, { RoleName: 'cci-lite-quicksight-role' }).resolves({
      Tags: testDeployment()
        .tags('IAM')
        .map((t) => (t.Key === 'Version' ? { Key: 'Version', Value: 'v1.2' } : t)),
    });
    aws.mocks.iam.on(ListAttachedRolePoliciesCommand, { RoleName: 'cci-lite-glue-role' }).resolves({
      AttachedPolicies: [],
    });
    const reports = await iamRolesStep.run(aws.clients, testDeployment());
    expect(reports.map((r) => [r.name, r.action, r.changes])).toEqual([
      ['cci-lite-lambda-role', 'unchanged', undefined],
      ['cci-lite-glue-role', 'updated', ['managed policy: AWSGlueServiceRole']],
      ['cci-lite-quicksight-role', 'updated', ['tags: Version']],
      ['cci-lite-transcribe-data-access-role', 'updated', ['trust policy']],
    ]);
    expect(mutatingCalls(aws.mocks).sort()).toEqual([
      'AttachRolePolicyCommand',
      'TagRoleCommand',
      'UpdateAssumeRolePolicyCommand',
    ]);
    expect(aws.mocks.iam).toHaveReceivedCommandWith(TagRoleCommand, {
      RoleName: 'cci-lite-quicksight-role',
      Tags: [{ Key: 'Version', Value: 'v1.3' }],
    });
    const update = aws.mocks.iam.commandCalls(UpdateAssumeRolePolicyCommand)[0]?.args[0].input;
    expect(update?.RoleName).toBe('cci-lite-transcribe-data-access-role');
    expect(JSON.parse(update?.PolicyDocument ?? '{}')).toEqual(
      renderTrustPolicy(testDeployment(), roleSpecs(testDeployment())[3]!),
    );
  });

  it('plans in dry run without writing', async () => {
    rolesMissing();
    const reports = await iamRolesStep.run(aws.clients, testDeployment({ dryRun: true }));
    expect(reports.map((r) => r.action)).toEqual(['create', 'create', 'create', 'create']);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });

  it('names step, role and AWS error code on failure', async () => {
    rolesMissing();
    aws.mocks.iam
      .on(CreateRoleCommand)
      .rejects(awsError('LimitExceededException', 'too many roles'));
    const err = await iamRolesStep.run(aws.clients, testDeployment()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CciError);
    expect((err as CciError).details).toEqual({
      step: 'iam-roles',
      resourceType: 'IAM role',
      resource: 'cci-lite-lambda-role',
      awsErrorCode: 'LimitExceededException',
    });
  });
});

describe('iam policies step', () => {
  const ctx = () => testDeployment({ outputs: KMS_OUTPUTS });

  it('writes one inline policy per role, scoped to this deployment', async () => {
    rolesMissing();
    const reports = await iamPoliciesStep.run(aws.clients, ctx());
    expect(reports.map((r) => [r.type, r.name, r.action])).toEqual([
      ['IAM inline policy', 'cci-lite-lambda-role/cci-lite-lambda-policy', 'created'],
      ['IAM inline policy', 'cci-lite-glue-role/cci-lite-glue-policy', 'created'],
      ['IAM inline policy', 'cci-lite-quicksight-role/cci-lite-quicksight-policy', 'created'],
      [
        'IAM inline policy',
        'cci-lite-transcribe-data-access-role/cci-lite-transcribe-policy',
        'created',
      ],
    ]);
    for (const role of ROLES) {
      const text = JSON.stringify(putPolicy(role));
      expect(text).not.toContain('${');
      expect(text).not.toContain('591338347562');
    }
  });

  it('gives the Lambda role exactly the pipeline permissions', async () => {
    rolesMissing();
    await iamPoliciesStep.run(aws.clients, ctx());
    const p = putPolicy('cci-lite-lambda-role');
    expect(sid(p, 'ReadCallAudioFromInputBucket')).toMatchObject({
      Action: 's3:GetObject',
      Resource: `${INPUT}/*`,
    });
    expect(sid(p, 'ReadWriteResultsAndTranscripts')).toMatchObject({
      Action: ['s3:GetObject', 's3:PutObject', 's3:GetObjectTagging', 's3:PutObjectTagging'],
      Resource: `${RESULTS}/*`,
    });
    expect(sid(p, 'PassOnlyTheTranscribeDataAccessRoleToTranscribe')).toEqual({
      Sid: 'PassOnlyTheTranscribeDataAccessRoleToTranscribe',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: arn('cci-lite-transcribe-data-access-role'),
      Condition: { StringEquals: { 'iam:PassedToService': 'transcribe.amazonaws.com' } },
    });
    expect(
      sid(p, 'StartCallAnalyticsJobsHasNoJobArnScopedByOutputLocationAndKey')?.Condition,
    ).toEqual({
      StringLike: {
        'transcribe:OutputLocation': `s3://cci-lite-results-${TEST_ACCOUNT}-eu-central-1/tmp/*`,
      },
      StringEquals: { 'transcribe:OutputEncryptionKMSKeyId': TEST_KEY_ARN },
    });
    expect(sid(p, 'ReadTranscribeJobsOfThisAccountAndRegion')?.Resource).toEqual([
      `arn:aws:transcribe:eu-central-1:${TEST_ACCOUNT}:transcription-job/*`,
      `arn:aws:transcribe:eu-central-1:${TEST_ACCOUNT}:analytics/*`,
    ]);
    expect(
      sid(p, 'InvokeConfiguredBedrockModelsConverseIsAuthorisedAsInvokeModel')?.Resource,
    ).toEqual([
      `arn:aws:bedrock:eu-central-1:${TEST_ACCOUNT}:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0`,
      'arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0',
    ]);
    expect(sid(p, 'ReadWriteTenantConfigTable')).toMatchObject({
      Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      Resource: `arn:aws:dynamodb:eu-central-1:${TEST_ACCOUNT}:table/cci-lite-config`,
    });
    expect(sid(p, 'ConsumeAnalysisQueue')?.Resource).toBe(
      `arn:aws:sqs:eu-central-1:${TEST_ACCOUNT}:cci-lite-analysis-queue`,
    );
    expect(sid(p, 'SendFailedWorkToDeadLetterQueue')).toMatchObject({
      Action: 'sqs:SendMessage',
      Resource: `arn:aws:sqs:eu-central-1:${TEST_ACCOUNT}:cci-lite-dlq`,
    });
    expect(sid(p, 'PublishJobStatus')?.Resource).toBe(
      `arn:aws:sns:eu-central-1:${TEST_ACCOUNT}:TranscribeJobStatusTopic`,
    );
    expect(sid(p, 'UseMasterKeyOnlyThroughPipelineServices')).toMatchObject({
      Resource: TEST_KEY_ARN,
      Condition: {
        StringEquals: {
          'kms:ViaService': [
            's3.eu-central-1.amazonaws.com',
            'sqs.eu-central-1.amazonaws.com',
            'sns.eu-central-1.amazonaws.com',
            'dynamodb.eu-central-1.amazonaws.com',
            'lambda.eu-central-1.amazonaws.com',
            'transcribe.eu-central-1.amazonaws.com',
          ],
        },
      },
    });
    expect(sid(p, 'WriteOwnFunctionLogs')?.Resource).toEqual([
      `arn:aws:logs:eu-central-1:${TEST_ACCOUNT}:log-group:/aws/lambda/cci-lite-job-init`,
      `arn:aws:logs:eu-central-1:${TEST_ACCOUNT}:log-group:/aws/lambda/cci-lite-job-init:*`,
      `arn:aws:logs:eu-central-1:${TEST_ACCOUNT}:log-group:/aws/lambda/cci-lite-result-handler`,
      `arn:aws:logs:eu-central-1:${TEST_ACCOUNT}:log-group:/aws/lambda/cci-lite-result-handler:*`,
    ]);
    // The only "*" resources are the APIs that cannot be scoped, each saying so in its Sid.
    const wildcard = p.Statement.filter((s) => s.Resource === '*').map((s) => s.Sid);
    expect(wildcard).toEqual([
      'StartCallAnalyticsJobsHasNoJobArnScopedByOutputLocationAndKey',
      'StartTranscriptionJobsHasNoJobArnScopedByOutputBucketAndKey',
      'TagTranscribeJobsTagResourceHasNoResourceArn',
      'ComprehendBatchDetectApisHaveNoResourceArn',
      'XRayTracingApisHaveNoResourceArn',
    ]);
    expect(JSON.stringify(p)).not.toContain(STAGING);
  });

  it('lets the Lambda role invoke tenants’ own models when asked', async () => {
    rolesMissing();
    const step = createIamPoliciesStep({
      extraBedrockModels: ['anthropic.claude-3-5-sonnet-20240620-v1:0'],
    });
    await step.run(aws.clients, ctx());
    const p = putPolicy('cci-lite-lambda-role');
    expect(
      sid(p, 'InvokeConfiguredBedrockModelsConverseIsAuthorisedAsInvokeModel')?.Resource,
    ).toContain(
      'arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
    );
  });

  it('scopes the Glue, QuickSight and Transcribe roles to their buckets, catalog and workgroups', async () => {
    rolesMissing();
    await iamPoliciesStep.run(aws.clients, ctx());
    const glue = putPolicy('cci-lite-glue-role');
    expect(sid(glue, 'ReadResultsObjects')?.Resource).toBe(`${RESULTS}/*`);
    expect(sid(glue, 'DecryptResultsOnlyThroughS3AndGlue')).toMatchObject({
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: TEST_KEY_ARN,
    });
    const qs = putPolicy('cci-lite-quicksight-role');
    expect(sid(qs, 'RunQueriesInPipelineWorkgroups')?.Resource).toEqual([
      `arn:aws:athena:eu-central-1:${TEST_ACCOUNT}:workgroup/cci-lite-shared`,
      `arn:aws:athena:eu-central-1:${TEST_ACCOUNT}:workgroup/tenant-*`,
    ]);
    expect(sid(qs, 'ReadPipelineGlueCatalog')?.Resource).toEqual([
      `arn:aws:glue:eu-central-1:${TEST_ACCOUNT}:catalog`,
      `arn:aws:glue:eu-central-1:${TEST_ACCOUNT}:database/cci-lite-db`,
      `arn:aws:glue:eu-central-1:${TEST_ACCOUNT}:table/cci-lite-db/*`,
    ]);
    expect(sid(qs, 'ReadWriteQueryResultsInStaging')?.Resource).toBe(`${STAGING}/*`);
    const tr = putPolicy('cci-lite-transcribe-data-access-role');
    expect(sid(tr, 'ReadCallAudio')?.Resource).toBe(`${INPUT}/*`);
    expect(sid(tr, 'WriteTranscriptsUnderResultsTmp')).toMatchObject({
      Action: 's3:PutObject',
      Resource: `${RESULTS}/tmp/*`,
    });
  });

  it('leaves provisioned policies alone (IAM URL-encodes them) with no mutating call', async () => {
    rolesProvisioned();
    const reports = await iamPoliciesStep.run(aws.clients, ctx());
    expect(reports.map((r) => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });

  it('rewrites only the drifted policy', async () => {
    rolesProvisioned();
    aws.mocks.iam.on(GetRolePolicyCommand, { RoleName: 'cci-lite-glue-role' }).resolves({
      RoleName: 'cci-lite-glue-role',
      PolicyName: 'cci-lite-glue-policy',
      PolicyDocument: encoded({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
      }),
    });
    const reports = await iamPoliciesStep.run(aws.clients, ctx());
    expect(reports.map((r) => [r.action, r.changes])).toEqual([
      ['unchanged', undefined],
      ['updated', ['policy document']],
      ['unchanged', undefined],
      ['unchanged', undefined],
    ]);
    expect(mutatingCalls(aws.mocks)).toEqual(['PutRolePolicyCommand']);
    expect(aws.mocks.iam).toHaveReceivedCommandWith(PutRolePolicyCommand, {
      RoleName: 'cci-lite-glue-role',
      PolicyName: 'cci-lite-glue-policy',
    });
  });

  it('plans in dry run, even with the key still pending', async () => {
    rolesMissing();
    const dry = testDeployment({
      dryRun: true,
      outputs: { kmsKeyArn: `arn:aws:kms:eu-central-1:${TEST_ACCOUNT}:key/(pending)` },
    });
    const reports = await iamPoliciesStep.run(aws.clients, dry);
    expect(reports.map((r) => r.action)).toEqual(['create', 'create', 'create', 'create']);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });

  it('names step, policy and AWS error code on failure', async () => {
    rolesMissing();
    aws.mocks.iam
      .on(PutRolePolicyCommand)
      .rejects(awsError('MalformedPolicyDocumentException', 'bad'));
    const err = await iamPoliciesStep.run(aws.clients, ctx()).catch((e: unknown) => e);
    expect((err as CciError).details).toEqual({
      step: 'iam-policies',
      resourceType: 'IAM inline policy',
      resource: 'cci-lite-lambda-role/cci-lite-lambda-policy',
      awsErrorCode: 'MalformedPolicyDocumentException',
    });
  });
});
