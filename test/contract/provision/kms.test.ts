import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { CciError } from '../../../src/core/errors.js';
import { createKmsStep, kmsStep } from '../../../src/aws/provision/kms.js';
import { buildKeyPolicy } from '../../../src/aws/provision/policies/key-policy.js';
import type {
  PolicyDocument,
  PolicyStatement,
} from '../../../src/aws/provision/policies/policy-document.js';
import { awsError, mockAws, TEST_ACCOUNT } from '../../helpers/aws-mocks.js';
import { TEST_KEY_ARN, TEST_KEY_ID, testDeployment } from '../../policy/fixtures/deployment.js';
import { mutatingCalls } from '../../policy/fixtures/mutations.js';

const aws = mockAws();
beforeEach(() => aws.reset());
afterEach(() => vi.useRealTimers());
afterAll(() => aws.restore());

const ALIAS = 'alias/cci-lite-master-key';
const role = (name: string) => `arn:aws:iam::${TEST_ACCOUNT}:role/${name}`;
const CORE_ROLES = [
  role('cci-lite-lambda-role'),
  role('cci-lite-glue-role'),
  role('cci-lite-quicksight-role'),
  role('cci-lite-transcribe-data-access-role'),
];
const META: KeyMetadata = {
  KeyId: TEST_KEY_ID,
  Arn: TEST_KEY_ARN,
  KeyState: 'Enabled',
  KeySpec: 'SYMMETRIC_DEFAULT',
  KeyUsage: 'ENCRYPT_DECRYPT',
  KeyManager: 'CUSTOMER',
};

function keyMissing() {
  aws.mocks.kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException', 'Alias not found'));
  aws.mocks.kms.on(CreateKeyCommand).resolves({ KeyMetadata: META });
}

function keyProvisioned(policy: PolicyDocument = buildKeyPolicy(testDeployment())) {
  aws.mocks.kms.on(DescribeKeyCommand, { KeyId: ALIAS }).resolves({ KeyMetadata: META });
  // KMS hands the policy back pretty-printed.
  aws.mocks.kms
    .on(GetKeyPolicyCommand)
    .resolves({ Policy: JSON.stringify(policy, null, 2), PolicyName: 'default' });
  aws.mocks.kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
  aws.mocks.kms.on(ListResourceTagsCommand).resolves({
    Tags: testDeployment()
      .tags('KMS')
      .map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
    Truncated: false,
  });
}

function createdPolicy(): PolicyDocument {
  const input = aws.mocks.kms.commandCalls(CreateKeyCommand)[0]?.args[0].input;
  return JSON.parse(input?.Policy ?? 'null') as PolicyDocument;
}

const sid = (doc: PolicyDocument, name: string): PolicyStatement | undefined =>
  doc.Statement.find((s) => s.Sid === name);

