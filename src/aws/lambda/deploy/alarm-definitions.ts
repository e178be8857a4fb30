import type { PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import type { DeploymentContext } from '../../provision/step.js';
import {
  BEDROCK_LATENCY_METRIC,
  BEDROCK_LATENCY_THRESHOLD_MS,
  CALLS_FAILED_METRIC,
  functionName,
  LAMBDA_FUNCTIONS,
  METRICS_NAMESPACE,
} from '../lambda-specs.js';

/** Alarm names; the runbook and `validate` refer to them. */
export const JOB_INIT_ERRORS_ALARM = 'cci-lite-job-init-errors';
export const RESULT_HANDLER_ERRORS_ALARM = 'cci-lite-result-handler-errors';
export const DLQ_DEPTH_ALARM = 'cci-lite-dlq-depth';
export const BEDROCK_LATENCY_ALARM = 'cci-lite-bedrock-latency';
export const TRANSCRIBE_FAILED_ALARM = 'cci-lite-transcribe-failed';

export const ALARM_NAMES: readonly string[] = [
  JOB_INIT_ERRORS_ALARM,
  RESULT_HANDLER_ERRORS_ALARM,
  DLQ_DEPTH_ALARM,
  BEDROCK_LATENCY_ALARM,
  TRANSCRIBE_FAILED_ALARM,
];

/** Every alarm looks at 5-minute periods and fires on the first breaching one. */
export const ALARM_PERIOD_SECONDS = 300;

/** The part of an alarm this project decides; actions and tags are added by the step. */
type DefinedField =
  | 'AlarmName'
  | 'AlarmDescription'
  | 'Namespace'
  | 'MetricName'
  | 'Dimensions'
  | 'Statistic'
  | 'Period'
  | 'EvaluationPeriods'
  | 'DatapointsToAlarm'
  | 'Threshold'
  | 'ComparisonOperator'
  | 'TreatMissingData';
export type AlarmDefinition = {
  [K in DefinedField]-?: NonNullable<PutMetricAlarmCommandInput[K]>;
};

const SINGLE_PERIOD = {
  Period: ALARM_PERIOD_SECONDS,
  EvaluationPeriods: 1,
  DatapointsToAlarm: 1,
  // No data means no calls, not a failure.
  TreatMissingData: 'notBreaching',
} as const;

/**
 * Guide §8: errors of each function, anything in the DLQ, Bedrock answering
 * slower than 10 s, and calls that ended FAILED. The custom metrics are the
 * handlers' Powertools metrics, whose default dimension is `service`.
 */
export function alarmDefinitions(ctx: DeploymentContext): AlarmDefinition[] {
  const handlerService = [
    { Name: 'service', Value: LAMBDA_FUNCTIONS['result-handler'].serviceName },
  ];
  const errors = (name: string, fn: string): AlarmDefinition => ({
    AlarmName: name,
    AlarmDescription: `cci-lite: ${fn} reported errors (guide 8)`,
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: fn }],
    Statistic: 'Sum',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    ...SINGLE_PERIOD,
  });
  return [
    errors(JOB_INIT_ERRORS_ALARM, functionName('job-init', ctx.names)),
    errors(RESULT_HANDLER_ERRORS_ALARM, functionName('result-handler', ctx.names)),
    {
      AlarmName: DLQ_DEPTH_ALARM,
      AlarmDescription: `cci-lite: messages waiting in ${ctx.names.deadLetterQueue}; each is a call or upload that was not processed`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: ctx.names.deadLetterQueue }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      ...SINGLE_PERIOD,
    },
    {
      AlarmName: BEDROCK_LATENCY_ALARM,
      AlarmDescription: `cci-lite: a Bedrock call took longer than ${BEDROCK_LATENCY_THRESHOLD_MS} ms (guide 8)`,
      Namespace: METRICS_NAMESPACE,
      MetricName: BEDROCK_LATENCY_METRIC,
      Dimensions: handlerService,
      Statistic: 'Maximum',
      Threshold: BEDROCK_LATENCY_THRESHOLD_MS,
      ComparisonOperator: 'GreaterThanThreshold',
      ...SINGLE_PERIOD,
    },
    {
      AlarmName: TRANSCRIBE_FAILED_ALARM,
      AlarmDescription: 'cci-lite: calls ended FAILED, e.g. a Transcribe job failed (guide 8)',
      Namespace: METRICS_NAMESPACE,
      MetricName: CALLS_FAILED_METRIC,
      Dimensions: handlerService,
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...SINGLE_PERIOD,
    },
  ];
}
