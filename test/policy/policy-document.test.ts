import { describe, expect, it } from 'vitest';
import {
  canonicalPolicy,
  parsePolicyText,
  policiesEqual,
} from '../../src/aws/provision/policies/policy-document.js';
import { renderPolicyTemplate } from '../../src/aws/provision/policies/render-template.js';
import { bedrockModelArns } from '../../src/aws/provision/policies/arns.js';
import { TEST_ACCOUNT } from '../helpers/aws-mocks.js';
import { testDeployment } from './fixtures/deployment.js';

const base = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'A',
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject'],
      Resource: ['arn:aws:s3:::b/*'],
    },
    {
      Sid: 'B',
      Effect: 'Deny',
      Principal: { AWS: ['x', 'y'] },
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: '*',
    },
  ],
};

describe('policy comparison', () => {
  it('ignores what AWS changes when it hands a policy back', () => {
    const reformatted = {
      Statement: [
        {
          Resource: '*',
          Action: ['s3:DeleteObject', 's3:PutObject'],
          Principal: { AWS: ['y', 'x'] },
          Effect: 'Deny',
          Sid: 'B',
        },
        {
          Sid: 'A',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
        },
      ],
      Version: '2012-10-17',
    };
    expect(policiesEqual(base, reformatted)).toBe(true);
    expect(
      policiesEqual(base, parsePolicyText(encodeURIComponent(JSON.stringify(reformatted)))),
    ).toBe(true);
  });

  it('sees a changed effect, action, resource or condition', () => {
    const change = (patch: object) => ({
      ...base,
      Statement: [{ ...base.Statement[0], ...patch }, base.Statement[1]],
    });
    expect(policiesEqual(base, change({ Effect: 'Deny' }))).toBe(false);
    expect(policiesEqual(base, change({ Action: 's3:*' }))).toBe(false);
    expect(policiesEqual(base, change({ Resource: '*' }))).toBe(false);
    expect(
      policiesEqual(base, change({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })),
    ).toBe(false);
    expect(canonicalPolicy({ ...base, Statement: base.Statement.slice(1) })).not.toBe(
      canonicalPolicy(base),
    );
  });

  it('treats booleans and their strings alike in conditions', () => {
    const a = { Condition: { Bool: { 'aws:SecureTransport': false } } };
    const b = { Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    expect(policiesEqual(a, b)).toBe(true);
  });
});

describe('policy templates', () => {
  it('keep IAM policy variables and fill list placeholders', () => {
    const doc = renderPolicyTemplate('kms/key-policy.json', {
      AccountId: TEST_ACCOUNT,
      Partition: 'aws',
      AccountRootArn: `arn:aws:iam::${TEST_ACCOUNT}:root`,
      KeyAdminArns: [],
      CoreRoleArns: ['r1', 'r2'],
      PipelineViaServices: ['s3.x'],
      S3ViaService: 's3.x',
      ResultsBucketArn: 'arn:aws:s3:::r',
      LogsServicePrincipal: 'logs.x',
      PipelineLogGroupsArn: 'lg',
      TopicArn: 't',
      TrailArn: 'tr',
    });
    expect(doc.Statement.some((s) => s.Sid === 'AllowKeyAdministrators')).toBe(false);
    const tenant = doc.Statement.find((s) => s.Sid === 'TenantScopedEncryptionContext');
    expect(tenant?.Condition?.StringEquals?.['kms:EncryptionContext:tenant_id']).toBe(
      '${aws:PrincipalTag/tenant_id}',
    );
    expect(
      doc.Statement.find((s) => s.Sid === 'AllowCoreServiceRolesToUseKeyThroughPipelineServices')
        ?.Principal,
    ).toEqual({
      AWS: ['r1', 'r2'],
    });
  });

  it('refuse a placeholder without a value', () => {
    expect(() =>
      renderPolicyTemplate('iam/trust-transcribe.json', { AccountId: TEST_ACCOUNT }),
    ).toThrow(/Partition/);
  });
});

describe('Bedrock model ARNs', () => {
  const ctx = testDeployment();
  it('cover an inference profile and the foundation model it routes to in any region', () => {
    expect(bedrockModelArns(ctx, 'us.anthropic.claude-3-haiku-20240307-v1:0')).toEqual([
      `arn:aws:bedrock:eu-central-1:${TEST_ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`,
      'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    ]);
  });

  it('use the Bedrock region for a plain model id, and take an ARN as it is', () => {
    const other = testDeployment({ config: { bedrockRegion: 'us-east-1' } });
    expect(bedrockModelArns(other, 'anthropic.claude-3-haiku-20240307-v1:0')).toEqual([
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    ]);
    const arn = `arn:aws:bedrock:eu-central-1:${TEST_ACCOUNT}:application-inference-profile/abc`;
    expect(bedrockModelArns(ctx, arn)).toEqual([arn]);
  });
});
