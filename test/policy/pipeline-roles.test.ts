import { describe, expect, it } from 'vitest';
import { buildKeyPolicy } from '../../src/aws/provision/policies/key-policy.js';
import { bucketSpec } from '../../src/aws/provision/policies/bucket-settings.js';
import type { BucketKind } from '../../src/aws/provision/policies/bucket-policies.js';
import {
  renderInlinePolicy,
  roleSpecs,
  type RoleKey,
} from '../../src/aws/provision/policies/role-policies.js';
import { TEST_ACCOUNT } from '../helpers/aws-mocks.js';
import { TEST_KEY_ARN, testDeployment } from './fixtures/deployment.js';
import { decide } from './fixtures/simulate.js';

/**
 * The pipeline roles' inline policies together with the bucket policies, as AWS
 * evaluates a request from a role session: the Lambda role reads the input
 * bucket and writes the results bucket, and touches nothing else.
 */
const ctx = testDeployment();
const buckets = Object.fromEntries(
  (['input', 'results', 'staging', 'trail'] as const).map((k) => [
    k,
    bucketSpec(ctx, k, TEST_KEY_ARN),
  ]),
) as Record<BucketKind, ReturnType<typeof bucketSpec>>;

function roleSession(key: RoleKey) {
  const spec = roleSpecs(ctx).find((s) => s.key === key);
  if (spec === undefined) throw new Error(key);
  const roleArn = `arn:aws:iam::${TEST_ACCOUNT}:role/${spec.roleName}`;
  return {
    principal: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/${spec.roleName}/session`,
    identity: [renderInlinePolicy(ctx, spec, { kmsKeyArn: TEST_KEY_ARN })],
    context: { 'aws:PrincipalArn': roleArn },
  };
}

async function as(
  key: RoleKey,
  action: string,
  bucket: BucketKind | 'elsewhere',
  objectKey: string | null,
  context: Record<string, string> = {},
) {
  const session = roleSession(key);
  const base = bucket === 'elsewhere' ? 'arn:aws:s3:::someone-elses-bucket' : buckets[bucket].arn;
  return decide({
    ...session,
    action,
    resource: objectKey === null ? base : `${base}/${objectKey}`,
    ...(bucket === 'elsewhere' ? {} : { resourcePolicy: buckets[bucket].policy }),
    context: { ...session.context, ...context },
  });
}

describe('the Lambda role', () => {
  it('reads call audio from the input bucket', async () => {
    expect(await as('lambda', 's3:GetObject', 'input', 'acme/calls/2025-01-01/call-1.wav')).toBe(
      'Allowed',
    );
  });

  it('writes and tags results and reads transcripts in the results bucket', async () => {
    expect(await as('lambda', 's3:PutObject', 'results', 'acme/2025/01/01/call-1.json')).toBe(
      'Allowed',
    );
    expect(
      await as('lambda', 's3:PutObjectTagging', 'results', 'acme/2025/01/01/call-1.json'),
    ).toBe('Allowed');
    expect(await as('lambda', 's3:GetObject', 'results', 'tmp/acme/call-1.json')).toBe('Allowed');
  });

  it('may name the master key on a PUT, but no other key and no other encryption', async () => {
    const key = 's3:x-amz-server-side-encryption-aws-kms-key-id';
    const sse = 's3:x-amz-server-side-encryption';
    const obj = 'acme/2025/01/01/call-1.json';
    expect(
      await as('lambda', 's3:PutObject', 'results', obj, { [sse]: 'aws:kms', [key]: TEST_KEY_ARN }),
    ).toBe('Allowed');
    const otherKey = `arn:aws:kms:eu-central-1:${TEST_ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
    expect(
      await as('lambda', 's3:PutObject', 'results', obj, { [sse]: 'aws:kms', [key]: otherKey }),
    ).toBe('ExplicitlyDenied');
    expect(await as('lambda', 's3:PutObject', 'results', obj, { [sse]: 'AES256' })).toBe(
      'ExplicitlyDenied',
    );
  });

  it('cannot write call audio, delete anything, or change bucket settings', async () => {
    expect(await as('lambda', 's3:PutObject', 'input', 'acme/calls/x.wav')).not.toBe('Allowed');
    expect(await as('lambda', 's3:DeleteObject', 'input', 'acme/calls/x.wav')).not.toBe('Allowed');
    expect(
      await as('lambda', 's3:DeleteObject', 'results', 'acme/2025/01/01/call-1.json'),
    ).not.toBe('Allowed');
    expect(await as('lambda', 's3:PutBucketPolicy', 'results', null)).not.toBe('Allowed');
  });

  it('touches no prefix of the Athena staging bucket', async () => {
    for (const key of ['cci-lite-shared/q1.csv', 'tenant-acme/q2.csv', 'anything/else.txt']) {
      expect(await as('lambda', 's3:GetObject', 'staging', key)).not.toBe('Allowed');
      expect(await as('lambda', 's3:PutObject', 'staging', key)).not.toBe('Allowed');
    }
    expect(await as('lambda', 's3:ListBucket', 'staging', null)).not.toBe('Allowed');
  });

  it('touches no other bucket, including the trail bucket', async () => {
    expect(await as('lambda', 's3:GetObject', 'elsewhere', 'x')).not.toBe('Allowed');
    expect(await as('lambda', 's3:PutObject', 'elsewhere', 'x')).not.toBe('Allowed');
    expect(
      await as('lambda', 's3:GetObject', 'trail', `AWSLogs/${TEST_ACCOUNT}/x.json.gz`),
    ).not.toBe('Allowed');
  });

  it('passes only the Transcribe data-access role, and only to Transcribe', async () => {
    const session = roleSession('lambda');
    const pass = (role: string, service: string) =>
      decide({
        ...session,
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${TEST_ACCOUNT}:role/${role}`,
        context: { ...session.context, 'iam:PassedToService': service },
      });
    expect(await pass('cci-lite-transcribe-data-access-role', 'transcribe.amazonaws.com')).toBe(
      'Allowed',
    );
    expect(await pass('cci-lite-transcribe-data-access-role', 'lambda.amazonaws.com')).not.toBe(
      'Allowed',
    );
    expect(await pass('cci-lite-glue-role', 'transcribe.amazonaws.com')).not.toBe('Allowed');
  });

  it('uses the master key only through the pipeline services', async () => {
    const session = roleSession('lambda');
    const decrypt = (via?: string) =>
      decide({
        ...session,
        action: 'kms:Decrypt',
        resource: TEST_KEY_ARN,
        resourcePolicy: buildKeyPolicy(ctx),
        context: {
          ...session.context,
          'kms:CallerAccount': TEST_ACCOUNT,
          ...(via === undefined ? {} : { 'kms:ViaService': via }),
        },
      });
    expect(await decrypt('sqs.eu-central-1.amazonaws.com')).toBe('Allowed');
    expect(await decrypt()).not.toBe('Allowed');
    expect(await decrypt('secretsmanager.eu-central-1.amazonaws.com')).not.toBe('Allowed');
  });
});

describe('the other pipeline roles', () => {
  it('Transcribe reads calls and writes only under tmp/ of the results bucket', async () => {
    expect(await as('transcribe', 's3:GetObject', 'input', 'acme/calls/x.wav')).toBe('Allowed');
    expect(await as('transcribe', 's3:PutObject', 'results', 'tmp/acme/call-1.json')).toBe(
      'Allowed',
    );
    expect(
      await as('transcribe', 's3:PutObject', 'results', 'acme/2025/01/01/call-1.json'),
    ).not.toBe('Allowed');
    expect(
      await as('transcribe', 's3:GetObject', 'results', 'acme/2025/01/01/call-1.json'),
    ).not.toBe('Allowed');
  });

  it('Glue reads results and writes no object', async () => {
    expect(await as('glue', 's3:GetObject', 'results', 'acme/2025/01/01/call-1.json')).toBe(
      'Allowed',
    );
    expect(await as('glue', 's3:PutObject', 'results', 'acme/2025/01/01/call-1.json')).not.toBe(
      'Allowed',
    );
    expect(await as('glue', 's3:GetObject', 'input', 'acme/calls/x.wav')).not.toBe('Allowed');
  });

  it('QuickSight reads results, writes query results to staging, and cannot read call audio', async () => {
    expect(await as('quicksight', 's3:GetObject', 'results', 'acme/2025/01/01/call-1.json')).toBe(
      'Allowed',
    );
    expect(await as('quicksight', 's3:PutObject', 'staging', 'tenant-acme/q.csv')).toBe('Allowed');
    expect(await as('quicksight', 's3:PutObject', 'results', 'acme/x.json')).not.toBe('Allowed');
    expect(await as('quicksight', 's3:GetObject', 'input', 'acme/calls/x.wav')).not.toBe('Allowed');
  });
});
