import { bucketArn, roleArn, trailArn, type ArnContext } from './arns.js';
import { policyDocument, type PolicyDocument, type PolicyStatement } from './policy-document.js';
import { roleSpecs } from './role-policies.js';

/**
 * Bucket policies of guide §2, §13 and §14. Every bucket denies requests
 * without TLS. The data buckets deny PUTs that ask for another encryption than
 * the master key (a PUT without encryption headers gets the bucket default,
 * which is the master key). The results bucket lets tenant principals read only
 * their own results, and denies them everything else.
 *
 * A tenant principal is an IAM role or session of this account carrying the
 * principal tag `tenant_id` (a role tag or an STS session tag). The pipeline's
 * own roles carry no tenant tag; they are also named as exempt, so a tenant
 * session tag on a pipeline session can never lock the pipeline out.
 */
export type BucketKind = 'input' | 'results' | 'staging' | 'trail';

const TENANT_TAG = '${aws:PrincipalTag/tenant_id}';
const HAS_TENANT_TAG = { Null: { 'aws:PrincipalTag/tenant_id': 'false' } };

export function bucketPolicy(
  ctx: ArnContext,
  kind: BucketKind,
  bucket: string,
  kmsKeyArn: string,
): PolicyDocument {
  const arn = bucketArn(ctx, bucket);
  const statements: PolicyStatement[] = [denyInsecureTransport(arn)];
  if (kind === 'trail') statements.push(...cloudTrailDelivery(ctx, arn));
  else statements.push(...denyOtherEncryption(arn, kmsKeyArn));
  if (kind === 'results') statements.push(...tenantIsolation(ctx, arn));
  return policyDocument(statements);
}

function denyInsecureTransport(arn: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * Only requests that carry an encryption header are checked (`Null: false`): a
 * negated operator alone would also match a PUT without headers, which S3
 * encrypts with the bucket default, the master key.
 */
function denyOtherEncryption(arn: string, kmsKeyArn: string): PolicyStatement[] {
  return [
    {
      Sid: 'DenyPutsWithOtherEncryptionThanKms',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${arn}/*`,
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        Null: { 's3:x-amz-server-side-encryption': 'false' },
      },
    },
    {
      Sid: 'DenyPutsWithAnotherKmsKey',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${arn}/*`,
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': kmsKeyArn },
        Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
      },
    },
  ];
}

/** Roles that run the pipeline; never subject to the tenant deny statements. */
function pipelineRoleArns(ctx: ArnContext): string[] {
  return roleSpecs(ctx).map((spec) => roleArn(ctx, spec.roleName));
}

function tenantIsolation(ctx: ArnContext, arn: string): PolicyStatement[] {
  const notPipeline = { ArnNotEquals: { 'aws:PrincipalArn': pipelineRoleArns(ctx) } };
  return [
    {
      Sid: 'AllowTenantPrincipalsToListOwnPrefix',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:ListBucket',
      Resource: arn,
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': ctx.accountId },
        StringLike: { 's3:prefix': `${TENANT_TAG}/*` },
        ...HAS_TENANT_TAG,
      },
    },
    {
      Sid: 'AllowTenantPrincipalsToReadOwnResults',
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:GetObjectTagging'],
      Resource: `${arn}/${TENANT_TAG}/*`,
      Condition: {
        StringEquals: {
          'aws:PrincipalAccount': ctx.accountId,
          's3:ExistingObjectTag/tenant_id': TENANT_TAG,
        },
        ...HAS_TENANT_TAG,
      },
    },
    {
      Sid: 'DenyTenantPrincipalsOtherTenantsObjects',
      Effect: 'Deny',
      Principal: '*',
      Action: [
        's3:GetObject',
        's3:GetObjectVersion',
        's3:GetObjectTagging',
        's3:GetObjectVersionTagging',
      ],
      Resource: `${arn}/*`,
      Condition: {
        StringNotEquals: { 's3:ExistingObjectTag/tenant_id': TENANT_TAG },
        ...HAS_TENANT_TAG,
        ...notPipeline,
      },
    },
    {
      Sid: 'DenyTenantPrincipalsWritingResults',
      Effect: 'Deny',
      Principal: '*',
      Action: [
        's3:PutObject',
        's3:PutObjectTagging',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:DeleteObjectTagging',
      ],
      Resource: `${arn}/*`,
      Condition: { ...HAS_TENANT_TAG, ...notPipeline },
    },
  ];
}

/** The CloudTrail delivery statements AWS documents, tied to this trail only (aws:SourceArn). */
function cloudTrailDelivery(ctx: ArnContext, arn: string): PolicyStatement[] {
  const source = { 'aws:SourceArn': trailArn(ctx) };
  return [
    {
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: arn,
      Condition: { StringEquals: source },
    },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${arn}/AWSLogs/${ctx.accountId}/*`,
      Condition: { StringEquals: { ...source, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ];
}
