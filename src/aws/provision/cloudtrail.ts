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
  type CloudTrailClient,
  type EventSelector,
  type GetEventSelectorsCommandOutput,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import type { Tag } from '../../core/config/tags.js';
import { bucketName, bucketSpec } from './policies/bucket-settings.js';
import { bucketArn, TRAIL_NAME, trailArn, type ArnContext } from './policies/arns.js';
import { OUTPUT, requireOutput } from './policies/step-outputs.js';
import { definedTags, missingTags, tagChange } from './policies/tag-diff.js';
import { ensureBucket } from './s3.js';
import {
  isAwsError,
  StepRecorder,
  type DeploymentContext,
  type Observed,
  type ProvisionStep,
} from './step.js';

/**
 * Guide §13: trail `cci-lite-trail` with management events and S3 data events
 * for the three pipeline buckets, KMS-encrypted with the master key, log file
 * validation on and logging started; its log bucket hardened like the others.
 * Runs last: it needs the key (with its CloudTrail statement) and the buckets.
 */
export const cloudtrailStep: ProvisionStep = {
  id: 'cloudtrail',
  title: '§13 CloudTrail',
  async run(clients, ctx) {
    const recorder = new StepRecorder('cloudtrail', ctx.dryRun);
    const keyArn = requireOutput(ctx, 'cloudtrail', OUTPUT.kmsKeyArn, 'kms');
    const bucket = bucketSpec(ctx, 'trail', keyArn);
    await ensureBucket(recorder, clients, ctx, bucket);
    ctx.outputs.set(OUTPUT.trailBucketArn, bucket.arn);
    await ensureTrail(recorder, clients.cloudtrail, ctx, { bucket: bucket.name, keyArn });
    ctx.outputs.set(OUTPUT.trailArn, trailArn(ctx));
    return recorder.reports;
  },
};

/** Classic selectors: all management events plus read and write data events on every object of the buckets. */
export function trailEventSelectors(ctx: ArnContext): EventSelector[] {
  const buckets = (['input', 'results', 'staging'] as const).map((k) => bucketName(ctx, k));
  return [
    {
      ReadWriteType: 'All',
      IncludeManagementEvents: true,
      // A bucket ARN with a trailing slash selects every object in it.
      DataResources: [
        { Type: 'AWS::S3::Object', Values: buckets.map((b) => `${bucketArn(ctx, b)}/`) },
      ],
    },
  ];
}

interface TrailTarget {
  bucket: string;
  keyArn: string;
}

interface TrailState {
  trail: Trail;
  selectors: GetEventSelectorsCommandOutput;
  logging: boolean;
  tags: Tag[];
}

/** The settings UpdateTrail reconciles; compared one by one. */
function trailSettings(target: TrailTarget) {
  return {
    S3BucketName: target.bucket,
    KmsKeyId: target.keyArn,
    EnableLogFileValidation: true,
    IsMultiRegionTrail: false,
    IncludeGlobalServiceEvents: true,
  };
}

