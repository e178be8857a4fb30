import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type NotificationConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Tag } from '../../../core/config/tags.js';
import { isAwsError } from '../step.js';
import {
  canonicalLifecycle,
  OBJECT_OWNERSHIP,
  PUBLIC_ACCESS_BLOCK,
  type BucketSpec,
} from './bucket-settings.js';
import { parsePolicyText, policiesEqual } from './policy-document.js';
import { definedTags, mergeTags, missingTags } from './tag-diff.js';

/**
 * One configurable part of a bucket: read it (answering whether it is right,
 * treating S3's "not configured" errors as "not right"), and write it. A write
 * may use what the read saw (tags and notifications are merged, not replaced).
 */
export interface BucketSetting {
  name: string;
  read(): Promise<boolean>;
  write(): Promise<void>;
}

export interface BucketTarget {
  spec: BucketSpec;
  tags: Tag[];
  accountId: string;
  /** Values of `KMSMasterKeyID` that name the master key (its ARN or id). */
  keyIds: readonly string[];
}

export function bucketSettings(s3: S3Client, target: BucketTarget): BucketSetting[] {
  const settings = [
    publicAccessBlock(s3, target),
    ownership(s3, target),
    encryption(s3, target),
    versioning(s3, target),
    lifecycle(s3, target),
    policy(s3, target),
  ];
  if (target.spec.eventBridge) settings.push(eventBridge(s3, target));
  settings.push(tagging(s3, target));
  return settings;
}

/** Runs a read, answering `fallback` when S3 says the setting is not configured. */
async function orNotConfigured<T>(
  read: () => Promise<T>,
  fallback: T,
  ...codes: string[]
): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (isAwsError(err, ...codes)) return fallback;
    throw err;
  }
}

function owner(target: BucketTarget) {
  return { Bucket: target.spec.name, ExpectedBucketOwner: target.accountId };
}

function publicAccessBlock(s3: S3Client, t: BucketTarget): BucketSetting {
  return {
    name: 'public access block',
    read: async () => {
      const out = await orNotConfigured(
        () => s3.send(new GetPublicAccessBlockCommand(owner(t))),
        undefined,
        'NoSuchPublicAccessBlockConfiguration',
      );
      const cfg = out?.PublicAccessBlockConfiguration ?? {};
      return Object.entries(PUBLIC_ACCESS_BLOCK).every(
        ([k, v]) => cfg[k as keyof typeof PUBLIC_ACCESS_BLOCK] === v,
      );
    },
    write: async () => {
      await s3.send(
        new PutPublicAccessBlockCommand({
          ...owner(t),
          PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCK,
        }),
      );
    },
  };
}

function ownership(s3: S3Client, t: BucketTarget): BucketSetting {
  return {
    name: 'object ownership',
    read: async () => {
      const out = await orNotConfigured(
        () => s3.send(new GetBucketOwnershipControlsCommand(owner(t))),
        undefined,
        'OwnershipControlsNotFoundError',
      );
      const rules = out?.OwnershipControls?.Rules ?? [];
      return rules.length === 1 && rules[0]?.ObjectOwnership === OBJECT_OWNERSHIP;
    },
    write: async () => {
      await s3.send(
        new PutBucketOwnershipControlsCommand({
          ...owner(t),
          OwnershipControls: { Rules: [{ ObjectOwnership: OBJECT_OWNERSHIP }] },
        }),
      );
    },
  };
}

function encryption(s3: S3Client, t: BucketTarget): BucketSetting {
  return {
    name: 'encryption',
    read: async () => {
      const out = await orNotConfigured(
        () => s3.send(new GetBucketEncryptionCommand(owner(t))),
        undefined,
        'ServerSideEncryptionConfigurationNotFoundError',
      );
      const rules = out?.ServerSideEncryptionConfiguration?.Rules ?? [];
      const rule = rules[0];
      const sse = rule?.ApplyServerSideEncryptionByDefault;
      return (
        rules.length === 1 &&
        sse?.SSEAlgorithm === 'aws:kms' &&
        t.keyIds.includes(sse.KMSMasterKeyID ?? '') &&
        rule?.BucketKeyEnabled === true
      );
    },
    write: async () => {
      await s3.send(
        new PutBucketEncryptionCommand({
          ...owner(t),
          ServerSideEncryptionConfiguration: t.spec.encryption,
        }),
      );
    },
  };
}

