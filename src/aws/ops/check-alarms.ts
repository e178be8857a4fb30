import {
  DescribeAlarmsCommand,
  type CloudWatchClient,
  type DescribeAlarmsCommandInput,
} from '@aws-sdk/client-cloudwatch';

/** One CloudWatch alarm as the operator needs it: its state and why. */
export interface AlarmStatus {
  name: string;
  state: string;
  reason: string;
  /** ISO time of the last state change. */
  since: string | undefined;
}

/** Which alarms: exactly these names, or every alarm whose name starts with the prefix. */
export type AlarmSelection = { names: readonly string[] } | { prefix: string };

/** Every page of DescribeAlarms (metric alarms only: the project makes no composite ones). */
export async function describeAlarmStates(
  cloudwatch: CloudWatchClient,
  selection: AlarmSelection,
): Promise<AlarmStatus[]> {
  const base: DescribeAlarmsCommandInput =
    'names' in selection
      ? { AlarmNames: [...selection.names], AlarmTypes: ['MetricAlarm'] }
      : { AlarmNamePrefix: selection.prefix, AlarmTypes: ['MetricAlarm'] };
  const out: AlarmStatus[] = [];
  let token: string | undefined;
  do {
    const page = await cloudwatch.send(
      new DescribeAlarmsCommand({ ...base, ...(token === undefined ? {} : { NextToken: token }) }),
    );
    for (const alarm of page.MetricAlarms ?? []) {
      out.push({
        name: alarm.AlarmName ?? '',
        state: alarm.StateValue ?? 'UNKNOWN',
        reason: alarm.StateReason ?? '',
        since: alarm.StateUpdatedTimestamp?.toISOString(),
      });
    }
    token = page.NextToken;
  } while (token !== undefined);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The names asked for that CloudWatch does not have (not deployed, or deleted). */
export function missingAlarms(names: readonly string[], found: readonly AlarmStatus[]): string[] {
  const have = new Set(found.map((a) => a.name));
  return names.filter((n) => !have.has(n));
}