async function ensureTrail(
  recorder: StepRecorder,
  cloudtrail: CloudTrailClient,
  ctx: DeploymentContext,
  target: TrailTarget,
): Promise<void> {
  const arn = trailArn(ctx);
  const resource = { type: 'CloudTrail trail', name: TRAIL_NAME, arn };
  const settings = trailSettings(target);
  const selectors = trailEventSelectors(ctx);
  const tags = ctx.tags('CloudTrail');
  const state = await recorder.guard(resource, () => readTrail(cloudtrail, arn));

  let observed: Observed = { state: 'missing' };
  const todo = { settings: true, selectors: true, logging: true, tags: tags as Tag[] };
  if (state !== undefined) {
    const t = state.trail;
    todo.settings =
      t.S3BucketName !== settings.S3BucketName ||
      t.KmsKeyId !== settings.KmsKeyId ||
      t.LogFileValidationEnabled !== true ||
      t.IsMultiRegionTrail === true ||
      t.IncludeGlobalServiceEvents !== true ||
      (t.S3KeyPrefix ?? '') !== '';
    todo.selectors =
      canonicalSelectors(state.selectors) !== canonicalSelectors({ EventSelectors: selectors });
    todo.logging = !state.logging;
    todo.tags = missingTags(tags, state.tags);
    const changes = [
      ...(todo.settings ? [settingsChange(t, settings)] : []),
      ...(todo.selectors ? ['event selectors'] : []),
      ...(todo.logging ? ['logging: off -> on'] : []),
      ...[tagChange(todo.tags)].filter((c): c is string => c !== undefined),
    ];
    observed = changes.length === 0 ? { state: 'ok' } : { state: 'drifted', changes };
  }

  await recorder.ensure(resource, observed, async () => {
    const Name = TRAIL_NAME;
    if (state === undefined) {
      await cloudtrail.send(new CreateTrailCommand({ Name, ...settings, TagsList: tags }));
    } else {
      if (todo.settings) {
        // Only a prefix someone added is cleared: the bucket policy admits AWSLogs/<account>/ only.
        const prefix = (state.trail.S3KeyPrefix ?? '') === '' ? {} : { S3KeyPrefix: '' };
        await cloudtrail.send(new UpdateTrailCommand({ Name, ...settings, ...prefix }));
      }
      if (todo.tags.length > 0)
        await cloudtrail.send(new AddTagsCommand({ ResourceId: arn, TagsList: todo.tags }));
    }
    if (todo.selectors) {
      await cloudtrail.send(
        new PutEventSelectorsCommand({ TrailName: Name, EventSelectors: selectors }),
      );
    }
    if (todo.logging) await cloudtrail.send(new StartLoggingCommand({ Name }));
    return arn;
  });
}

function settingsChange(t: Trail, s: ReturnType<typeof trailSettings>): string {
  const parts: string[] = [];
  if (t.S3BucketName !== s.S3BucketName) parts.push('bucket');
  if (t.KmsKeyId !== s.KmsKeyId) parts.push('KMS key');
  if (t.LogFileValidationEnabled !== true) parts.push('log file validation');
  if (t.IsMultiRegionTrail === true || t.IncludeGlobalServiceEvents !== true) parts.push('scope');
  if ((t.S3KeyPrefix ?? '') !== '') parts.push('key prefix');
  return `trail settings: ${parts.join(', ')}`;
}

async function readTrail(
  cloudtrail: CloudTrailClient,
  arn: string,
): Promise<TrailState | undefined> {
  let trail: Trail | undefined;
  try {
    trail = (await cloudtrail.send(new GetTrailCommand({ Name: TRAIL_NAME }))).Trail;
  } catch (err) {
    if (isAwsError(err, 'TrailNotFoundException')) return undefined;
    throw err;
  }
  if (trail === undefined) return undefined;
  const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: TRAIL_NAME }));
  const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: TRAIL_NAME }));
  const tagged = await cloudtrail.send(
    new ListTagsCommand({ ResourceIdList: [trail.TrailARN ?? arn] }),
  );
  return {
    trail,
    selectors,
    logging: status.IsLogging === true,
    tags: definedTags(tagged.ResourceTagList?.[0]?.TagsList),
  };
}

/** Selectors compared by meaning: order of selectors and of their values does not matter. */
function canonicalSelectors(
  out: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>,
): string {
  const classic = (out.EventSelectors ?? []).map((s) => ({
    rw: s.ReadWriteType ?? 'All',
    management: s.IncludeManagementEvents ?? true,
    excluded: [...(s.ExcludeManagementEventSources ?? [])].sort(),
    data: (s.DataResources ?? [])
      .map((d) => `${d.Type ?? ''}|${[...(d.Values ?? [])].sort().join(',')}`)
      .sort(),
  }));
  const advanced = out.AdvancedEventSelectors ?? [];
  return JSON.stringify({
    classic: classic.map((c) => JSON.stringify(c)).sort(),
    advanced: advanced.length,
  });
}