function versioning(s3: S3Client, t: BucketTarget): BucketSetting {
  return {
    name: 'versioning',
    read: async () =>
      (await s3.send(new GetBucketVersioningCommand(owner(t))))?.Status === 'Enabled',
    write: async () => {
      await s3.send(
        new PutBucketVersioningCommand({
          ...owner(t),
          VersioningConfiguration: { Status: 'Enabled' },
        }),
      );
    },
  };
}

function lifecycle(s3: S3Client, t: BucketTarget): BucketSetting {
  return {
    name: 'lifecycle',
    read: async () => {
      const out = await orNotConfigured(
        () => s3.send(new GetBucketLifecycleConfigurationCommand(owner(t))),
        undefined,
        'NoSuchLifecycleConfiguration',
      );
      return canonicalLifecycle(out?.Rules ?? []) === canonicalLifecycle(t.spec.lifecycle);
    },
    write: async () => {
      await s3.send(
        new PutBucketLifecycleConfigurationCommand({
          ...owner(t),
          LifecycleConfiguration: { Rules: t.spec.lifecycle },
        }),
      );
    },
  };
}

function policy(s3: S3Client, t: BucketTarget): BucketSetting {
  return {
    name: 'bucket policy',
    read: async () => {
      const out = await orNotConfigured(
        () => s3.send(new GetBucketPolicyCommand(owner(t))),
        undefined,
        'NoSuchBucketPolicy',
      );
      return out?.Policy !== undefined && policiesEqual(parsePolicyText(out.Policy), t.spec.policy);
    },
    write: async () => {
      await s3.send(
        new PutBucketPolicyCommand({ ...owner(t), Policy: JSON.stringify(t.spec.policy) }),
      );
    },
  };
}

function eventBridge(s3: S3Client, t: BucketTarget): BucketSetting {
  let current: NotificationConfiguration = {};
  return {
    name: 'EventBridge notifications',
    read: async () => {
      const out = await s3.send(new GetBucketNotificationConfigurationCommand(owner(t)));
      current = {
        ...(out?.TopicConfigurations === undefined
          ? {}
          : { TopicConfigurations: out.TopicConfigurations }),
        ...(out?.QueueConfigurations === undefined
          ? {}
          : { QueueConfigurations: out.QueueConfigurations }),
        ...(out?.LambdaFunctionConfigurations === undefined
          ? {}
          : { LambdaFunctionConfigurations: out.LambdaFunctionConfigurations }),
      };
      return out?.EventBridgeConfiguration !== undefined;
    },
    // Other notification targets someone configured are kept: the write replaces the whole configuration.
    write: async () => {
      await s3.send(
        new PutBucketNotificationConfigurationCommand({
          ...owner(t),
          NotificationConfiguration: { ...current, EventBridgeConfiguration: {} },
        }),
      );
    },
  };
}

function tagging(s3: S3Client, t: BucketTarget): BucketSetting {
  let current: Tag[] = [];
  return {
    name: 'tags',
    read: async () => {
      const out = await orNotConfigured(
        () => s3.send(new GetBucketTaggingCommand(owner(t))),
        undefined,
        'NoSuchTagSet',
      );
      current = definedTags(out?.TagSet);
      return missingTags(t.tags, current).length === 0;
    },
    write: async () => {
      await s3.send(
        new PutBucketTaggingCommand({
          ...owner(t),
          Tagging: { TagSet: mergeTags(current, t.tags) },
        }),
      );
    },
  };
}
