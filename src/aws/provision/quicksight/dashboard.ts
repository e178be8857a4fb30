import {
  CreateDashboardCommand,
  DescribeDashboardDefinitionCommand,
  DescribeDashboardPermissionsCommand,
  UpdateDashboardCommand,
  UpdateDashboardPermissionsCommand,
  UpdateDashboardPublishedVersionCommand,
  type DashboardPublishOptions,
} from '@aws-sdk/client-quicksight';
import { QUICKSIGHT_IDS } from '../../catalog-names.js';
import type { AwsClients } from '../../clients.js';
import { change, readOrMissing, sameJson, observedFrom } from '../reconcile.js';
import type { DeploymentContext, StepRecorder } from '../step.js';
import { DASHBOARD, dashboardDefinition } from './dashboard-definition.js';
import { groupPermission, permissionDelta, permissionUpdate } from './permissions.js';
import { assetArn, DASHBOARD_READER_ACTIONS, groupArn, projectOnto } from './quicksight-context.js';

const TYPE = 'QuickSight dashboard';

/** Readers may filter and export what RLS shows them; the sheet controls stay collapsed. */
export const PUBLISH_OPTIONS: DashboardPublishOptions = {
  AdHocFilteringOption: { AvailabilityStatus: 'ENABLED' },
  ExportToCSVOption: { AvailabilityStatus: 'ENABLED' },
  SheetControlsOption: { VisibilityState: 'COLLAPSED' },
};

export function dashboardSpec(ctx: DeploymentContext) {
  return {
    DashboardId: DASHBOARD.id,
    Name: DASHBOARD.name,
    Definition: dashboardDefinition({
      results: assetArn(ctx, 'dataset', QUICKSIGHT_IDS.resultsDataSet),
      criteria: assetArn(ctx, 'dataset', QUICKSIGHT_IDS.criteriaDataSet),
    }),
    DashboardPublishOptions: PUBLISH_OPTIONS,
  };
}

/**
 * Creates the dashboard or, when its definition drifted, writes a new version
 * and publishes it (UpdateDashboard alone leaves readers on the old version).
 */
export async function ensureDashboard(
  clients: AwsClients,
  ctx: DeploymentContext,
  recorder: StepRecorder,
): Promise<void> {
  const qs = clients.quicksight;
  const spec = dashboardSpec(ctx);
  const resource = {
    type: TYPE,
    name: spec.DashboardId,
    arn: assetArn(ctx, 'dashboard', spec.DashboardId),
  };
  const key = { AwsAccountId: ctx.accountId, DashboardId: spec.DashboardId };
  const principal = groupArn(ctx);
  const current = await readOrMissing(
    recorder,
    resource,
    () => qs.send(new DescribeDashboardDefinitionCommand(key)),
    'ResourceNotFoundException',
  );
  if (current?.Definition === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await qs.send(
        new CreateDashboardCommand({
          AwsAccountId: ctx.accountId,
          ...spec,
          Permissions: [groupPermission(principal, DASHBOARD_READER_ACTIONS)],
          Tags: ctx.tags('QuickSight'),
        }),
      );
      return out.Arn;
    });
    return;
  }

  const settingChanges: string[] = [];
  if (current.Name !== spec.Name) settingChanges.push(change('name', current.Name, spec.Name));
  if (!sameJson(projectOnto(current.Definition, spec.Definition), spec.Definition)) {
    settingChanges.push('definition: differs from the cci-lite dashboard (new version published)');
  }
  const perms = await recorder.guard(resource, () =>
    qs.send(new DescribeDashboardPermissionsCommand(key)),
  );
  const delta = permissionDelta(perms.Permissions, principal, DASHBOARD_READER_ACTIONS);
  const changes = [...settingChanges, ...delta.changes];
  await recorder.ensure(resource, observedFrom(changes), async () => {
    if (settingChanges.length > 0) {
      const out = await qs.send(
        new UpdateDashboardCommand({ AwsAccountId: ctx.accountId, ...spec }),
      );
      await qs.send(
        new UpdateDashboardPublishedVersionCommand({
          ...key,
          VersionNumber: versionNumber(out.VersionArn),
        }),
      );
    }
    if (delta.changes.length > 0) {
      await qs.send(
        new UpdateDashboardPermissionsCommand({
          ...key,
          ...permissionUpdate(delta),
        }),
      );
    }
  });
}

/** `arn:...:dashboard/<id>/version/<n>` → n. */
export function versionNumber(versionArn: string | undefined): number {
  const n = Number(versionArn?.split('/').pop());
  if (!Number.isInteger(n) || n < 1) {
    throw Object.assign(
      new Error(`UpdateDashboard answered no version (${versionArn ?? 'none'})`),
      {
        name: 'MissingDashboardVersion',
      },
    );
  }
  return n;
}
