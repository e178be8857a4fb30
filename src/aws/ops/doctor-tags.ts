import { ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { GetTagsCommand } from '@aws-sdk/client-glue';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { tenantWorkgroup } from '../../core/config/resource-names.js';
import { ok, warn, type DoctorCheckSpec } from '../../ops/doctor/check.js';
import { readTenantMetas } from '../../ops/doctor/tenant-templates.js';
import type { AwsClients } from '../clients.js';
import { ALARM_NAMES } from '../lambda/deploy/alarms.js';
import { ALERTS_TOPIC, HANDLER_IDS, functionName, logGroupName } from '../lambda/lambda-specs.js';
import {
  bucketArn,
  queueArn,
  tableArn,
  topicArn,
  trailArn,
  trailBucketName,
  workgroupArn,
} from '../provision/policies/arns.js';
import { arn } from '../provision/reconcile.js';
import { resolveKmsKeyArn } from '../provision/resolve-kms-key.js';
import { awsErrorCode, isAwsError, type DeploymentContext } from '../provision/step.js';
import { awsTenantStores } from '../tenant/wiring.js';
import { accessHint, type AwsDoctorContext } from './doctor-context.js';

/** A resource `init` or `deploy-lambdas` creates, and the tag keys it must carry. */
export interface ExpectedResource {
  name: string;
  arn: string;
  /** How its tags are read: the tagging API, or the service's own call. */
  via: 'tagging-api' | 'iam' | 'glue';
  tenant?: string;
}

/** GetResources takes at most 100 ARNs a call. */
const ARNS_PER_CALL = 100;
const MAX_LISTED = 10;

const TAG_HINT =
  'Run `cci-lite init --target aws` (it re-applies the standard tags to what it created) and `cci-lite deploy-lambdas` (functions, log groups, alarms, alerts topic).';

/**
 * Every resource carries the guide's tags (Project, Environment, Owner,
 * Component, Region, KMSKey, CostCenter, Version; Tenant on a tenant's
 * workgroup). Most are read in one Resource Groups Tagging API call, which
 * lists only resources that have (or had) tags, so one it does not return is
 * untagged or missing. That API does not cover IAM roles (read with
 * iam:ListRoleTags); the Glue database is read with glue:GetTags. Budgets and
 * QuickSight assets are not checked.
 */
export const tagsCheck: DoctorCheckSpec<AwsDoctorContext> = {
  id: 'tags',
  title: 'Standard tags on every resource',
  hintOnError: accessHint('tag:GetResources, iam:ListRoleTags and glue:GetTags'),
  async run(ctx) {
    const { clients, deployment } = ctx;
    const tenants = (await readTenantMetas(awsTenantStores(clients, deployment).config, ctx.tenant))
      .filter((t) => t.meta !== undefined)
      .map((t) => t.id);
    let keyNote = '';
    const keyArn = await resolveKmsKeyArn(clients, deployment, 'doctor').catch((err: unknown) => {
      keyNote = `, KMS key not checked (${awsErrorCode(err)})`;
      return undefined;
    });
    const expected = expectedResources(deployment, tenants, keyArn);
    const found = await readTags(clients, expected);
    const lacking = expected.flatMap((r) => {
      const tags = found.get(r.arn);
      if (tags === undefined) return [`${r.name} (no tags, or it does not exist)`];
      const required = deployment.tags('KMS', r.tenant).map((t) => t.Key);
      const missing = required.filter((key) => tags[key] === undefined);
      return missing.length === 0 ? [] : [`${r.name} (missing ${missing.join(', ')})`];
    });
    const scope =
      `${expected.length} resources checked${keyNote}; ` +
      'IAM roles via iam:ListRoleTags; Budgets and QuickSight not checked';
    if (lacking.length === 0) return ok(`all tagged (${scope})`);
    const listed = lacking.slice(0, MAX_LISTED).join('; ');
    const more = lacking.length > MAX_LISTED ? `; and ${lacking.length - MAX_LISTED} more` : '';
    return warn(`${lacking.length} resource(s) lack tags: ${listed}${more} (${scope})`, TAG_HINT);
  },
};

/** The resources of this deployment whose tags doctor reads, by ARN. */
export function expectedResources(
  ctx: DeploymentContext,
  tenants: readonly string[],
  kmsKeyArn: string | undefined,
): ExpectedResource[] {
  const n = ctx.names;
  const api = (name: string, resourceArn: string, tenant?: string): ExpectedResource => ({
    name,
    arn: resourceArn,
    via: 'tagging-api',
    ...(tenant === undefined ? {} : { tenant }),
  });
  const functions = HANDLER_IDS.map((id) => functionName(id, n));
  return [
    ...(kmsKeyArn === undefined ? [] : [api(`KMS key ${n.kmsAlias}`, kmsKeyArn)]),
    ...[n.inputBucket, n.resultsBucket, n.stagingBucket, trailBucketName(ctx)].map((b) =>
      api(b, bucketArn(ctx, b)),
    ),
    api(n.configTable, tableArn(ctx)),
    api(n.snsTopic, topicArn(ctx)),
    api(ALERTS_TOPIC, arn(ctx, 'sns', ALERTS_TOPIC)),
    ...[n.deadLetterQueue, n.analysisQueue].map((q) => api(q, queueArn(ctx, q))),
    ...[n.objectCreatedRule, n.transcribeCompletedRule].map((r) =>
      api(r, arn(ctx, 'events', `rule/${r}`)),
    ),
    ...functions.map((f) => api(f, arn(ctx, 'lambda', `function:${f}`))),
    ...functions.map((f) => api(logGroupName(f), arn(ctx, 'logs', `log-group:${logGroupName(f)}`))),
    ...ALARM_NAMES.map((a) => api(a, arn(ctx, 'cloudwatch', `alarm:${a}`))),
    api(n.crawler, arn(ctx, 'glue', `crawler/${n.crawler}`)),
    api(n.sharedWorkgroup, workgroupArn(ctx, n.sharedWorkgroup)),
    ...tenants.map((t) => api(tenantWorkgroup(t), workgroupArn(ctx, tenantWorkgroup(t)), t)),
    api('cci-lite-trail', trailArn(ctx)),
    {
      name: n.glueDatabase,
      arn: arn(ctx, 'glue', `database/${n.glueDatabase}`),
      via: 'glue',
    },
    ...[n.lambdaRole, n.glueRole, n.quicksightRole, n.transcribeRole].map(
      (role): ExpectedResource => ({
        name: role,
        arn: `arn:${ctx.partition}:iam::${ctx.accountId}:role/${role}`,
        via: 'iam',
      }),
    ),
  ];
}

/** ARN → tags of each expected resource that has any (absent: untagged or missing). */
async function readTags(
  clients: AwsClients,
  expected: readonly ExpectedResource[],
): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>();
  const viaApi = expected.filter((r) => r.via === 'tagging-api').map((r) => r.arn);
  for (let i = 0; i < viaApi.length; i += ARNS_PER_CALL) {
    const out = await clients.tagging.send(
      new GetResourcesCommand({ ResourceARNList: viaApi.slice(i, i + ARNS_PER_CALL) }),
    );
    for (const mapping of out.ResourceTagMappingList ?? []) {
      if (mapping.ResourceARN === undefined) continue;
      found.set(
        mapping.ResourceARN,
        Object.fromEntries((mapping.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      );
    }
  }
  for (const resource of expected.filter((r) => r.via !== 'tagging-api')) {
    const tags = await (resource.via === 'iam' ? roleTags : glueTags)(clients, resource);
    if (tags !== undefined && Object.keys(tags).length > 0) found.set(resource.arn, tags);
  }
  return found;
}

async function roleTags(
  clients: AwsClients,
  resource: ExpectedResource,
): Promise<Record<string, string> | undefined> {
  try {
    const out = await clients.iam.send(new ListRoleTagsCommand({ RoleName: resource.name }));
    return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  } catch (err) {
    if (isAwsError(err, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw err;
  }
}

async function glueTags(
  clients: AwsClients,
  resource: ExpectedResource,
): Promise<Record<string, string> | undefined> {
  try {
    return (await clients.glue.send(new GetTagsCommand({ ResourceArn: resource.arn }))).Tags;
  } catch (err) {
    if (isAwsError(err, 'EntityNotFoundException')) return undefined;
    throw err;
  }
}
