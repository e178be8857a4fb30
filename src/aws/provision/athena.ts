import {
  CreateWorkGroupCommand,
  GetWorkGroupCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateWorkGroupCommand,
  type AthenaClient,
  type Tag as AthenaTag,
  type WorkGroup,
} from '@aws-sdk/client-athena';
import type { AwsClients } from '../clients.js';
import {
  arn,
  change,
  observedFrom,
  tagChanges,
  tagRecord,
  tagsToApply,
  upstreamOutput,
} from './reconcile.js';
import {
  isAwsError,
  StepRecorder,
  type DeploymentContext,
  type ProvisionStep,
  type ResourceReport,
} from './step.js';

/** Output key: the shared workgroup's name. */
export const SHARED_WORKGROUP = 'sharedWorkgroupName';

const STEP = 'athena';
const WORKGROUP = 'Athena workgroup';

/**
 * A query that would scan more than this is cancelled (guide §12 cost guard):
 * 10 GiB is far above what a month of per-call JSON results holds, so only a
 * runaway query (a cross join, a missing partition filter at scale) meets it.
 */
export const BYTES_SCANNED_CUTOFF_PER_QUERY = 10 * 1024 ** 3;

export function workgroupArn(ctx: DeploymentContext, name: string): string {
  return arn(ctx, 'athena', `workgroup/${name}`);
}

/**
 * Enforced settings of every cci-lite workgroup (guide §10, AWS-NOTES.md):
 * results in the staging bucket under the workgroup's prefix, SSE-KMS with the
 * deployment's key, the bucket owner checked, CloudWatch metrics, the cut-off.
 */
export function workgroupConfiguration(
  ctx: DeploymentContext,
  keyArn: string,
  outputPrefix: string,
) {
  return {
    ResultConfiguration: {
      OutputLocation: `s3://${ctx.names.stagingBucket}/${outputPrefix}`,
      EncryptionConfiguration: { EncryptionOption: 'SSE_KMS' as const, KmsKey: keyArn },
      ExpectedBucketOwner: ctx.accountId,
    },
    EnforceWorkGroupConfiguration: true,
    PublishCloudWatchMetricsEnabled: true,
    BytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF_PER_QUERY,
  };
}

/**
 * Creates or reconciles one workgroup through the recorder (so dry-run holds);
 * shared by this step and `tenant add` (`tenant-<id>`, output `tenants/<id>/`).
 */
export async function ensureWorkgroup(
  clients: AwsClients,
  ctx: DeploymentContext,
  name: string,
  outputPrefix: string,
  recorder: StepRecorder,
  tenantId?: string,
): Promise<ResourceReport> {
  const athena = clients.athena;
  const resourceArn = workgroupArn(ctx, name);
  const resource = { type: WORKGROUP, name, arn: resourceArn };
  const keyArn = upstreamOutput(ctx, 'kmsKeyArn', `${STEP} (workgroup ${name})`);
  const configuration = workgroupConfiguration(ctx, keyArn, outputPrefix);
  const description =
    tenantId === undefined
      ? 'cci-lite shared workgroup (guide §10)'
      : `cci-lite workgroup of tenant ${tenantId} (guide §10)`;
  const tags = ctx.tags('Athena', tenantId);

  const current = await recorder.guard(resource, () => getWorkgroup(athena, name));
  if (current === undefined) {
    return recorder.ensure(resource, { state: 'missing' }, async () => {
      await athena.send(
        new CreateWorkGroupCommand({
          Name: name,
          Description: description,
          Configuration: configuration,
          Tags: tags,
        }),
      );
    });
  }

  const currentTags = await recorder.guard(resource, () => listTags(athena, resourceArn));
  const settingChanges = workgroupChanges(current, configuration, description);
  const observed = observedFrom([...settingChanges, ...tagChanges(currentTags, tags)]);
  return recorder.ensure(resource, observed, async () => {
    if (settingChanges.length > 0) {
      const { ResultConfiguration, ...rest } = configuration;
      await athena.send(
        new UpdateWorkGroupCommand({
          WorkGroup: name,
          Description: description,
          State: 'ENABLED',
          ConfigurationUpdates: { ...rest, ResultConfigurationUpdates: ResultConfiguration },
        }),
      );
    }
    const missingTags = tagsToApply(currentTags, tags);
    if (missingTags.length > 0) {
      await athena.send(new TagResourceCommand({ ResourceARN: resourceArn, Tags: missingTags }));
    }
  });
}

/** Guide §10: the shared workgroup `cci-lite-shared`, results under `shared/`. */
export const athenaStep: ProvisionStep = {
  id: STEP,
  title: '§10 Athena workgroup',
  async run(clients: AwsClients, ctx: DeploymentContext) {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    await ensureWorkgroup(clients, ctx, ctx.names.sharedWorkgroup, 'shared/', recorder);
    ctx.outputs.set(SHARED_WORKGROUP, ctx.names.sharedWorkgroup);
    return recorder.reports;
  },
};

function workgroupChanges(
  current: WorkGroup,
  desired: ReturnType<typeof workgroupConfiguration>,
  description: string,
): string[] {
  const c = current.Configuration;
  const result = c?.ResultConfiguration;
  const want = desired.ResultConfiguration;
  const pairs: Array<[string, unknown, unknown]> = [
    ['state', current.State, 'ENABLED'],
    ['description', current.Description, description],
    ['output location', result?.OutputLocation, want.OutputLocation],
    [
      'encryption',
      result?.EncryptionConfiguration?.EncryptionOption,
      want.EncryptionConfiguration.EncryptionOption,
    ],
    [
      'encryption key',
      result?.EncryptionConfiguration?.KmsKey,
      want.EncryptionConfiguration.KmsKey,
    ],
    ['expected bucket owner', result?.ExpectedBucketOwner, want.ExpectedBucketOwner],
    [
      'enforce workgroup configuration',
      c?.EnforceWorkGroupConfiguration,
      desired.EnforceWorkGroupConfiguration,
    ],
    [
      'CloudWatch metrics',
      c?.PublishCloudWatchMetricsEnabled,
      desired.PublishCloudWatchMetricsEnabled,
    ],
    ['bytes scanned cut-off', c?.BytesScannedCutoffPerQuery, desired.BytesScannedCutoffPerQuery],
  ];
  return pairs
    .filter(([, from, to]) => from !== to)
    .map(([what, from, to]) => change(what, from, to));
}

/** Athena answers a missing workgroup with InvalidRequestException "... is not found". */
async function getWorkgroup(athena: AthenaClient, name: string): Promise<WorkGroup | undefined> {
  try {
    return (await athena.send(new GetWorkGroupCommand({ WorkGroup: name }))).WorkGroup;
  } catch (err) {
    if (isWorkgroupMissing(err)) return undefined;
    throw err;
  }
}

export function isWorkgroupMissing(err: unknown): boolean {
  if (isAwsError(err, 'ResourceNotFoundException')) return true;
  return (
    isAwsError(err, 'InvalidRequestException') &&
    err instanceof Error &&
    /not found|does not exist/i.test(err.message)
  );
}

async function listTags(
  athena: AthenaClient,
  resourceArn: string,
): Promise<Record<string, string>> {
  const tags: AthenaTag[] = [];
  let token: string | undefined;
  do {
    const page = await athena.send(
      new ListTagsForResourceCommand({ ResourceARN: resourceArn, NextToken: token }),
    );
    tags.push(...(page.Tags ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return tagRecord(tags);
}
