import {
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  TagResourceCommand,
  type CloudWatchClient,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import type { Tag } from '../../../core/config/tags.js';
import type { AwsClients } from '../../clients.js';
import { collectPages } from '../../provision/policies/paginate.js';
import {
  arn,
  change,
  observedFrom,
  sameJson,
  tagChanges,
  tagRecord,
  tagsToApply,
  upstreamOutput,
} from '../../provision/reconcile.js';
import {
  StepRecorder,
  type DeploymentContext,
  type ProvisionStep,
  type ResourceReport,
} from '../../provision/step.js';
import { ALARM_NAMES, alarmDefinitions, type AlarmDefinition } from './alarm-definitions.js';
import {
  alertsTopicArn,
  ensureAlertsTopic,
  ensureEmailSubscription,
  NO_ALERT_EMAIL_WARNING,
} from './alarm-topic.js';

export {
  ALARM_NAMES,
  BEDROCK_LATENCY_ALARM,
  DLQ_DEPTH_ALARM,
  JOB_INIT_ERRORS_ALARM,
  RESULT_HANDLER_ERRORS_ALARM,
  TRANSCRIBE_FAILED_ALARM,
} from './alarm-definitions.js';
export { alertsTopicArn, NO_ALERT_EMAIL_WARNING } from './alarm-topic.js';

/** Output key: the ARN of `cci-lite-alerts`. */
export const ALERTS_TOPIC_ARN = 'alertsTopicArn';

const STEP = 'alerts';
const ALARM = 'CloudWatch alarm';

/**
 * Guide §8: the `cci-lite-alerts` topic (KMS-encrypted, the config's e-mail
 * subscribed) and the CloudWatch alarms that notify it. Without an e-mail the
 * topic and alarms are still created (they show in the console), and the
 * topic's report says nobody is notified.
 */
export const alertsStep: ProvisionStep = {
  id: STEP,
  title: '§8 CloudWatch alarms',
  async run(clients: AwsClients, ctx: DeploymentContext): Promise<ResourceReport[]> {
    const recorder = new StepRecorder(STEP, ctx.dryRun);
    const tags = ctx.tags('CloudWatch');
    const keyArn = upstreamOutput(ctx, 'kmsKeyArn', STEP);
    const topicReport = await ensureAlertsTopic(clients.sns, recorder, ctx, keyArn, tags);
    const email = ctx.config.notificationEmail;
    if (email === undefined) {
      topicReport.changes = [...(topicReport.changes ?? []), NO_ALERT_EMAIL_WARNING];
    } else {
      await ensureEmailSubscription(clients.sns, recorder, ctx, email);
    }
    const topic = alertsTopicArn(ctx);
    ctx.outputs.set(ALERTS_TOPIC_ARN, topic);

    const current = await recorder.guard({ type: ALARM, name: ALARM_NAMES.join(', ') }, () =>
      describeAlarms(clients.cloudwatch, ALARM_NAMES),
    );
    for (const definition of alarmDefinitions(ctx)) {
      const existing = current.find((a) => a.AlarmName === definition.AlarmName);
      await ensureAlarm(clients.cloudwatch, recorder, ctx, { definition, topic, tags, existing });
    }
    return recorder.reports;
  },
};

function describeAlarms(cw: CloudWatchClient, names: readonly string[]): Promise<MetricAlarm[]> {
  return collectPages((token) =>
    cw
      .send(
        new DescribeAlarmsCommand({
          AlarmNames: [...names],
          AlarmTypes: ['MetricAlarm'],
          NextToken: token,
        }),
      )
      .then((page) => ({ items: page.MetricAlarms, next: page.NextToken })),
  );
}

interface AlarmState {
  definition: AlarmDefinition;
  topic: string;
  tags: Tag[];
  existing: MetricAlarm | undefined;
}

async function ensureAlarm(
  cw: CloudWatchClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  { definition, topic, tags, existing }: AlarmState,
): Promise<void> {
  const alarmArn = existing?.AlarmArn ?? arn(ctx, 'cloudwatch', `alarm:${definition.AlarmName}`);
  const resource = { type: ALARM, name: definition.AlarmName, arn: alarmArn };
  if (existing === undefined) {
    await recorder.ensure(resource, { state: 'missing' }, async () => {
      await cw.send(
        new PutMetricAlarmCommand({
          ...definition,
          ActionsEnabled: true,
          AlarmActions: [topic],
          Tags: tags,
        }),
      );
    });
    return;
  }

  const currentTags = await recorder.guard(resource, async () =>
    tagRecord((await cw.send(new ListTagsForResourceCommand({ ResourceARN: alarmArn }))).Tags),
  );
  const alarmChanges = definitionChanges(existing, definition, topic);
  const observed = observedFrom([...alarmChanges, ...tagChanges(currentTags, tags)]);
  await recorder.ensure(resource, observed, async () => {
    if (alarmChanges.length > 0) {
      // PutMetricAlarm replaces the whole alarm: keep the actions others added.
      await cw.send(
        new PutMetricAlarmCommand({
          ...definition,
          ActionsEnabled: true,
          AlarmActions: union(existing.AlarmActions, [topic]),
          ...(existing.OKActions?.length ? { OKActions: existing.OKActions } : {}),
          ...(existing.InsufficientDataActions?.length
            ? { InsufficientDataActions: existing.InsufficientDataActions }
            : {}),
        }),
      );
    }
    const missingTags = tagsToApply(currentTags, tags);
    if (missingTags.length > 0) {
      await cw.send(new TagResourceCommand({ ResourceARN: alarmArn, Tags: missingTags }));
    }
  });
}

function definitionChanges(
  current: MetricAlarm,
  desired: AlarmDefinition,
  topic: string,
): string[] {
  const changes: string[] = [];
  const compare = (what: string, from: unknown, to: unknown) => {
    if (!sameJson(from, to)) changes.push(change(what, from, to));
  };
  compare('description', current.AlarmDescription, desired.AlarmDescription);
  compare('namespace', current.Namespace, desired.Namespace);
  compare('metric', current.MetricName, desired.MetricName);
  compare('dimensions', sortedDimensions(current.Dimensions), sortedDimensions(desired.Dimensions));
  compare('statistic', current.Statistic, desired.Statistic);
  compare('period', current.Period, desired.Period);
  compare('evaluation periods', current.EvaluationPeriods, desired.EvaluationPeriods);
  // Unset, CloudWatch uses all evaluation periods.
  compare(
    'datapoints to alarm',
    current.DatapointsToAlarm ?? current.EvaluationPeriods,
    desired.DatapointsToAlarm,
  );
  compare('threshold', current.Threshold, desired.Threshold);
  compare('comparison', current.ComparisonOperator, desired.ComparisonOperator);
  compare('missing data', current.TreatMissingData ?? 'missing', desired.TreatMissingData);
  if (current.ActionsEnabled !== true) compare('actions enabled', current.ActionsEnabled, true);
  if (!(current.AlarmActions ?? []).includes(topic)) {
    changes.push(change('alarm actions', current.AlarmActions, [topic]));
  }
  return changes;
}

function sortedDimensions(
  dimensions: ReadonlyArray<{ Name?: string | undefined; Value?: string | undefined }> | undefined,
): string[] {
  return (dimensions ?? []).map((d) => `${d.Name ?? ''}=${d.Value ?? ''}`).sort();
}

function union(current: readonly string[] | undefined, required: readonly string[]): string[] {
  return [...new Set([...(current ?? []), ...required])];
}
