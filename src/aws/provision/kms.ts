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
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { Tag } from '../../core/config/tags.js';
import { userError } from '../../core/errors.js';
import { aliasArn, pendingKeyArn } from './policies/arns.js';
import { buildKeyPolicy, type KeyPolicyOptions } from './policies/key-policy.js';
import { collectPages } from './policies/paginate.js';
import { parsePolicyText, policiesEqual, type PolicyDocument } from './policies/policy-document.js';
import { retryWhilePropagating } from './policies/propagation-retry.js';
import { OUTPUT } from './policies/step-outputs.js';
import { missingTags, tagChange } from './policies/tag-diff.js';
import {
  isAwsError,
  StepRecorder,
  type DeploymentContext,
  type Observed,
  type ProvisionStep,
} from './step.js';

/**
 * Guide §1: the symmetric master key behind `alias/cci-lite-master-key`, with
 * rotation on and the key policy generated for this account and the roles of
 * the IAM roles step (which must run first: KMS rejects principals that do not
 * exist). Puts `kmsKeyArn`, `kmsKeyId` and `kmsAliasArn` into the outputs.
 */
export function createKmsStep(options: KeyPolicyOptions = {}): ProvisionStep {
  return {
    id: 'kms',
    title: '§1 KMS master key',
    async run(clients, ctx) {
      const recorder = new StepRecorder('kms', ctx.dryRun);
      const key = await ensureKey(recorder, clients.kms, ctx, buildKeyPolicy(ctx, options));
      ctx.outputs.set(OUTPUT.kmsKeyArn, key.arn);
      ctx.outputs.set(OUTPUT.kmsKeyId, key.id);
      ctx.outputs.set(OUTPUT.kmsAliasArn, aliasArn(ctx));
      return recorder.reports;
    },
  };
}

export const kmsStep: ProvisionStep = createKmsStep();

/** Principals named in a key policy may not be visible to KMS yet right after IAM created them. */
const PROPAGATION_CODES = ['MalformedPolicyDocumentException'];

interface KeyState {
  meta: KeyMetadata;
  policy: unknown;
  rotation: boolean;
  tags: Tag[];
}

async function ensureKey(
  recorder: StepRecorder,
  kms: KMSClient,
  ctx: DeploymentContext,
  policy: PolicyDocument,
): Promise<{ arn: string; id: string }> {
  const alias = ctx.names.kmsAlias;
  const resource = { type: 'KMS key', name: alias };
  const tags = ctx.tags('KMS');
  const state = await recorder.guard(resource, () => readKey(kms, alias));
  const plan = state === undefined ? undefined : drift(state, policy, tags);
  const observed: Observed =
    plan === undefined
      ? { state: 'missing' }
      : plan.changes.length === 0
        ? { state: 'ok' }
        : { state: 'drifted', changes: plan.changes };

  let key =
    state === undefined ? undefined : { arn: state.meta.Arn ?? '', id: state.meta.KeyId ?? '' };
  await recorder.ensure({ ...resource, ...(key ? { arn: key.arn } : {}) }, observed, async () => {
    if (state === undefined || plan === undefined) {
      key = await createKey(kms, alias, policy, tags);
      return key.arn;
    }
    const KeyId = state.meta.KeyId;
    if (plan.enable) await kms.send(new EnableKeyCommand({ KeyId }));
    if (plan.policy) {
      await retryWhilePropagating(
        () =>
          kms.send(
            new PutKeyPolicyCommand({
              KeyId,
              PolicyName: 'default',
              Policy: JSON.stringify(policy),
            }),
          ),
        PROPAGATION_CODES,
      );
    }
    if (plan.rotation) await kms.send(new EnableKeyRotationCommand({ KeyId }));
    if (plan.tags.length > 0) {
      await kms.send(
        new TagResourceCommand({
          KeyId,
          Tags: plan.tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
        }),
      );
    }
    return state.meta.Arn;
  });
  // Only a dry run on a fresh account gets here without a key: later steps plan with a marked placeholder.
  return key ?? { arn: pendingKeyArn(ctx), id: '(pending)' };
}

interface KeyDrift {
  enable: boolean;
  policy: boolean;
  rotation: boolean;
  tags: Tag[];
  changes: string[];
}

