import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { ok, warn, type DoctorCheckSpec } from '../../ops/doctor/check.js';
import {
  COMPREHEND_THROTTLES_METRIC,
  LAMBDA_FUNCTIONS,
  METRICS_NAMESPACE,
} from '../lambda/lambda-specs.js';
import { accessHint, type AwsDoctorContext } from './doctor-context.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Hourly sums over the day (24 datapoints), added up: no alignment surprises of a one-day period. */
const PERIOD_S = 3600;

/**
 * Guide §16 "Comprehend throttling": the result handler counts each throttled
 * Comprehend call (metric ComprehendThrottles, dimension `service`); any in
 * the last 24 hours means the handler outruns the account's Comprehend quota.
 */
export const comprehendThrottlesCheck: DoctorCheckSpec<AwsDoctorContext> = {
  id: 'comprehend-throttling',
  title: 'Comprehend throttling in the last 24 h (guide §16)',
  hintOnError: accessHint('cloudwatch:GetMetricStatistics'),
  async run({ clients, deployment, now }) {
    const end = now();
    const spec = LAMBDA_FUNCTIONS['result-handler'];
    const out = await clients.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: METRICS_NAMESPACE,
        MetricName: COMPREHEND_THROTTLES_METRIC,
        Dimensions: [{ Name: 'service', Value: spec.serviceName }],
        StartTime: new Date(end.getTime() - DAY_MS),
        EndTime: end,
        Period: PERIOD_S,
        Statistics: ['Sum'],
      }),
    );
    const throttles = (out.Datapoints ?? []).reduce((sum, d) => sum + (d.Sum ?? 0), 0);
    if (throttles === 0) return ok('no throttled Comprehend calls in the last 24 h');
    const fn = deployment.names.resultHandlerFunction;
    return warn(
      `${throttles} throttled Comprehend call(s) in the last 24 h (${METRICS_NAMESPACE}/${COMPREHEND_THROTTLES_METRIC})`,
      `Guide §16: lower the result handler's reserved concurrency (now ${spec.reservedConcurrency}): ` +
        `\`aws lambda put-function-concurrency --function-name ${fn} --reserved-concurrent-executions <n>\` ` +
        '(deploy-lambdas sets it back), or request a higher Comprehend quota in Service Quotas; the SQS queue buffers the calls meanwhile.',
    );
  },
};
