import {
  CreateRefreshScheduleCommand,
  DescribeRefreshScheduleCommand,
  UpdateRefreshScheduleCommand,
  type RefreshSchedule,
} from '@aws-sdk/client-quicksight';
import { QUICKSIGHT_IDS } from '../../catalog-names.js';
import type { AwsClients } from '../../clients.js';
import { change, readOrMissing, observedFrom } from '../reconcile.js';
import type { DeploymentContext, StepRecorder } from '../step.js';

/** Guide §11 "SPICE refresh: Daily", at config.quicksight.refreshTimeUtc. */
export function refreshScheduleSpec(ctx: DeploymentContext): RefreshSchedule {
  return {
    ScheduleId: QUICKSIGHT_IDS.refreshSchedule,
    ScheduleFrequency: {
      Interval: 'DAILY',
      TimeOfTheDay: ctx.config.quicksight.refreshTimeUtc,
      Timezone: 'UTC',
    },
    RefreshType: 'FULL_REFRESH',
  };
}

export async function ensureRefreshSchedule(
  clients: AwsClients,
  ctx: DeploymentContext,
  recorder: StepRecorder,
  dataSetId: string,
): Promise<void> {
  const qs = clients.quicksight;
  const schedule = refreshScheduleSpec(ctx);
  const resource = {
    type: 'QuickSight refresh schedule',
    name: `${dataSetId}/${schedule.ScheduleId}`,
  };
  const key = { AwsAccountId: ctx.accountId, DataSetId: dataSetId };
  // A dataset that does not exist yet (a plan) has no schedule either.
  const current = await readOrMissing(
    recorder,
    resource,
    () => qs.send(new DescribeRefreshScheduleCommand({ ...key, ScheduleId: schedule.ScheduleId })),
    'ResourceNotFoundException',
  );
  const have = current?.RefreshSchedule;
  if (have === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      const out = await qs.send(new CreateRefreshScheduleCommand({ ...key, Schedule: schedule }));
      return out.Arn;
    });
    return;
  }
  const want = schedule.ScheduleFrequency;
  const got = have.ScheduleFrequency;
  const pairs: Array<[string, unknown, unknown]> = [
    ['interval', got?.Interval, want?.Interval],
    ['time of day', got?.TimeOfTheDay, want?.TimeOfTheDay],
    ['time zone', got?.Timezone, want?.Timezone],
    ['refresh type', have.RefreshType, schedule.RefreshType],
  ];
  const changes = pairs.filter(([, a, b]) => a !== b).map(([w, a, b]) => change(w, a, b));
  await recorder.ensure(resource, observedFrom(changes), async () => {
    await qs.send(new UpdateRefreshScheduleCommand({ ...key, Schedule: schedule }));
  });
}