describe('kms step: missing key', () => {
  it('creates a symmetric key with the policy, tags, alias and rotation', async () => {
    keyMissing();
    const ctx = testDeployment();
    const reports = await kmsStep.run(aws.clients, ctx);
    expect(reports).toEqual([
      { step: 'kms', type: 'KMS key', name: ALIAS, action: 'created', arn: TEST_KEY_ARN },
    ]);
    expect(aws.mocks.kms).toHaveReceivedCommandWith(CreateKeyCommand, {
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Tags: ctx.tags('KMS').map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
    });
    expect(aws.mocks.kms).toHaveReceivedCommandWith(CreateAliasCommand, {
      AliasName: ALIAS,
      TargetKeyId: TEST_KEY_ID,
    });
    expect(aws.mocks.kms).toHaveReceivedCommandWith(EnableKeyRotationCommand, {
      KeyId: TEST_KEY_ID,
    });
    expect(ctx.outputs.get('kmsKeyArn')).toBe(TEST_KEY_ARN);
    expect(ctx.outputs.get('kmsKeyId')).toBe(TEST_KEY_ID);
    expect(ctx.outputs.get('kmsAliasArn')).toBe(
      `arn:aws:kms:eu-central-1:${TEST_ACCOUNT}:${ALIAS}`,
    );
  });

  it('generates the key policy for this account and these roles, never the guide’s account', async () => {
    keyMissing();
    await kmsStep.run(aws.clients, testDeployment());
    const policy = createdPolicy();
    expect(JSON.stringify(policy)).not.toContain('591338347562');
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'AllowRootAccountFullAccess',
      'AllowCoreServiceRolesToUseKeyThroughPipelineServices',
      'TenantScopedEncryptionContext',
      'AllowTenantPrincipalsToDecryptResultsThroughS3',
      'AllowCloudWatchLogsForPipelineLogGroups',
      'AllowEventBridgeToPublishToEncryptedTopic',
      'AllowSnsToDeliverToEncryptedQueues',
      'AllowCloudWatchAlarmsToPublishToEncryptedAlertsTopic',
      'AllowCloudTrailToEncryptLogs',
      'AllowCloudTrailToDescribeKey',
    ]);
    expect(sid(policy, 'AllowRootAccountFullAccess')).toEqual({
      Sid: 'AllowRootAccountFullAccess',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    });
    expect(sid(policy, 'AllowCoreServiceRolesToUseKeyThroughPipelineServices')).toEqual({
      Sid: 'AllowCoreServiceRolesToUseKeyThroughPipelineServices',
      Effect: 'Allow',
      Principal: { AWS: CORE_ROLES },
      Action: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:DescribeKey',
      ],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:CallerAccount': TEST_ACCOUNT,
          'kms:ViaService': [
            'athena',
            'dynamodb',
            'glue',
            'lambda',
            's3',
            'sns',
            'sqs',
            'transcribe',
          ].map((s) => `${s}.eu-central-1.amazonaws.com`),
        },
      },
    });
    expect(sid(policy, 'TenantScopedEncryptionContext')?.Condition).toEqual({
      StringEquals: {
        'kms:CallerAccount': TEST_ACCOUNT,
        'kms:EncryptionContext:tenant_id': '${aws:PrincipalTag/tenant_id}',
      },
      Null: { 'aws:PrincipalTag/tenant_id': 'false' },
    });
    expect(sid(policy, 'AllowCloudWatchLogsForPipelineLogGroups')).toMatchObject({
      Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-central-1:${TEST_ACCOUNT}:log-group:/aws/lambda/cci-lite-*`,
        },
      },
    });
    expect(sid(policy, 'AllowEventBridgeToPublishToEncryptedTopic')).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } },
    });
    expect(sid(policy, 'AllowSnsToDeliverToEncryptedQueues')).toMatchObject({
      Principal: { Service: 'sns.amazonaws.com' },
      Condition: {
        ArnEquals: {
          'aws:SourceArn': `arn:aws:sns:eu-central-1:${TEST_ACCOUNT}:TranscribeJobStatusTopic`,
        },
      },
    });
    // CloudWatch alarms notify the CMK-encrypted alerts topic only if the key lets CloudWatch use it.
    expect(sid(policy, 'AllowCloudWatchAlarmsToPublishToEncryptedAlertsTopic')).toEqual({
      Sid: 'AllowCloudWatchAlarmsToPublishToEncryptedAlertsTopic',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } },
    });
    // The function log groups deploy-lambdas encrypts are covered by the existing logs statement.
    expect(sid(policy, 'AllowCloudWatchLogsForPipelineLogGroups')).toEqual({
      Sid: 'AllowCloudWatchLogsForPipelineLogGroups',
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
      Action: [
        'kms:Encrypt*',
        'kms:Decrypt*',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:Describe*',
      ],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-central-1:${TEST_ACCOUNT}:log-group:/aws/lambda/cci-lite-*`,
        },
      },
    });
    expect(sid(policy, 'AllowCloudTrailToEncryptLogs')).toEqual({
      Sid: 'AllowCloudTrailToEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: {
          'aws:SourceArn': `arn:aws:cloudtrail:eu-central-1:${TEST_ACCOUNT}:trail/cci-lite-trail`,
        },
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${TEST_ACCOUNT}:trail/*`,
        },
      },
    });
    // No blanket service principals: every service statement carries a condition.
    for (const s of policy.Statement) {
      if (s.Principal !== '*' && s.Principal?.Service !== undefined)
        expect(s.Condition).toBeDefined();
    }
  });

  it('adds the key administrators statement only when administrators are configured', async () => {
    keyMissing();
    const admins = [role('Admin'), role('CCIPlatformAdmin')];
    await createKmsStep({ keyAdminArns: admins }).run(aws.clients, testDeployment());
    const admin = sid(createdPolicy(), 'AllowKeyAdministrators');
    expect(admin?.Principal).toEqual({ AWS: admins });
    expect(admin?.Action).toContain('kms:ScheduleKeyDeletion');
    expect(admin?.Action).not.toContain('kms:Decrypt');
  });

  it('schedules the new key for deletion when its alias cannot be made, and reports the error', async () => {
    keyMissing();
    aws.mocks.kms
      .on(CreateAliasCommand)
      .rejects(awsError('AlreadyExistsException', 'alias exists'));
    const err = await kmsStep.run(aws.clients, testDeployment()).catch((e: unknown) => e);
    expect(aws.mocks.kms).toHaveReceivedCommandWith(ScheduleKeyDeletionCommand, {
      KeyId: TEST_KEY_ID,
      PendingWindowInDays: 7,
    });
    expect((err as CciError).details).toEqual({
      step: 'kms',
      resourceType: 'KMS key',
      resource: ALIAS,
      awsErrorCode: 'AlreadyExistsException',
    });
  });

  it('retries while IAM has not yet propagated the new roles', async () => {
    vi.useFakeTimers();
    keyMissing();
    aws.mocks.kms
      .on(CreateKeyCommand)
      .rejectsOnce(awsError('MalformedPolicyDocumentException', 'invalid principals'))
      .resolves({ KeyMetadata: META });
    const run = kmsStep.run(aws.clients, testDeployment());
    await vi.runAllTimersAsync();
    const reports = await run;
    expect(reports[0]?.action).toBe('created');
    expect(aws.mocks.kms).toHaveReceivedCommandTimes(CreateKeyCommand, 2);
  });

  it('plans create in dry run and leaves a marked placeholder ARN for later steps', async () => {
    keyMissing();
    const ctx = testDeployment({ dryRun: true });
    const reports = await kmsStep.run(aws.clients, ctx);
    expect(reports.map((r) => r.action)).toEqual(['create']);
    expect(ctx.outputs.get('kmsKeyArn')).toBe(
      `arn:aws:kms:eu-central-1:${TEST_ACCOUNT}:key/(pending)`,
    );
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });
});

describe('kms step: existing key', () => {
  it('is unchanged with no mutating call when policy, rotation and tags are right', async () => {
    keyProvisioned();
    const ctx = testDeployment();
    const reports = await kmsStep.run(aws.clients, ctx);
    expect(reports).toEqual([
      { step: 'kms', type: 'KMS key', name: ALIAS, action: 'unchanged', arn: TEST_KEY_ARN },
    ]);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
    expect(ctx.outputs.get('kmsKeyArn')).toBe(TEST_KEY_ARN);
  });

  it('puts the policy back when it drifted, and writes nothing else', async () => {
    const pasted = buildKeyPolicy(testDeployment());
    keyProvisioned({ ...pasted, Statement: pasted.Statement.slice(0, 1) });
    const reports = await kmsStep.run(aws.clients, testDeployment());
    expect(reports[0]).toMatchObject({ action: 'updated', changes: ['key policy'] });
    expect(mutatingCalls(aws.mocks)).toEqual(['PutKeyPolicyCommand']);
    const put = aws.mocks.kms.commandCalls(PutKeyPolicyCommand)[0]?.args[0].input;
    expect(put?.KeyId).toBe(TEST_KEY_ID);
    expect(put?.PolicyName).toBe('default');
    expect(JSON.parse(put?.Policy ?? '{}')).toEqual(buildKeyPolicy(testDeployment()));
  });

  it('turns rotation on, re-enables a disabled key and adds missing tags, each alone', async () => {
    keyProvisioned();
    aws.mocks.kms
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { ...META, KeyState: 'Disabled' } });
    aws.mocks.kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    aws.mocks.kms
      .on(ListResourceTagsCommand)
      .resolves({ Tags: [{ TagKey: 'Project', TagValue: 'CCI-Lite' }] });
    const reports = await kmsStep.run(aws.clients, testDeployment());
    expect(reports[0]?.changes).toEqual([
      'state: Disabled -> Enabled',
      'rotation: off -> on',
      'tags: Environment, Owner, Component, Region, KMSKey, CostCenter, Version',
    ]);
    expect(mutatingCalls(aws.mocks).sort()).toEqual([
      'EnableKeyCommand',
      'EnableKeyRotationCommand',
      'TagResourceCommand',
    ]);
    expect(aws.mocks.kms).toHaveReceivedCommandWith(EnableKeyCommand, { KeyId: TEST_KEY_ID });
    const tagged = aws.mocks.kms.commandCalls(TagResourceCommand)[0]?.args[0].input.Tags;
    expect(tagged).not.toContainEqual({ TagKey: 'Project', TagValue: 'CCI-Lite' });
    expect(tagged).toContainEqual({ TagKey: 'Component', TagValue: 'KMS' });
  });

  it('plans the update in dry run without writing', async () => {
    keyProvisioned();
    aws.mocks.kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    const reports = await kmsStep.run(aws.clients, testDeployment({ dryRun: true }));
    expect(reports[0]).toMatchObject({ action: 'update', changes: ['rotation: off -> on'] });
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });

  it('refuses a key that is pending deletion or is not a customer managed symmetric key', async () => {
    keyProvisioned();
    aws.mocks.kms
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { ...META, KeyState: 'PendingDeletion' } });
    const pending = await kmsStep.run(aws.clients, testDeployment()).catch((e: unknown) => e);
    expect((pending as CciError).code).toBe('KMS_KEY_PENDING_DELETION');
    expect((pending as CciError).fault).toBe('user');
    aws.mocks.kms
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { ...META, KeySpec: 'RSA_2048' } });
    const wrong = await kmsStep.run(aws.clients, testDeployment()).catch((e: unknown) => e);
    expect((wrong as CciError).code).toBe('KMS_ALIAS_WRONG_KEY');
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });

  it('names the step, the key and the AWS error code when a read fails', async () => {
    keyProvisioned();
    aws.mocks.kms
      .on(GetKeyPolicyCommand)
      .rejects(awsError('AccessDeniedException', 'not allowed', 403));
    const err = await kmsStep.run(aws.clients, testDeployment()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CciError);
    expect((err as CciError).code).toBe('PROVISION_FAILED');
    expect((err as CciError).message).toContain('kms');
    expect((err as CciError).message).toContain(ALIAS);
    expect((err as CciError).details).toMatchObject({ awsErrorCode: 'AccessDeniedException' });
  });
});
