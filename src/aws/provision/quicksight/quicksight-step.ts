import { QUICKSIGHT_IDS } from '../../catalog-names.js';
import type { AwsClients } from '../../clients.js';
import { syncRlsRules } from '../../quicksight/sync-rls-rules.js';
import {
  StepRecorder,
  type DeploymentContext,
  type ProvisionStep,
  type ResourceReport,
} from '../step.js';
import { ensureDashboard } from './dashboard.js';
import { ensureDataSource } from './data-source.js';
import { ensureDataSet } from './data-set.js';
import { dataSetSpecs } from './dataset-specs.js';
import { ensureGroup } from './group.js';
import { groupArn, QUICKSIGHT_STEP } from './quicksight-context.js';
import { ensureRefreshSchedule } from './refresh-schedule.js';
import { quicksightSubscription, subscribeHint } from './subscription.js';

/**
 * Guide §11: the analysts' group, the RLS rules (CSV + Glue table), the Athena
 * data source, three SPICE datasets with RLS and daily refreshes, and the QA
 * dashboard. Without a QuickSight subscription nothing is created and the
 * resources are reported as skipped, with how to subscribe: init goes on.
 */
export const quicksightStep: ProvisionStep = {
  id: QUICKSIGHT_STEP,
  title: '§11 QuickSight datasets, RLS and dashboard',
  async run(clients: AwsClients, ctx: DeploymentContext): Promise<ResourceReport[]> {
    const recorder = new StepRecorder(QUICKSIGHT_STEP, ctx.dryRun);
    const subscription = await quicksightSubscription(clients, ctx, recorder);
    if (!subscription.subscribed) {
      return skippedReports(ctx, `skipped: ${subscription.reason}; ${subscribeHint(ctx)}`);
    }
    await ensureGroup(clients, ctx, recorder);
    const rls = await syncRlsRules(clients, ctx);
    await ensureDataSource(clients, ctx, recorder);
    const specs = dataSetSpecs(ctx);
    for (const spec of specs) await ensureDataSet(clients, ctx, recorder, spec);
    for (const spec of specs) await ensureRefreshSchedule(clients, ctx, recorder, spec.DataSetId);
    await ensureDashboard(clients, ctx, recorder);
    const [group, ...rest] = recorder.reports;
    return [...(group === undefined ? [] : [group]), ...rls, ...rest];
  },
};

/** Every QuickSight resource of the step, reported unchanged with the reason it was skipped. */
function skippedReports(ctx: DeploymentContext, reason: string): ResourceReport[] {
  const { namespace, groupName } = ctx.config.quicksight;
  const resources: Array<[string, string]> = [
    ['QuickSight group', `${namespace}/${groupName}`],
    ['QuickSight data source', QUICKSIGHT_IDS.dataSource],
    ['QuickSight dataset', QUICKSIGHT_IDS.rlsDataSet],
    ['QuickSight dataset', QUICKSIGHT_IDS.resultsDataSet],
    ['QuickSight dataset', QUICKSIGHT_IDS.criteriaDataSet],
    ['QuickSight dashboard', QUICKSIGHT_IDS.dashboard],
  ];
  return resources.map(([type, name]) => ({
    step: QUICKSIGHT_STEP,
    type,
    name,
    action: 'unchanged',
    changes: [reason],
    ...(type === 'QuickSight group' ? { arn: groupArn(ctx) } : {}),
  }));
}
