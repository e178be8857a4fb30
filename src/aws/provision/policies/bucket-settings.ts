import type {
  LifecycleRule,
  PublicAccessBlockConfiguration,
  ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import type { Component } from '../../../core/config/tags.js';
import { bucketArn, trailBucketName, type ArnContext } from './arns.js';
import { bucketPolicy, type BucketKind } from './bucket-policies.js';
import type { PolicyDocument } from './policy-document.js';

/**
 * What each bucket of guide §2 and §13 must look like. One description per
 * bucket; the S3 step reads the bucket and writes only the parts that differ.
 */
export interface BucketSpec {
  kind: BucketKind;
  name: string;
  arn: string;
  component: Component;
  /** `ctx.outputs` key of the bucket ARN. */
  outputKey: string;
  encryption: ServerSideEncryptionConfiguration;
  lifecycle: LifecycleRule[];
  policy: PolicyDocument;
  /** Object-created events go to EventBridge (input bucket only, AWS-NOTES wiring). */
  eventBridge: boolean;
}

export const PUBLIC_ACCESS_BLOCK: Required<PublicAccessBlockConfiguration> = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export const OBJECT_OWNERSHIP = 'BucketOwnerEnforced';

const COMPONENT: Record<BucketKind, Component> = {
  input: 'S3-Input',
  results: 'S3-Results',
  staging: 'S3-AthenaStaging',
  trail: 'S3-Trail',
};

export function bucketSpec(ctx: ArnContext, kind: BucketKind, kmsKeyArn: string): BucketSpec {
  const name = bucketName(ctx, kind);
  return {
    kind,
    name,
    arn: bucketArn(ctx, name),
    component: COMPONENT[kind],
    outputKey: `${kind}BucketArn`,
    encryption: {
      Rules: [
        {
          ApplyServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: kmsKeyArn,
          },
          // Bucket keys cut KMS requests (and cost) by orders of magnitude.
          BucketKeyEnabled: true,
        },
      ],
    },
    lifecycle: LIFECYCLE[kind],
    policy: bucketPolicy(ctx, kind, name, kmsKeyArn),
    eventBridge: kind === 'input',
  };
}

export function bucketName(ctx: ArnContext, kind: BucketKind): string {
  switch (kind) {
    case 'input':
      return ctx.names.inputBucket;
    case 'results':
      return ctx.names.resultsBucket;
    case 'staging':
      return ctx.names.stagingBucket;
    case 'trail':
      return trailBucketName(ctx);
  }
}

const ALL = { Prefix: '' };

/** Expiring a current version in a versioned bucket leaves a delete marker; this rule removes it. */
const DELETE_MARKERS: LifecycleRule = {
  ID: 'remove-expired-delete-markers',
  Status: 'Enabled',
  Filter: ALL,
  Expiration: { ExpiredObjectDeleteMarker: true },
};

function expire(
  id: string,
  prefix: string,
  days: number,
  noncurrentDays: number,
  abortDays?: number,
): LifecycleRule {
  return {
    ID: id,
    Status: 'Enabled',
    Filter: { Prefix: prefix },
    Expiration: { Days: days },
    NoncurrentVersionExpiration: { NoncurrentDays: noncurrentDays },
    ...(abortDays === undefined
      ? {}
      : { AbortIncompleteMultipartUpload: { DaysAfterInitiation: abortDays } }),
  };
}

/**
 * Guide §2: input 1 day, results 30 days (noncurrent versions too). Transcripts
 * under `tmp/` of the results bucket are consumed within minutes and hold the
 * most text, so they go after 7 days (S3 honours the shorter of overlapping
 * expirations). Athena query results are scratch: 7 days, under the
 * workgroups' output prefixes only (`shared/`, `tenants/<id>/`), because the
 * staging bucket also keeps the QuickSight RLS rules file, which must never
 * expire. CloudTrail logs are audit records: a year.
 */
const LIFECYCLE: Record<BucketKind, LifecycleRule[]> = {
  input: [expire('expire-calls-after-1-day', '', 1, 1, 1), DELETE_MARKERS],
  results: [
    expire('expire-transcripts-after-7-days', 'tmp/', 7, 1),
    expire('expire-results-after-30-days', '', 30, 30, 7),
    DELETE_MARKERS,
  ],
  staging: [
    expire('expire-shared-query-results-after-7-days', 'shared/', 7, 1, 1),
    expire('expire-tenant-query-results-after-7-days', 'tenants/', 7, 1, 1),
    DELETE_MARKERS,
  ],
  trail: [expire('expire-trail-logs-after-365-days', '', 365, 30, 7), DELETE_MARKERS],
};

/**
 * A comparable form of a lifecycle configuration: what S3 returns differs in
 * shape from what was put (`Filter: {}` for an empty prefix, legacy top-level
 * `Prefix`, extra empty fields), so compare only what a rule means.
 */
export function canonicalLifecycle(rules: readonly LifecycleRule[]): string {
  const normal = rules.map((r) => ({
    id: r.ID ?? '',
    status: r.Status ?? '',
    prefix: r.Filter?.Prefix ?? r.Prefix ?? '',
    filter:
      r.Filter?.And ??
      r.Filter?.Tag ??
      r.Filter?.ObjectSizeGreaterThan ??
      r.Filter?.ObjectSizeLessThan ??
      null,
    days: r.Expiration?.Days ?? null,
    date: r.Expiration?.Date?.toISOString() ?? null,
    deleteMarkers: r.Expiration?.ExpiredObjectDeleteMarker ?? null,
    noncurrentDays: r.NoncurrentVersionExpiration?.NoncurrentDays ?? null,
    noncurrentKeep: r.NoncurrentVersionExpiration?.NewerNoncurrentVersions ?? null,
    abortDays: r.AbortIncompleteMultipartUpload?.DaysAfterInitiation ?? null,
    transitions: r.Transitions ?? null,
    noncurrentTransitions: r.NoncurrentVersionTransitions ?? null,
  }));
  normal.sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify(normal);
}