function drift(state: KeyState, policy: PolicyDocument, tags: readonly Tag[]): KeyDrift {
  const d = {
    enable: state.meta.KeyState === 'Disabled',
    policy: !policiesEqual(state.policy, policy),
    rotation: !state.rotation,
    tags: missingTags(tags, state.tags),
  };
  const changes = [
    ...(d.enable ? ['state: Disabled -> Enabled'] : []),
    ...(d.policy ? ['key policy'] : []),
    ...(d.rotation ? ['rotation: off -> on'] : []),
    ...[tagChange(d.tags)].filter((c): c is string => c !== undefined),
  ];
  return { ...d, changes };
}

/** The key behind the alias with its policy, rotation and tags; undefined when the alias does not exist. */
async function readKey(kms: KMSClient, alias: string): Promise<KeyState | undefined> {
  let meta: KeyMetadata | undefined;
  try {
    meta = (await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata;
  } catch (err) {
    if (isAwsError(err, 'NotFoundException')) return undefined;
    throw err;
  }
  if (meta?.KeyId === undefined) return undefined;
  checkUsable(meta, alias);
  const KeyId = meta.KeyId;
  const policyOut = await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }));
  const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId }));
  const tags = await collectPages(async (Marker) => {
    const out = await kms.send(new ListResourceTagsCommand({ KeyId, Marker }));
    return {
      items: (out.Tags ?? []).flatMap((t) =>
        t.TagKey === undefined ? [] : [{ Key: t.TagKey, Value: t.TagValue ?? '' }],
      ),
      next: out.Truncated === true ? out.NextMarker : undefined,
    };
  });
  return {
    meta,
    policy: policyOut.Policy === undefined ? {} : parsePolicyText(policyOut.Policy),
    rotation: rotation.KeyRotationEnabled === true,
    tags,
  };
}

/** The alias must point at a customer managed symmetric key that is not being deleted. */
function checkUsable(meta: KeyMetadata, alias: string): void {
  if (meta.KeyState === 'PendingDeletion' || meta.KeyState === 'PendingReplicaDeletion') {
    throw userError(
      'KMS_KEY_PENDING_DELETION',
      `The key behind ${alias} (${meta.KeyId}) is scheduled for deletion.`,
      {
        hint: `Cancel the deletion (aws kms cancel-key-deletion --key-id ${meta.KeyId}), then run again.`,
      },
    );
  }
  if (
    meta.KeyManager === 'AWS' ||
    meta.KeySpec !== 'SYMMETRIC_DEFAULT' ||
    meta.KeyUsage !== 'ENCRYPT_DECRYPT'
  ) {
    throw userError(
      'KMS_ALIAS_WRONG_KEY',
      `${alias} points at ${meta.KeyId}, which is not a customer managed symmetric encryption key ` +
        `(${meta.KeyManager ?? '?'} ${meta.KeySpec ?? '?'} ${meta.KeyUsage ?? '?'}).`,
      {
        hint: `Point the alias at the right key (aws kms update-alias) or delete the alias, then run again.`,
      },
    );
  }
}

/**
 * CreateKey, then the alias, then rotation. If the alias cannot be made, the new
 * key would be an orphan nobody finds again (the alias is how the next run finds
 * it), so it is scheduled for deletion before the error is reported.
 */
async function createKey(
  kms: KMSClient,
  alias: string,
  policy: PolicyDocument,
  tags: readonly Tag[],
): Promise<{ arn: string; id: string }> {
  const out = await retryWhilePropagating(
    () =>
      kms.send(
        new CreateKeyCommand({
          Description: 'cci-lite master key (guide §1): buckets, table, topic, queues, logs, trail',
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          Policy: JSON.stringify(policy),
          Tags: tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
        }),
      ),
    PROPAGATION_CODES,
  );
  const KeyId = out.KeyMetadata?.KeyId ?? '';
  const arn = out.KeyMetadata?.Arn ?? '';
  try {
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: KeyId }));
  } catch (err) {
    try {
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    } catch {
      // The alias error is the one to report; the orphan stays visible in the console.
    }
    throw err;
  }
  await kms.send(new EnableKeyRotationCommand({ KeyId }));
  return { arn, id: KeyId };
}
