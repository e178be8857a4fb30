import {
  CreateDataSetCommand,
  DescribeDataSetCommand,
  DescribeDataSetPermissionsCommand,
  UpdateDataSetCommand,
  UpdateDataSetPermissionsCommand,
} from '@aws-sdk/client-quicksight';
import type { AwsClients } from '../../clients.js';
import { change, readOrMissing, sameJson, observedFrom } from '../reconcile.js';
import type { DeploymentContext, StepRecorder } from '../step.js';
import type { DataSetSpec } from './dataset-specs.js';
import { groupPermission, permissionDelta, permissionUpdate } from './permissions.js';
import { assetArn, DATA_SET_ACTIONS, groupArn, projectOnto } from './quicksight-context.js';

const TYPE = 'QuickSight dataset';

/**
 * Creates a dataset or brings it in line. Only the fields cci-lite sets are
 * compared (QuickSight adds a generated logical table, column ids, statuses);
 * UseAs cannot change after creation, so it is only sent on create. The RLS
 * rules dataset gets no group permission: its rows would show every tenant's
 * users to anyone who can open it.
 */
export async function ensureDataSet(
  clients: AwsClients,
  ctx: DeploymentContext,
  recorder: StepRecorder,
  spec: DataSetSpec,
): Promise<void> {
  const qs = clients.quicksight;
  const resource = {
    type: TYPE,
    name: spec.DataSetId,
    arn: assetArn(ctx, 'dataset', spec.DataSetId),
  };
  const key = { AwsAccountId: ctx.accountId, DataSetId: spec.DataSetId };
  const principal = groupArn(ctx);
  const grantGroup = spec.UseAs !== 'RLS_RULES';
  const updatable = updatableFields(spec);
  const current = await readOrMissing(
    recorder,
    resource,
    () => qs.send(new DescribeDataSetCommand(key)),
    'ResourceNotFoundException',
  );
  const dataSet = current?.DataSet;
  if (dataSet === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await qs.send(
        new CreateDataSetCommand({
          AwsAccountId: ctx.accountId,
          ...spec,
          ...(grantGroup ? { Permissions: [groupPermission(principal, DATA_SET_ACTIONS)] } : {}),
          Tags: ctx.tags('QuickSight'),
        }),
      );
      return out.Arn;
    });
    return;
  }

  const settingChanges = Object.entries(updatable)
    .filter(([field]) => field !== 'DataSetId')
    .filter(([field, want]) => {
      const have = projectOnto((dataSet as Record<string, unknown>)[field], want);
      return !sameJson(have, want);
    })
    .map(([field, want]) =>
      field === 'Name'
        ? change('name', dataSet.Name, want)
        : `${field}: differs from the definition`,
    );
  const delta = grantGroup
    ? permissionDelta(
        (await recorder.guard(resource, () => qs.send(new DescribeDataSetPermissionsCommand(key))))
          .Permissions,
        principal,
        DATA_SET_ACTIONS,
      )
    : { grant: [], revoke: [], changes: [] };
  const changes = [...settingChanges, ...delta.changes];
  await recorder.ensure(resource, observedFrom(changes), async () => {
    if (settingChanges.length > 0) {
      await qs.send(new UpdateDataSetCommand({ AwsAccountId: ctx.accountId, ...updatable }));
    }
    if (delta.changes.length > 0) {
      await qs.send(
        new UpdateDataSetPermissionsCommand({
          ...key,
          ...permissionUpdate(delta),
        }),
      );
    }
  });
}

/** What UpdateDataSet takes: everything but UseAs, fixed at creation. */
function updatableFields(spec: DataSetSpec): Omit<DataSetSpec, 'UseAs'> {
  const copy: DataSetSpec = { ...spec };
  delete copy.UseAs;
  return copy;
}
