import {
  CreateDataSourceCommand,
  DescribeDataSourceCommand,
  DescribeDataSourcePermissionsCommand,
  UpdateDataSourceCommand,
  UpdateDataSourcePermissionsCommand,
  type DataSourceParameters,
} from '@aws-sdk/client-quicksight';
import { QUICKSIGHT_IDS } from '../../catalog-names.js';
import type { AwsClients } from '../../clients.js';
import { change, readOrMissing, sameJson, upstreamOutput, observedFrom } from '../reconcile.js';
import type { DeploymentContext, StepRecorder } from '../step.js';
import { groupPermission, permissionDelta, permissionUpdate } from './permissions.js';
import {
  assetArn,
  DATA_SOURCE_ACTIONS,
  groupArn,
  projectOnto,
  QUICKSIGHT_STEP,
} from './quicksight-context.js';

const TYPE = 'QuickSight data source';

/** The Athena data source every dataset reads: the shared workgroup, as the QuickSight role. */
export function dataSourceSpec(ctx: DeploymentContext) {
  const parameters: DataSourceParameters = {
    AthenaParameters: {
      WorkGroup: ctx.names.sharedWorkgroup,
      RoleArn: upstreamOutput(ctx, 'quicksightRoleArn', QUICKSIGHT_STEP),
    },
  };
  return {
    DataSourceId: QUICKSIGHT_IDS.dataSource,
    Name: 'cci-lite Athena (cci-lite-shared)',
    DataSourceParameters: parameters,
    SslProperties: { DisableSsl: false },
  };
}

export async function ensureDataSource(
  clients: AwsClients,
  ctx: DeploymentContext,
  recorder: StepRecorder,
): Promise<void> {
  const qs = clients.quicksight;
  const spec = dataSourceSpec(ctx);
  const arn = assetArn(ctx, 'datasource', spec.DataSourceId);
  const resource = { type: TYPE, name: spec.DataSourceId, arn };
  const key = { AwsAccountId: ctx.accountId, DataSourceId: spec.DataSourceId };
  const principal = groupArn(ctx);
  const current = await readOrMissing(
    recorder,
    resource,
    () => qs.send(new DescribeDataSourceCommand(key)),
    'ResourceNotFoundException',
  );
  const source = current?.DataSource;
  if (source === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await qs.send(
        new CreateDataSourceCommand({
          AwsAccountId: ctx.accountId,
          ...spec,
          Type: 'ATHENA',
          Permissions: [groupPermission(principal, DATA_SOURCE_ACTIONS)],
          Tags: ctx.tags('QuickSight'),
        }),
      );
      return out.Arn;
    });
    return;
  }

  const settingChanges: string[] = [];
  if (source.Name !== spec.Name) settingChanges.push(change('name', source.Name, spec.Name));
  const params = projectOnto(source.DataSourceParameters, spec.DataSourceParameters);
  if (!sameJson(params, spec.DataSourceParameters)) {
    settingChanges.push(change('parameters', params, spec.DataSourceParameters));
  }
  if (source.SslProperties?.DisableSsl === true) {
    settingChanges.push(change('SSL disabled', true, false));
  }
  const perms = await recorder.guard(resource, () =>
    qs.send(new DescribeDataSourcePermissionsCommand(key)),
  );
  const delta = permissionDelta(perms.Permissions, principal, DATA_SOURCE_ACTIONS);
  const changes = [...settingChanges, ...delta.changes];
  await recorder.ensure(resource, observedFrom(changes), async () => {
    if (settingChanges.length > 0) {
      await qs.send(new UpdateDataSourceCommand({ AwsAccountId: ctx.accountId, ...spec }));
    }
    if (delta.changes.length > 0) {
      await qs.send(
        new UpdateDataSourcePermissionsCommand({
          ...key,
          ...permissionUpdate(delta),
        }),
      );
    }
  });
}
