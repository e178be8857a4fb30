import { QuickSightClient } from '@aws-sdk/client-quicksight';
import type { AwsClients } from '../../clients.js';
import { clientConfig } from '../../client-config.js';
import type { DeploymentContext } from '../step.js';

/** Step name of the QuickSight resources in reports and errors. */
export const QUICKSIGHT_STEP = 'quicksight';

/**
 * QuickSight users and groups live in the account's identity region, which may
 * differ from the deployment region; their APIs answer only there.
 */
export function identityRegion(ctx: DeploymentContext): string {
  return ctx.config.quicksight.identityRegion ?? ctx.region;
}

/** The client for the identity APIs (DescribeGroup, CreateGroup): same settings, other region. */
export function identityClient(clients: AwsClients, ctx: DeploymentContext): QuickSightClient {
  const region = identityRegion(ctx);
  if (region === ctx.region) return clients.quicksight;
  const { profile } = ctx.config;
  return new QuickSightClient(
    clientConfig({ region: ctx.region, ...(profile === undefined ? {} : { profile }) }, region),
  );
}

/** `arn:<partition>:quicksight:<identity region>:<account>:group/<namespace>/<group>`. */
export function groupArn(ctx: DeploymentContext): string {
  const { namespace, groupName } = ctx.config.quicksight;
  return `arn:${ctx.partition}:quicksight:${identityRegion(ctx)}:${ctx.accountId}:group/${namespace}/${groupName}`;
}

/** ARN of a QuickSight asset of this deployment (`datasource/<id>`, `dataset/<id>`, ...). */
export function assetArn(
  ctx: DeploymentContext,
  kind: 'datasource' | 'dataset' | 'dashboard',
  id: string,
): string {
  return `arn:${ctx.partition}:quicksight:${ctx.region}:${ctx.accountId}:${kind}/${id}`;
}

/**
 * Actions granted to the group, per asset (QuickSight developer guide, resource
 * permissions). Datasets get the viewer set on purpose: RLS does not restrict a
 * dataset's owners, so giving the group owner actions would show every tenant.
 */
export const DATA_SOURCE_ACTIONS = [
  'quicksight:DescribeDataSource',
  'quicksight:DescribeDataSourcePermissions',
  'quicksight:PassDataSource',
] as const;
export const DATA_SET_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
] as const;
export const DASHBOARD_READER_ACTIONS = [
  'quicksight:DescribeDashboard',
  'quicksight:ListDashboardVersions',
  'quicksight:QueryDashboard',
] as const;

/**
 * The part of `actual` that has the shape of `desired`: services answer with
 * defaults and generated fields cci-lite never sent, which must not count as
 * drift. Arrays are compared item by item (a different length is kept whole).
 */
export function projectOnto(actual: unknown, desired: unknown): unknown {
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) return actual;
    return desired.map((d, i) => projectOnto(actual[i], d));
  }
  if (desired !== null && typeof desired === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return actual;
    const a = actual as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(desired as Record<string, unknown>).map(([k, v]) => [k, projectOnto(a[k], v)]),
    );
  }
  return actual;
}
