import {
  DeleteAnalysisCommand,
  DeleteDashboardCommand,
  DeleteDataSetCommand,
  DeleteDataSourceCommand,
  DeleteRefreshScheduleCommand,
  DescribeAnalysisCommand,
  DescribeDashboardCommand,
  DescribeDataSetCommand,
  DescribeDataSourceCommand,
  ListRefreshSchedulesCommand,
} from '@aws-sdk/client-quicksight';
import { QUICKSIGHT_IDS } from '../catalog-names.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';

const missing = missingWhen('ResourceNotFoundException');

/** The datasets in reverse order of creation: the RLS rules dataset is used by the other two. */
const DATASETS = [
  QUICKSIGHT_IDS.criteriaDataSet,
  QUICKSIGHT_IDS.resultsDataSet,
  QUICKSIGHT_IDS.rlsDataSet,
] as const;

/**
 * Guide §11 in reverse: the dashboard, the analysis (without the 30-day
 * recovery window, so `init` can create the same id again), the refresh
 * schedules, the datasets and the data source. The QuickSight group is left
 * alone: it is identity (who may see the dashboards), lives in the account's
 * identity region and namespace, and holds nothing of the pipeline.
 */
export const quicksightDestroyStep: DestroyStep = {
  id: 'quicksight',
  title: '§11 QuickSight',
  async run(clients, ctx, r) {
    const qs = clients.quicksight;
    const AwsAccountId = ctx.deployment.accountId;
    const { dashboard, analysis, dataSource, refreshSchedule } = QUICKSIGHT_IDS;

    await r.readAndRemove(
      { type: 'QuickSight dashboard', name: dashboard },
      async () =>
        (await qs.send(new DescribeDashboardCommand({ AwsAccountId, DashboardId: dashboard })))
          .Dashboard,
      () => qs.send(new DeleteDashboardCommand({ AwsAccountId, DashboardId: dashboard })),
      missing,
    );
    await r.readAndRemove(
      { type: 'QuickSight analysis', name: analysis },
      async () => {
        const found = (
          await qs.send(new DescribeAnalysisCommand({ AwsAccountId, AnalysisId: analysis }))
        ).Analysis;
        // An analysis deleted with a recovery window still answers, as DELETED.
        return found?.Status === 'DELETED' ? undefined : found;
      },
      () =>
        qs.send(
          new DeleteAnalysisCommand({
            AwsAccountId,
            AnalysisId: analysis,
            ForceDeleteWithoutRecovery: true,
          }),
        ),
      missing,
    );
    for (const DataSetId of DATASETS) {
      const resource = {
        type: 'QuickSight refresh schedule',
        name: `${DataSetId}/${refreshSchedule}`,
      };
      const probe = await r.read(
        resource,
        async () => {
          const out = await qs.send(new ListRefreshSchedulesCommand({ AwsAccountId, DataSetId }));
          return out.RefreshSchedules?.find((s) => s.ScheduleId === refreshSchedule);
        },
        missing,
      );
      // Only SPICE datasets have the schedule; no row for the others.
      if (probe.state === 'missing') continue;
      await r.remove(
        resource,
        probe,
        () =>
          qs.send(
            new DeleteRefreshScheduleCommand({
              AwsAccountId,
              DataSetId,
              ScheduleId: refreshSchedule,
            }),
          ),
        missing,
      );
    }
    for (const DataSetId of DATASETS) {
      await r.readAndRemove(
        { type: 'QuickSight dataset', name: DataSetId },
        async () =>
          (await qs.send(new DescribeDataSetCommand({ AwsAccountId, DataSetId }))).DataSet,
        () => qs.send(new DeleteDataSetCommand({ AwsAccountId, DataSetId })),
        missing,
      );
    }
    await r.readAndRemove(
      { type: 'QuickSight data source', name: dataSource },
      async () =>
        (await qs.send(new DescribeDataSourceCommand({ AwsAccountId, DataSourceId: dataSource })))
          .DataSource,
      () => qs.send(new DeleteDataSourceCommand({ AwsAccountId, DataSourceId: dataSource })),
      missing,
    );
  },
};
