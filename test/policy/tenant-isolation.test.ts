import { describe, expect, it } from 'vitest';
import { bucketSpec } from '../../src/aws/provision/policies/bucket-settings.js';
import { buildKeyPolicy } from '../../src/aws/provision/policies/key-policy.js';
import { policyDocument } from '../../src/aws/provision/policies/policy-document.js';
import { TEST_ACCOUNT } from '../helpers/aws-mocks.js';
import { TEST_KEY_ARN, testDeployment } from './fixtures/deployment.js';
import { decide } from './fixtures/simulate.js';

/**
 * Guide §14: a principal tagged `tenant_id=a` (a role of this account, or a
 * session tagged by the identity provider) reads tenant a's results and nothing
 * of tenant b's, whatever its own IAM policies say.
 */
const ctx = testDeployment();
const results = bucketSpec(ctx, 'results', TEST_KEY_ARN);
const keyPolicy = buildKeyPolicy(ctx);
const analyst = (tenant: string) => `arn:aws:iam::${TEST_ACCOUNT}:role/analyst-${tenant}`;

/** An over-broad policy a tenant principal might have been given by mistake. */
const everythingInS3 = policyDocument([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);

function read(
  tenant: string,
  key: string,
  objectTenant: string | undefined,
  options: { action?: string; identity?: boolean } = {},
) {
  return decide({
    principal: analyst(tenant),
    action: options.action ?? 's3:GetObject',
    resource: `${results.arn}/${key}`,
    resourcePolicy: results.policy,
    ...(options.identity === true ? { identity: [everythingInS3] } : {}),
    context: {
      'aws:PrincipalTag/tenant_id': tenant,
      ...(objectTenant === undefined ? {} : { 's3:ExistingObjectTag/tenant_id': objectTenant }),
    },
  });
}

describe('results bucket: tenant isolation', () => {
  it("lets tenant a read a's results through the bucket policy alone", async () => {
    expect(await read('a', 'a/2025/01/01/call-1.json', 'a')).toBe('Allowed');
    expect(
      await read('a', 'a/2025/01/01/call-1.json', 'a', { action: 's3:GetObjectTagging' }),
    ).toBe('Allowed');
  });

  it("denies tenant a b's results, even with an IAM policy allowing all of S3", async () => {
    expect(await read('a', 'b/2025/01/01/call-9.json', 'b')).not.toBe('Allowed');
    expect(await read('a', 'b/2025/01/01/call-9.json', 'b', { identity: true })).toBe(
      'ExplicitlyDenied',
    );
  });

  it("denies b's object even when it sits under a's prefix, and untagged objects such as transcripts", async () => {
    expect(await read('a', 'a/2025/01/01/misfiled.json', 'b')).not.toBe('Allowed');
    expect(await read('a', 'tmp/a/call-1.json', undefined, { identity: true })).toBe(
      'ExplicitlyDenied',
    );
  });

  it('denies tenant principals any write or delete of results', async () => {
    for (const action of ['s3:PutObject', 's3:DeleteObject', 's3:PutObjectTagging']) {
      expect(await read('a', 'a/2025/01/01/call-1.json', 'a', { action, identity: true })).toBe(
        'ExplicitlyDenied',
      );
    }
  });

  it('lets tenant a list only its own prefix', async () => {
    const list = (prefix: string) =>
      decide({
        principal: analyst('a'),
        action: 's3:ListBucket',
        resource: results.arn,
        resourcePolicy: results.policy,
        context: { 'aws:PrincipalTag/tenant_id': 'a', 's3:prefix': prefix },
      });
    expect(await list('a/2025/')).toBe('Allowed');
    expect(await list('b/2025/')).not.toBe('Allowed');
  });

  it('does not lock out the pipeline: a tenant-tagged Lambda session still reads transcripts', async () => {
    const lambdaRole = `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-lambda-role`;
    const decision = await decide({
      principal: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/cci-lite-lambda-role/job`,
      action: 's3:GetObject',
      resource: `${results.arn}/tmp/a/call-1.json`,
      resourcePolicy: results.policy,
      identity: [everythingInS3],
      context: { 'aws:PrincipalArn': lambdaRole, 'aws:PrincipalTag/tenant_id': 'a' },
    });
    expect(decision).toBe('Allowed');
  });

  it('gives untagged principals of the account nothing through the bucket policy', async () => {
    const decision = await decide({
      principal: `arn:aws:iam::${TEST_ACCOUNT}:role/someone`,
      action: 's3:GetObject',
      resource: `${results.arn}/a/2025/01/01/call-1.json`,
      resourcePolicy: results.policy,
      context: { 's3:ExistingObjectTag/tenant_id': 'a' },
    });
    expect(decision).not.toBe('Allowed');
  });
});

describe('master key: tenant encryption context', () => {
  const kms = (tenant: string, action: string, context: Record<string, string>) =>
    decide({
      principal: analyst(tenant),
      action,
      resource: TEST_KEY_ARN,
      resourcePolicy: keyPolicy,
      context: {
        'aws:PrincipalTag/tenant_id': tenant,
        'kms:CallerAccount': TEST_ACCOUNT,
        ...context,
      },
    });

  it("uses the key only with the caller's own tenant_id as encryption context", async () => {
    expect(await kms('a', 'kms:Encrypt', { 'kms:EncryptionContext:tenant_id': 'a' })).toBe(
      'Allowed',
    );
    expect(await kms('a', 'kms:Decrypt', { 'kms:EncryptionContext:tenant_id': 'b' })).not.toBe(
      'Allowed',
    );
    expect(await kms('a', 'kms:Decrypt', {})).not.toBe('Allowed');
  });

  it('decrypts results read through S3 only, and only objects of the results bucket', async () => {
    const via = { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' };
    expect(
      await kms('a', 'kms:Decrypt', { ...via, 'kms:EncryptionContext:aws:s3:arn': results.arn }),
    ).toBe('Allowed');
    const input = bucketSpec(ctx, 'input', TEST_KEY_ARN).arn;
    expect(
      await kms('a', 'kms:Decrypt', { ...via, 'kms:EncryptionContext:aws:s3:arn': input }),
    ).not.toBe('Allowed');
    expect(
      await kms('a', 'kms:Decrypt', {
        'kms:ViaService': 'sqs.eu-central-1.amazonaws.com',
        'kms:EncryptionContext:aws:s3:arn': results.arn,
      }),
    ).not.toBe('Allowed');
  });

  it('gives nothing to principals of another account', async () => {
    const decision = await decide({
      principal: 'arn:aws:iam::999988887777:role/analyst-a',
      action: 'kms:Decrypt',
      resource: TEST_KEY_ARN,
      resourcePolicy: keyPolicy,
      context: {
        'aws:PrincipalTag/tenant_id': 'a',
        'kms:CallerAccount': '999988887777',
        'kms:EncryptionContext:tenant_id': 'a',
      },
    });
    expect(decision).not.toBe('Allowed');
  });
});
